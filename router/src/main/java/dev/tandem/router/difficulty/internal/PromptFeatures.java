package dev.tandem.router.difficulty.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the surface features of a prompt that make it harder for a small model: reasoning cues, maths
 * notation, code, constraints, questions and the length of answer asked for. Thread-safe and stateless.
 */
public final class PromptFeatures {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern REASONING = Pattern.compile(
            "\\b(prove|proof|derive|derivation|step[- ]by[- ]step|analy[sz]e|analysis|compare|contrast|trade-?offs?|"
                    + "justify|explain why|why does|optimi[sz]e|design|architect\\w*|evaluate|critique|algorithm\\w*|"
                    + "complexity|reason about|reasoning|implications?|think carefully|work out|plan|recommend|"
                    + "weigh|assumptions?|pros and cons|root cause|deduce|infer|strategy|consequences?|implement\\w*|thread-safe|"
                    + "concurren\\w*|race conditions?|edge cases|parser|by induction|recurrence|show that|"
                    + "assess|decide which|schedule|constraints?)\\b",
            FLAGS);
    private static final Pattern MATHS = Pattern.compile(
            "(\\b\\w\\^\\d|[∑∫√∂≤≥≠∞π∀∃∈]|\\\\(frac|sum|int|sqrt)|\\b(integral|derivative|differentiate|theorem|lemma|"
                    + "equation|matrix|matrices|eigen\\w*|probability|polynomial|logarithm|prime numbers?|modulo|"
                    + "limit|solve for|inequality|factori[sz]e|combinatorics|permutations?|expected (value|number)|variance|"
                    + "irrational|converges?|lattice|lagrange|induction|recurrence|quadratic|slope)\\b"
                    + "|\\d\\s*[*/^]\\s*\\d|\\b[a-z]\\s*=\\s*\\d)",
            FLAGS);
    private static final Pattern CODE = Pattern.compile(
            "(```|\\b(def|class|public static|import|function|return|SELECT|FROM|WHERE|#include|fn|let|const|"
                    + "async|await|lambda|struct|void|null|NullPointerException|stack trace|regex|compile[sd]?|"
                    + "refactor|unit tests?|API|SQL|Python|Java|JavaScript|TypeScript|Rust|C\\+\\+|Kotlin|bash)\\b"
                    + "|[{};]\\s*$|\\w+\\(\\)|==|!=|=>|->)",
            Pattern.MULTILINE);
    private static final Pattern CONSTRAINTS = Pattern.compile(
            "(\\b(must|exactly|at least|at most|without|no more than|no less than|only use|do not|don't|never|"
                    + "avoid|ensure|make sure|required?|keep it|in json|as json|format|under \\d+|within \\d+)\\b"
                    + "|^\\s*(?:[-*•]|\\d+[.)])\\s)",
            FLAGS | Pattern.MULTILINE);
    private static final Pattern COUNTED_OUTPUT = Pattern.compile(
            "\\b(\\d{1,5})[- ]?(words?|sentences?|paragraphs?|pages?|bullet points?|items?|lines?|examples?|steps?)\\b",
            FLAGS);
    private static final Pattern LONG_OUTPUT = Pattern.compile(
            "\\b(essay|report|article|chapter|detailed|comprehensive|in[- ]depth|thorough(ly)?|full implementation|"
                    + "complete (program|application|guide)|long|elaborate|story|blog post|documentation)\\b",
            FLAGS);
    private static final Pattern SHORT_OUTPUT = Pattern.compile(
            "\\b(one word|one sentence|yes or no|briefly|brief|short|in a few words|just the|only the|tl;?dr)\\b",
            FLAGS);

    private PromptFeatures() {}

    public static int reasoningCues(String text) {
        return count(REASONING, text);
    }

    public static int mathsNotation(String text) {
        return count(MATHS, text);
    }

    public static int codeMarkers(String text) {
        return count(CODE, text);
    }

    public static int constraints(String text) {
        return count(CONSTRAINTS, text);
    }

    public static int questions(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '？' || c == '؟') {
                count++;
            }
        }
        return count;
    }

    /**
     * The answer length the prompt asks for, in reference tokens: an explicit count ("in 500 words", "3
     * paragraphs"), else a cue for a long or a short answer, else {@code fallback}.
     */
    public static int requestedOutputTokens(String text, int fallback) {
        Matcher counted = COUNTED_OUTPUT.matcher(text);
        int best = -1;
        while (counted.find()) {
            int n = Integer.parseInt(counted.group(1));
            String unit = counted.group(2).toLowerCase(Locale.ROOT);
            int perUnit = switch (unit.replaceAll("s$", "")) {
                case "word" -> 1;
                case "sentence", "line", "item", "bullet point" -> 20;
                case "step", "example" -> 40;
                case "paragraph" -> 120;
                case "page" -> 600;
                default -> 1;
            };
            // 4 tokens for 3 words of English.
            best = Math.max(best, (int) Math.min(100_000, Math.round(n * perUnit * 4.0 / 3.0)));
        }
        if (best >= 0) {
            return best;
        }
        if (LONG_OUTPUT.matcher(text).find()) {
            return 1024;
        }
        if (SHORT_OUTPUT.matcher(text).find()) {
            return 32;
        }
        return fallback;
    }

    /** The share of letters that are not Latin, in [0, 1]; 0 without letters. */
    public static double nonLatinShare(String text) {
        int letters = 0;
        int nonLatin = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isLetter(codePoint)) {
                letters++;
                if (Character.UnicodeScript.of(codePoint) != Character.UnicodeScript.LATIN) {
                    nonLatin++;
                }
            }
        }
        return letters == 0 ? 0.0 : nonLatin / (double) letters;
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
