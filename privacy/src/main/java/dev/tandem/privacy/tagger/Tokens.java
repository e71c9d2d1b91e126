package dev.tandem.privacy.tagger;

import java.util.Arrays;

/**
 * A text cut into tokens: runs of letters, digits and marks (with inner hyphens and apostrophes, as in
 * {@code Jean-Luc} and {@code O'Brien}), and every other non-space code point alone. Offsets are UTF-16;
 * an unpaired surrogate is a token of its own. Linear in the length of the text.
 */
final class Tokens {

    final String text;
    int count;
    int[] starts;
    int[] ends;
    /** Whether a line break lies between the token and the one before it. */
    boolean[] lineBefore;

    private Tokens(String text) {
        this.text = text;
        int capacity = Math.max(4, text.length() / 4);
        starts = new int[capacity];
        ends = new int[capacity];
        lineBefore = new boolean[capacity];
    }

    static Tokens of(String text) {
        Tokens tokens = new Tokens(text);
        int length = text.length();
        int i = 0;
        boolean newline = true;
        while (i < length) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.CONTROL) {
                if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
                    newline = true;
                }
                i += width;
                continue;
            }
            int start = i;
            if (isWordPart(c)) {
                i += width;
                while (i < length) {
                    int next = text.codePointAt(i);
                    if (isWordPart(next)) {
                        i += Character.charCount(next);
                    } else if (isJoiner(next) && i + 1 < length && isWordPart(text.codePointAt(i + 1))) {
                        i += 1;
                    } else {
                        break;
                    }
                }
            } else {
                i += width;
            }
            tokens.add(start, i, newline);
            newline = false;
        }
        return tokens;
    }

    private void add(int start, int end, boolean newline) {
        if (count == starts.length) {
            int capacity = count * 2;
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            lineBefore = Arrays.copyOf(lineBefore, capacity);
        }
        starts[count] = start;
        ends[count] = end;
        lineBefore[count] = newline;
        count++;
    }

    private static boolean isWordPart(int c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isJoiner(int c) {
        return c == '-' || c == '\'' || c == '\u2019';
    }

    /** The token as a string. */
    String token(int index) {
        return text.substring(starts[index], ends[index]);
    }
}
