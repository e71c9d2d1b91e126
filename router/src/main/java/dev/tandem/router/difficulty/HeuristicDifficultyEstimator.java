package dev.tandem.router.difficulty;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.router.assess.MessageText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast difficulty estimate from the text of the last user message and the conversation: each
 * signal is a count or a length, capped, and weighted; the score is their sum, clamped to [0, 1].
 *
 * <table>
 *   <caption>Signals and their maximum contribution</caption>
 *   <tr><th>signal</th><th>what it counts</th><th>saturates at</th><th>weight</th></tr>
 *   <tr><td>reasoning</td><td>cues such as prove, derive, step by step, analyse, compare, trade-off</td><td>2</td><td>0.40</td></tr>
 *   <tr><td>maths</td><td>notation (x^2, ∑, ∫, =) and words (integral, theorem, probability)</td><td>2</td><td>0.25</td></tr>
 *   <tr><td>code</td><td>fences, keywords and punctuation typical of code</td><td>2</td><td>0.25</td></tr>
 *   <tr><td>length</td><td>estimated tokens of the last user message</td><td>800</td><td>0.20</td></tr>
 *   <tr><td>questions</td><td>question marks beyond the first</td><td>3</td><td>0.10</td></tr>
 *   <tr><td>constraints</td><td>must, exactly, at least, without, no more than, list items</td><td>3</td><td>0.10</td></tr>
 *   <tr><td>depth</td><td>user turns before the last one</td><td>4</td><td>0.05</td></tr>
 * </table>
 *
 * <p>Thread-safe and stateless.
 */
public final class HeuristicDifficultyEstimator implements DifficultyEstimator {

    private static final Pattern REASONING = Pattern.compile(
            "\\b(prove|proof|derive|derivation|step[- ]by[- ]step|analy[sz]e|analysis|compare|contrast|trade-?offs?|"
                    + "justify|explain why|optimi[sz]e|design|architect\\w*|evaluate|critique|algorithm\\w*|complexity|"
                    + "reason about|implications?)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MATHS = Pattern.compile(
            "(\\b\\w\\^\\d|[∑∫√∂≤≥≠∞π]|\\b(integral|derivative|theorem|lemma|equation|matrix|matrices|eigen\\w*|"
                    + "probability|polynomial|logarithm|prime numbers?|modulo)\\b|\\d\\s*[*/^]\\s*\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CODE = Pattern.compile(
            "(```|\\b(def|class|public static|import|function|return|SELECT|FROM|#include|fn|let|const)\\b|[{};]\\s*$)",
            Pattern.MULTILINE);
    private static final Pattern CONSTRAINTS = Pattern.compile(
            "(\\b(must|exactly|at least|at most|without|no more than|only use|do not|don't)\\b|^\\s*(?:[-*]|\\d+[.)])\\s)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    @Override
    public Difficulty estimate(TandemRequest request) {
        List<ChatMessage> messages = request.messages();
        String last = lastUserText(messages);
        int userTurns =
                (int) messages.stream().filter(UserMessage.class::isInstance).count();
        List<Signal> signals = List.of(
                signal("reasoning", count(REASONING, last), 2, 0.40),
                signal("maths", count(MATHS, last), 2, 0.25),
                signal("code", count(CODE, last), 2, 0.25),
                signal("length", MessageText.estimateTokens(last), 800, 0.20),
                signal(
                        "questions",
                        Math.max(0, last.chars().filter(c -> c == '?').count() - 1),
                        3,
                        0.10),
                signal("constraints", count(CONSTRAINTS, last), 3, 0.10),
                signal("depth", Math.max(0, userTurns - 1), 4, 0.05));
        double score = signals.stream().mapToDouble(Signal::contribution).sum();
        return new Difficulty(Math.min(1.0, score), signals);
    }

    private static Signal signal(String name, double value, double saturation, double weight) {
        return new Signal(name, value, weight * Math.min(1.0, value / saturation));
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                return MessageText.of(messages.get(i));
            }
        }
        return "";
    }
}
