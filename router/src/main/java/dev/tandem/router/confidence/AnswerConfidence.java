package dev.tandem.router.confidence;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.assessment.Signal;
import dev.tandem.local.LocalResponseMetadata;
import dev.tandem.local.TokenLogprobs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores an answer's confidence in [0, 1], with the signals that produced it.
 *
 * <p>The base comes from the token log-probabilities a local Jlama tier reports ({@link
 * LocalResponseMetadata}): {@code 0.5 × geometric-mean token probability + 0.25 × the least likely
 * token's probability + 0.25 × e^(−mean entropy)}. An answer without log-probabilities (a remote or
 * foreign model) starts at 1. Checks on the answer then multiply the base:
 *
 * <table>
 *   <caption>Answer checks</caption>
 *   <tr><th>check</th><th>when</th><th>factor</th></tr>
 *   <tr><td>empty</td><td>no visible text</td><td>0</td></tr>
 *   <tr><td>refusal</td><td>"I can't help", "as an AI", "I'm not able to"...</td><td>0.2</td></tr>
 *   <tr><td>repetition</td><td>over 30% of word trigrams repeat an earlier one</td><td>0.3</td></tr>
 *   <tr><td>truncation</td><td>the tier stopped at its token limit</td><td>0.5</td></tr>
 *   <tr><td>format</td><td>an unclosed code fence</td><td>0.5</td></tr>
 * </table>
 *
 * Stateless and thread-safe.
 */
public final class AnswerConfidence {

    private static final Pattern REFUSAL = Pattern.compile(
            "\\b(i can(?:no|')t (?:help|assist|answer|do that)|i(?: am|'m) (?:not able|unable) to|as an ai\\b|"
                    + "i do not have (?:access|the ability)|i'm sorry, but i can)",
            Pattern.CASE_INSENSITIVE);
    private static final double REPETITION_LIMIT = 0.3;

    private AnswerConfidence() {}

    /** The confidence and the signals behind it. */
    public record Confidence(double score, List<Signal> signals) {
        public Confidence {
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new IllegalArgumentException("confidence " + score + " is outside [0, 1]");
            }
            signals = List.copyOf(signals);
        }
    }

    public static Confidence of(ChatResponse response) {
        List<Signal> signals = new ArrayList<>();
        double score = base(response, signals);
        String text =
                response.aiMessage().text() == null ? "" : response.aiMessage().text();
        score = check(signals, score, "empty", text.isBlank(), 0.0);
        score = check(signals, score, "refusal", REFUSAL.matcher(text).find(), 0.2);
        score = check(signals, score, "repetition", repeatedTrigramShare(text) > REPETITION_LIMIT, 0.3);
        score = check(signals, score, "truncation", response.finishReason() == FinishReason.LENGTH, 0.5);
        score = check(signals, score, "format", countFences(text) % 2 == 1, 0.5);
        return new Confidence(Math.max(0.0, Math.min(1.0, score)), signals);
    }

    private static double base(ChatResponse response, List<Signal> signals) {
        if (response.metadata() instanceof LocalResponseMetadata local
                && local.logprobs().size() > 0) {
            TokenLogprobs logprobs = local.logprobs();
            double geometricMean = Math.exp(logprobs.mean());
            double leastLikely = Math.exp(logprobs.min());
            double certainty = Math.exp(-logprobs.meanEntropy());
            signals.add(new Signal("mean_token_probability", geometricMean, 0.5 * geometricMean));
            signals.add(new Signal("least_token_probability", leastLikely, 0.25 * leastLikely));
            signals.add(new Signal("certainty", certainty, 0.25 * certainty));
            return 0.5 * geometricMean + 0.25 * leastLikely + 0.25 * certainty;
        }
        signals.add(new Signal("no_logprobs", 1.0, 1.0));
        return 1.0;
    }

    private static double check(List<Signal> signals, double score, String name, boolean failed, double factor) {
        if (!failed) {
            return score;
        }
        signals.add(new Signal(name, factor, score * factor - score));
        return score * factor;
    }

    static double repeatedTrigramShare(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length < 6) {
            return 0.0;
        }
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        int total = 0;
        for (int i = 0; i + 2 < words.length; i++) {
            total++;
            if (!seen.add(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2])) {
                repeated++;
            }
        }
        return repeated / (double) total;
    }

    private static int countFences(String text) {
        int count = 0;
        for (int at = text.indexOf("```"); at >= 0; at = text.indexOf("```", at + 3)) {
            count++;
        }
        return count;
    }
}
