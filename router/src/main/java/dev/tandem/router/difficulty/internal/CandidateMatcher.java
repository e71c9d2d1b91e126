package dev.tandem.router.difficulty.internal;

import dev.tandem.core.internal.MatchesAtStarts;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature's regex with the test of where its matches can start: it finds what {@link Matcher#find()}
 * finds, trying the pattern ({@link MatchesAtStarts}) only at the positions a cheap {@link Starts} test
 * accepts — a few in a line of prose instead of every letter of every word. The result equals {@code
 * find()}'s as long as {@code starts} accepts every position where the pattern can match (it may accept
 * more).
 */
final class CandidateMatcher {

    /** A test that accepts every position of {@code text} where a match can start. */
    @FunctionalInterface
    interface Starts {
        boolean canStart(String text, int index);

        default Starts or(Starts other) {
            return (text, index) -> canStart(text, index) || other.canStart(text, index);
        }
    }

    /**
     * The positions of a text that any {@link Starts} of this package can accept, found in one pass and
     * shared by all the matchers run over the text: a matcher then tests a few hundred positions of a
     * page of prose instead of every character. They are the positions that are not inside an ASCII word
     * and are not a space, plus every ASCII digit (an operator can follow a digit inside a number) and
     * every line start (where a list marker may follow indentation).
     */
    record Positions(int[] indices, int size) {

        static Positions of(String text) {
            int[] indices = new int[text.length()];
            int size = 0;
            char previous = '\n';
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean insideWord = isAsciiWord(c) && isAsciiWord(previous);
                boolean candidate = insideWord ? isAsciiDigit(c) : c != ' ' || isLineTerminator(previous);
                if (candidate) {
                    indices[size++] = i;
                }
                previous = c;
            }
            return new Positions(indices, size);
        }
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    private final Pattern pattern;
    private final Starts starts;

    CandidateMatcher(Pattern pattern, Starts starts) {
        this.pattern = pattern;
        this.starts = starts;
    }

    Pattern pattern() {
        return pattern;
    }

    int count(String text, Positions positions) {
        int[] count = {0};
        forEach(text, positions, match -> count[0]++);
        return count[0];
    }

    boolean found(String text, Positions positions) {
        return count(text, positions) > 0;
    }

    /** Each match, as {@code find()} reports them; the matcher is only valid during the call. */
    void forEach(String text, Positions positions, Consumer<Matcher> action) {
        BitSet accepted = new BitSet(text.length());
        for (int k = 0; k < positions.size(); k++) {
            int i = positions.indices()[k];
            if (starts.canStart(text, i)) {
                accepted.set(i);
            }
        }
        MatchesAtStarts.forEach(pattern, text, accepted, action);
    }

    /**
     * The positions where one of the alternatives of a keyword alternation ({@code prove|step[- ]by[-
     * ]step|architect\w*}) can start: each alternative must begin with a literal (letters, digits,
     * {@code _} or {@code #}), and a position is accepted when the text there begins with that literal,
     * regardless of case, and is not inside an ASCII word (where {@code \b} cannot hold before a letter).
     */
    static Starts keywordStarts(String alternatives) {
        List<List<String>> byFirstChar = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            byFirstChar.add(new ArrayList<>());
        }
        for (String alternative : topLevelAlternatives(alternatives)) {
            String literal = leadingLiteral(alternative).toLowerCase(Locale.ROOT);
            byFirstChar.get(literal.charAt(0)).add(literal);
        }
        String[][] literals =
                byFirstChar.stream().map(l -> l.toArray(String[]::new)).toArray(String[][]::new);
        // Per first character, the set of second characters its literals have (bit c of a 128-bit set),
        // so that most words are turned away after two characters without comparing any literal.
        long[][] secondChars = new long[128][2];
        for (String[] bucket : literals) {
            for (String literal : bucket) {
                char second = literal.length() > 1 ? literal.charAt(1) : 0;
                long[] set = secondChars[literal.charAt(0)];
                if (literal.length() == 1) {
                    set[0] = set[1] = -1L;
                } else {
                    set[second >> 6] |= 1L << (second & 63);
                }
            }
        }
        return (text, index) -> {
            char c = text.charAt(index);
            char folded;
            if (c < 128) {
                if (index > 0 && isAsciiWord(c) && isAsciiWord(text.charAt(index - 1))) {
                    return false;
                }
                folded = lowerAscii(c);
            } else {
                // Under UNICODE_CASE a few non-ASCII letters (ſ, the Kelvin sign, dotless ı) match ASCII ones.
                folded = Character.toLowerCase(Character.toUpperCase(c));
                if (folded >= 128) {
                    return false;
                }
            }
            if (index + 1 < text.length()) {
                char next = text.charAt(index + 1);
                if (next < 128) {
                    char second = lowerAscii(next);
                    if ((secondChars[folded][second >> 6] & (1L << (second & 63))) == 0) {
                        return false;
                    }
                }
            }
            for (String literal : literals[folded]) {
                if (startsWithIgnoringCase(text, index, literal)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether {@code text} has {@code lowerCaseLiteral} at {@code index}, compared as {@code (?iu)} would. */
    private static boolean startsWithIgnoringCase(String text, int index, String lowerCaseLiteral) {
        if (index + lowerCaseLiteral.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseLiteral.length(); i++) {
            char c = text.charAt(index + i);
            boolean same = c < 128
                    ? lowerAscii(c) == lowerCaseLiteral.charAt(i)
                    : text.regionMatches(true, index + i, lowerCaseLiteral, i, 1);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The {@code |}-separated alternatives at the top level of a regex (outside groups and classes). */
    static List<String> topLevelAlternatives(String regex) {
        List<String> alternatives = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i <= regex.length(); i++) {
            char c = i < regex.length() ? regex.charAt(i) : '|';
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alternatives.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        return alternatives;
    }

    /**
     * The characters every match of {@code alternative} begins with: its leading run of letters, digits,
     * {@code _} (and a first {@code #}), less a last character that a quantifier makes optional.
     */
    static String leadingLiteral(String alternative) {
        int end = 0;
        while (end < alternative.length()) {
            char c = alternative.charAt(end);
            if (!(isAsciiWord(c) || (c == '#' && end == 0))) {
                break;
            }
            end++;
        }
        if (end < alternative.length() && "?*+{".indexOf(alternative.charAt(end)) >= 0) {
            end--;
        }
        if (end <= 0) {
            throw new IllegalArgumentException("a keyword alternative must start with a literal: " + alternative);
        }
        return alternative.substring(0, end);
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static boolean isAsciiWord(char c) {
        return c < 128 && ASCII_WORD[c];
    }

    static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code index} starts an ASCII word: a word character after a non-word one or the start. */
    static boolean isWordStart(String text, int index) {
        return isAsciiWord(text.charAt(index)) && (index == 0 || !isAsciiWord(text.charAt(index - 1)));
    }

    /** The index of the first character at or after {@code index} that {@code \s} does not match. */
    static int skipWhitespace(String text, int index) {
        while (index < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(index)) >= 0) {
            index++;
        }
        return index;
    }

    /** The character at {@code index}, or {@code 0} past the end. */
    static char charAt(String text, int index) {
        return index < text.length() ? text.charAt(index) : 0;
    }
}
