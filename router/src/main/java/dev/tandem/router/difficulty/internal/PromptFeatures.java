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
            "\\b("
                    + byFirstChar(
                            "prove|proof|derive|derivation|step[- ]by[- ]step|analy[sz]e|analysis|compare|contrast|trade-?offs?|"
                                    + "justify|explain why|why does|optimi[sz]e|design|architect\\w*|evaluate|critique|algorithm\\w*|"
                                    + "complexity|reason about|reasoning|implications?|think carefully|work out|plan|recommend|"
                                    + "weigh|assumptions?|pros and cons|root cause|deduce|infer|strategy|consequences?|implement\\w*|thread-safe|"
                                    + "concurren\\w*|race conditions?|edge cases|parser|by induction|recurrence|show that|"
                                    + "assess|decide which|schedule|constraints?",
                            true)
                    + ")\\b",
            FLAGS);
    private static final String MATHS_SYMBOLS = "|[∑∫√∂≤≥≠∞π∀∃∈]";
    private static final Pattern MATHS = Pattern.compile(
            "(\\b\\w\\^\\d" + MATHS_SYMBOLS + "|\\\\(frac|sum|int|sqrt)|\\b("
                    + byFirstChar(
                            "integral|derivative|differentiate|theorem|lemma|"
                                    + "equation|matrix|matrices|eigen\\w*|probability|polynomial|logarithm|prime numbers?|modulo|"
                                    + "limit|solve for|inequality|factori[sz]e|combinatorics|permutations?|expected (value|number)|variance|"
                                    + "irrational|converges?|lattice|lagrange|induction|recurrence|quadratic|slope",
                            true)
                    + ")\\b"
                    + "|\\d\\s*[*/^]\\s*\\d|\\b[a-z]\\s*=\\s*\\d)",
            FLAGS);
    /**
     * {@link #MATHS} without the symbol class, for text without a non-ASCII character: nothing ASCII
     * matches the symbols (or their case variants), so it counts the same, sooner.
     */
    private static final Pattern MATHS_ASCII = Pattern.compile(MATHS.pattern().replace(MATHS_SYMBOLS, ""), FLAGS);

    // "\\w++": a word character never gives back to "(", so possessive matches what greedy matched, without
    // backtracking through the rest of every word.
    private static final Pattern CODE = Pattern.compile(
            "(```|\\b("
                    + byFirstChar(
                            "def|class|public static|import|function|return|SELECT|FROM|WHERE|#include|fn|let|const|"
                                    + "async|await|lambda|struct|void|null|NullPointerException|stack trace|regex|compile[sd]?|"
                                    + "refactor|unit tests?|API|SQL|Python|Java|JavaScript|TypeScript|Rust|C\\+\\+|Kotlin|bash",
                            false)
                    + ")\\b"
                    + "|[{};]\\s*$|\\w++\\(\\)|==|!=|=>|->)",
            Pattern.MULTILINE);
    private static final Pattern CONSTRAINTS = Pattern.compile(
            "(\\b("
                    + byFirstChar(
                            "must|exactly|at least|at most|without|no more than|no less than|only use|do not|don't|never|"
                                    + "avoid|ensure|make sure|required?|keep it|in json|as json|format|under \\d+|within \\d+",
                            true)
                    + ")\\b"
                    + "|^\\s*(?:[-*•]|\\d+[.)])\\s)",
            FLAGS | Pattern.MULTILINE);
    private static final Pattern COUNTED_OUTPUT = Pattern.compile(
            "\\b(\\d{1,5})[- ]?(words?|sentences?|paragraphs?|pages?|bullet points?|items?|lines?|examples?|steps?)\\b",
            FLAGS);
    private static final Pattern LONG_OUTPUT = Pattern.compile(
            "\\b("
                    + byFirstChar(
                            "essay|report|article|chapter|detailed|comprehensive|in[- ]depth|thorough(ly)?|full implementation|"
                                    + "complete (program|application|guide)|long|elaborate|story|blog post|documentation",
                            true)
                    + ")\\b",
            FLAGS);
    private static final Pattern SHORT_OUTPUT = Pattern.compile(
            "\\b("
                    + byFirstChar(
                            "one word|one sentence|yes or no|briefly|brief|short|in a few words|just the|only the|tl;?dr",
                            true)
                    + ")\\b",
            FLAGS);

    private PromptFeatures() {}

    /**
     * The alternation {@code alternatives} (top-level {@code |}-separated) regrouped by first character,
     * {@code p(?:rove|roof)|d(?:erive)}, so that a regex tries one group per position instead of every
     * word. It matches exactly what the flat alternation matches, preferring the same alternative: only
     * alternatives whose first character matches can match, those keep their order, and each starts with
     * a plain character ({@code caseInsensitive}: letters grouped without regard to case).
     */
    static String byFirstChar(String alternatives, boolean caseInsensitive) {
        java.util.Map<Character, StringBuilder> groups = new java.util.LinkedHashMap<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i <= alternatives.length(); i++) {
            char c = i < alternatives.length() ? alternatives.charAt(i) : '|';
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                String alternative = alternatives.substring(start, i);
                char first = alternative.isEmpty() ? '\\' : alternative.charAt(0);
                boolean letter = first < 128 && Character.isLetter(first);
                if (!letter && (first == '\\' || "()[]{}|.*+?^$".indexOf(first) >= 0 || first >= 128)) {
                    throw new IllegalArgumentException("alternative must start with a plain character: " + alternative);
                }
                char key = caseInsensitive && letter ? Character.toLowerCase(first) : first;
                StringBuilder group = groups.computeIfAbsent(key, k -> new StringBuilder());
                group.append(group.isEmpty() ? "" : "|").append(alternative, 1, alternative.length());
                start = i + 1;
            }
        }
        StringBuilder regex = new StringBuilder("(?:");
        groups.forEach((key, rest) -> regex.append(regex.length() > 3 ? "|" : "")
                .append(key)
                .append("(?:")
                .append(rest)
                .append(')'));
        return regex.append(')').toString();
    }

    public static int reasoningCues(String text) {
        return count(REASONING, text);
    }

    public static int mathsNotation(String text) {
        return count(isAscii(text) ? MATHS_ASCII : MATHS, text);
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

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
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
