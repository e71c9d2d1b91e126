package dev.tandem.router.difficulty.internal;

import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counts the surface features of a prompt that make it harder for a small model: reasoning cues, maths
 * notation, code, constraints, questions and the length of answer asked for.
 *
 * <p>Each count is what {@link java.util.regex.Matcher#find()} would count with the feature's regex; the
 * regexes run only where a match can start ({@link CandidateMatcher}), at positions found once per prompt.
 * Immutable and thread-safe.
 */
public final class PromptFeatures {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final String REASONING_WORDS =
            "prove|proof|derive|derivation|step[- ]by[- ]step|analy[sz]e|analysis|compare|contrast|trade-?offs?|"
                    + "justify|explain why|why does|optimi[sz]e|design|architect\\w*|evaluate|critique|algorithm\\w*|"
                    + "complexity|reason about|reasoning|implications?|think carefully|work out|plan|recommend|"
                    + "weigh|assumptions?|pros and cons|root cause|deduce|infer|strategy|consequences?|implement\\w*|thread-safe|"
                    + "concurren\\w*|race conditions?|edge cases|parser|by induction|recurrence|show that|"
                    + "assess|decide which|schedule|constraints?";
    static final CandidateMatcher REASONING = new CandidateMatcher(
            Pattern.compile("\\b(" + REASONING_WORDS + ")\\b", FLAGS), CandidateMatcher.keywordStarts(REASONING_WORDS));

    private static final String MATHS_SYMBOLS = "∑∫√∂≤≥≠∞π∀∃∈";
    private static final String MATHS_WORDS = "integral|derivative|differentiate|theorem|lemma|"
            + "equation|matrix|matrices|eigen\\w*|probability|polynomial|logarithm|prime numbers?|modulo|"
            + "limit|solve for|inequality|factori[sz]e|combinatorics|permutations?|expected (value|number)|variance|"
            + "irrational|converges?|lattice|lagrange|induction|recurrence|quadratic|slope";
    static final CandidateMatcher MATHS = new CandidateMatcher(
            Pattern.compile(
                    "(\\b\\w\\^\\d|[" + MATHS_SYMBOLS + "]|\\\\(frac|sum|int|sqrt)|\\b(" + MATHS_WORDS + ")\\b"
                            + "|\\d\\s*[*/^]\\s*\\d|\\b[a-z]\\s*=\\s*\\d)",
                    FLAGS),
            CandidateMatcher.keywordStarts(MATHS_WORDS).or(PromptFeatures::canStartMathsNotation));

    // "\\w++": a word character never gives back to "(", so possessive matches what greedy matched, without
    // backtracking through the rest of every word.
    private static final String CODE_WORDS = "def|class|public static|import|function|return|SELECT|FROM|WHERE|"
            + "#include|fn|let|const|async|await|lambda|struct|void|null|NullPointerException|stack trace|regex|"
            + "compile[sd]?|refactor|unit tests?|API|SQL|Python|Java|JavaScript|TypeScript|Rust|C\\+\\+|Kotlin|bash";
    static final CandidateMatcher CODE = new CandidateMatcher(
            Pattern.compile("(```|\\b(" + CODE_WORDS + ")\\b|[{};]\\s*$|\\w++\\(\\)|==|!=|=>|->)", Pattern.MULTILINE),
            CandidateMatcher.keywordStarts(CODE_WORDS).or(PromptFeatures::canStartCodeMarker));

    private static final String CONSTRAINT_WORDS =
            "must|exactly|at least|at most|without|no more than|no less than|only use|do not|don't|never|"
                    + "avoid|ensure|make sure|required?|keep it|in json|as json|format|under \\d+|within \\d+";
    static final CandidateMatcher CONSTRAINTS = new CandidateMatcher(
            Pattern.compile("(\\b(" + CONSTRAINT_WORDS + ")\\b|^\\s*(?:[-*•]|\\d+[.)])\\s)", FLAGS | Pattern.MULTILINE),
            CandidateMatcher.keywordStarts(CONSTRAINT_WORDS).or(PromptFeatures::canStartListItem));

    static final CandidateMatcher COUNTED_OUTPUT = new CandidateMatcher(
            Pattern.compile(
                    "\\b(\\d{1,5})[- ]?(words?|sentences?|paragraphs?|pages?|bullet points?|items?|lines?|examples?"
                            + "|steps?)\\b",
                    FLAGS),
            (text, index) ->
                    CandidateMatcher.isAsciiDigit(text.charAt(index)) && CandidateMatcher.isWordStart(text, index));

    private static final String LONG_OUTPUT_WORDS =
            "essay|report|article|chapter|detailed|comprehensive|in[- ]depth|thorough(ly)?|full implementation|"
                    + "complete (program|application|guide)|long|elaborate|story|blog post|documentation";
    static final CandidateMatcher LONG_OUTPUT = new CandidateMatcher(
            Pattern.compile("\\b(" + LONG_OUTPUT_WORDS + ")\\b", FLAGS),
            CandidateMatcher.keywordStarts(LONG_OUTPUT_WORDS));

    private static final String SHORT_OUTPUT_WORDS =
            "one word|one sentence|yes or no|briefly|brief|short|in a few words|just the|only the|tl;?dr";
    static final CandidateMatcher SHORT_OUTPUT = new CandidateMatcher(
            Pattern.compile("\\b(" + SHORT_OUTPUT_WORDS + ")\\b", FLAGS),
            CandidateMatcher.keywordStarts(SHORT_OUTPUT_WORDS));

    private static final String NUMBER_WORDS =
            "half|twice|double|triple|quarter|dozens?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    + "fifteen|twenty|thirty|forty|fifty|hundred|thousand|million";
    /** A number written in digits (with its decimal part, a currency sign or a percent) or in words. */
    static final CandidateMatcher QUANTITY = new CandidateMatcher(
            Pattern.compile("(?<![\\w.])[$€£]?\\d+(?:[.,]\\d+)*%?|\\b(?:" + NUMBER_WORDS + ")\\b", FLAGS),
            CandidateMatcher.keywordStarts(NUMBER_WORDS).or(PromptFeatures::canStartNumber));

    private static final String OPERATION_WORDS = "more than|less than|fewer than|times as|times more|as many|as much|"
            + "each|per|every|total|altogether|in all|combined|left|remain(?:s|ing)?|sum|difference|product|"
            + "ratio|percent(?:age)?|average|split|shared? equally|divided|multiplied|increased?|decreased?|"
            + "discount|profit|spends?|spent|costs?|earns?|earned|sold|sells|bought|buys|pays?|paid|saves?|saved|"
            + "gave|gives|loses|lost|how many|how much|how long|how far";
    /**
     * Arithmetic between quantities is a word that implies an operation, an operator between two digits
     * ({@code (?<=\d)\s*[-+*\/×÷x]\s*(?=\d)}, counted by {@link #operators}) or a percent sign. No match of
     * one kind can overlap one of another, so the three counts add up to what one alternation would count.
     */
    static final CandidateMatcher OPERATION_WORDS_MATCHER = new CandidateMatcher(
            Pattern.compile("\\b(?:" + OPERATION_WORDS + ")\\b", FLAGS),
            CandidateMatcher.keywordStarts(OPERATION_WORDS));

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。？！]+(?:\\s+|$)|\\n+");

    /** A multiple-choice option at the start of a line: {@code A. text}, {@code (b) text}, {@code C) text}. */
    private static final Pattern OPTION =
            Pattern.compile("^[ \\t]*\\(?([A-Ja-j])[.):][ \\t]+(\\S.*)$", Pattern.MULTILINE);

    private final String text;
    private final CandidateMatcher.Positions positions;

    private PromptFeatures(String text) {
        this.text = text;
        this.positions = CandidateMatcher.Positions.of(text);
    }

    public static PromptFeatures of(String text) {
        return new PromptFeatures(text);
    }

    public int reasoningCues() {
        return REASONING.count(text, positions);
    }

    public int mathsNotation() {
        return MATHS.count(text, positions);
    }

    public int codeMarkers() {
        return CODE.count(text, positions);
    }

    public int constraints() {
        return CONSTRAINTS.count(text, positions);
    }

    public int questions() {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '?' || c == '？' || c == '؟') {
                count++;
            }
        }
        return count;
    }

    /** Numbers in the prompt, in digits or in words ("48", "$3.50", "20%", "half", "twelve"). */
    public int quantities() {
        return QUANTITY.count(text, positions);
    }

    /** Arithmetic cues: operators between numbers, and words that imply an operation ("each", "in total", "left"). */
    public int operations() {
        int percents = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%') {
                percents++;
            }
        }
        return OPERATION_WORDS_MATCHER.count(text, positions) + operators(text) + percents;
    }

    /**
     * What {@code (?<=\d)\s*[-+*\/×÷x]\s*(?=\d)} (case-insensitive) finds, counted in one pass: an
     * operator right after a digit, or after whitespace that follows one, with a digit after it and
     * optional whitespace.
     */
    static int operators(String text) {
        int count = 0;
        int i = 1;
        while (i < text.length()) {
            if (!CandidateMatcher.isAsciiDigit(text.charAt(i - 1))) {
                i++;
                continue;
            }
            int operator = CandidateMatcher.skipWhitespace(text, i);
            if (operator < text.length() && isOperator(text.charAt(operator))) {
                int after = CandidateMatcher.skipWhitespace(text, operator + 1);
                if (CandidateMatcher.isAsciiDigit(CandidateMatcher.charAt(text, after))) {
                    count++;
                    i = after;
                    continue;
                }
            }
            i++;
        }
        return count;
    }

    private static boolean isOperator(char c) {
        return c == '-' || c == '+' || c == '*' || c == '/' || c == '×' || c == '÷' || c == 'x' || c == 'X';
    }

    /** Where a number in digits can start: a digit, or a currency sign before one. */
    private static boolean canStartNumber(String text, int index) {
        char c = text.charAt(index);
        return CandidateMatcher.isAsciiDigit(c) || c == '$' || c == '€' || c == '£';
    }

    /**
     * Implied steps of a word problem: the sentences that hold at least one quantity, since each usually adds
     * a fact the answer must combine. Multiple-choice options are not sentences of the problem.
     */
    public int steps() {
        String stem = questionStem();
        CandidateMatcher.Positions stemPositions =
                stem.length() == text.length() ? positions : CandidateMatcher.Positions.of(stem);
        // No number crosses a sentence end (which ends in whitespace or a line break), so a sentence holds a
        // quantity when one of the stem's quantities starts inside it: one pass instead of one per sentence.
        BitSet starts = new BitSet(stem.length());
        QUANTITY.forEach(stem, stemPositions, match -> starts.set(match.start()));
        int steps = 0;
        int sentenceStart = 0;
        var ends = SENTENCE_END.matcher(stem);
        while (sentenceStart >= 0) {
            boolean ended = ends.find();
            int sentenceEnd = ended ? ends.start() : stem.length();
            int quantity = starts.nextSetBit(sentenceStart);
            if (quantity >= 0 && quantity < sentenceEnd) {
                steps++;
            }
            sentenceStart = ended ? ends.end() : -1;
        }
        return steps;
    }

    /** Multiple-choice options, one per line ({@code A. ...}); 0 when fewer than two. */
    public int options() {
        int options = 0;
        var matcher = OPTION.matcher(text);
        while (matcher.find()) {
            options++;
        }
        return options >= 2 ? options : 0;
    }

    /** The mean length of the multiple-choice options, in characters; 0 without options. */
    public double optionLength() {
        int options = 0;
        int chars = 0;
        var matcher = OPTION.matcher(text);
        while (matcher.find()) {
            options++;
            chars += matcher.group(2).strip().length();
        }
        return options >= 2 ? chars / (double) options : 0;
    }

    /** The prompt without its multiple-choice options. */
    String questionStem() {
        var matcher = OPTION.matcher(text);
        return matcher.find() && options() > 0 ? text.substring(0, matcher.start()) : text;
    }

    /**
     * The answer length the prompt asks for, in reference tokens: an explicit count ("in 500 words", "3
     * paragraphs"), else a cue for a long or a short answer, else {@code fallback}.
     */
    public int requestedOutputTokens(int fallback) {
        int[] best = {-1};
        COUNTED_OUTPUT.forEach(text, positions, counted -> {
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
            best[0] = Math.max(best[0], (int) Math.min(100_000, Math.round(n * perUnit * 4.0 / 3.0)));
        });
        if (best[0] >= 0) {
            return best[0];
        }
        if (LONG_OUTPUT.found(text, positions)) {
            return 1024;
        }
        if (SHORT_OUTPUT.found(text, positions)) {
            return 32;
        }
        return fallback;
    }

    /** The share of letters that are not Latin, in [0, 1]; 0 without letters. */
    public double nonLatinShare() {
        int letters = 0;
        int nonLatin = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                // ASCII letters are Latin: no look-up in the script table.
                letters += (codePoint | 0x20) >= 'a' && (codePoint | 0x20) <= 'z' ? 1 : 0;
            } else if (Character.isLetter(codePoint)) {
                letters++;
                if (Character.UnicodeScript.of(codePoint) != Character.UnicodeScript.LATIN) {
                    nonLatin++;
                }
            }
        }
        return letters == 0 ? 0.0 : nonLatin / (double) letters;
    }

    private static boolean canStartMathsNotation(String text, int index) {
        char c = text.charAt(index);
        if (c >= 128) {
            // The symbols, or a character that matches one regardless of case.
            return MATHS_SYMBOLS.indexOf(c) >= 0
                    || MATHS_SYMBOLS.indexOf(Character.toLowerCase(c)) >= 0
                    || MATHS_SYMBOLS.indexOf(Character.toUpperCase(c)) >= 0
                    || MATHS_SYMBOLS.indexOf(Character.toLowerCase(Character.toUpperCase(c))) >= 0
                    || isFollowedByEquals(text, index); // ſ and the Kelvin sign match [a-z]
        }
        if (c == '\\') {
            return true;
        }
        if (CandidateMatcher.isAsciiDigit(c)
                && "*/^".indexOf(CandidateMatcher.charAt(text, CandidateMatcher.skipWhitespace(text, index + 1)))
                        >= 0) {
            return true;
        }
        return CandidateMatcher.isWordStart(text, index)
                && (CandidateMatcher.charAt(text, index + 1) == '^' || isFollowedByEquals(text, index));
    }

    private static boolean isFollowedByEquals(String text, int index) {
        return CandidateMatcher.charAt(text, CandidateMatcher.skipWhitespace(text, index + 1)) == '=';
    }

    private static boolean canStartCodeMarker(String text, int index) {
        char c = text.charAt(index);
        char next = CandidateMatcher.charAt(text, index + 1);
        return switch (c) {
            case '`', '{', '}', ';' -> true;
            case '=' -> next == '=' || next == '>';
            case '!' -> next == '=';
            case '-' -> next == '>';
            default -> CandidateMatcher.isWordStart(text, index) && isWordFollowedByCall(text, index);
        };
    }

    private static boolean isWordFollowedByCall(String text, int index) {
        int end = index;
        while (end < text.length() && CandidateMatcher.isAsciiWord(text.charAt(end))) {
            end++;
        }
        return text.startsWith("()", end);
    }

    /** A line start followed, after any whitespace, by a bullet or a digit ({@code ^\\s*(?:[-*•]|\\d+[.)])\\s}). */
    private static boolean canStartListItem(String text, int index) {
        if (index > 0 && !CandidateMatcher.isLineTerminator(text.charAt(index - 1))) {
            return false;
        }
        char marker = CandidateMatcher.charAt(text, CandidateMatcher.skipWhitespace(text, index));
        return marker == '-' || marker == '*' || marker == '•' || CandidateMatcher.isAsciiDigit(marker);
    }
}
