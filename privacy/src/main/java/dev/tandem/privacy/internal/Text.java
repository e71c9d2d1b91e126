package dev.tandem.privacy.internal;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** Character helpers shared by the recognizers. Offsets are UTF-16 indices throughout. */
public final class Text {

    private Text() {}

    /**
     * The text lower-cased one UTF-16 unit at a time, so every offset in the result is the offset of
     * the same character in the original (unlike {@link String#toLowerCase}, which may change length).
     */
    public static String lower(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            chars[i] = c < 128 ? lowerAscii(c) : Character.toLowerCase(c);
        }
        return new String(chars);
    }

    /** What {@link Character#toLowerCase(char)} gives for an ASCII character, without its table lookups. */
    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** True when {@code [start, end)} is not glued to a letter or digit on either side. */
    public static boolean isWholeWord(CharSequence text, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    /** The start of the window holding up to {@code words} words before {@code start}. */
    public static int wordsBefore(CharSequence text, int start, int words) {
        int i = start;
        for (int w = 0; w < words && i > 0; w++) {
            while (i > 0 && !Character.isLetterOrDigit(text.charAt(i - 1))) {
                i--;
            }
            while (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                i--;
            }
        }
        return i;
    }

    /** The end of the window holding up to {@code words} words after {@code end}. */
    public static int wordsAfter(CharSequence text, int end, int words) {
        int i = end;
        int length = text.length();
        for (int w = 0; w < words && i < length; w++) {
            while (i < length && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            while (i < length && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    /** The ASCII digits of the text, in order, without separators. */
    public static String digitsOf(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** Shannon entropy in bits per character. */
    public static double entropy(CharSequence text) {
        if (text.length() == 0) {
            return 0.0;
        }
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < text.length(); i++) {
            counts.merge(text.charAt(i), 1, Integer::sum);
        }
        double bits = 0.0;
        for (int count : counts.values()) {
            double p = count / (double) text.length();
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }

    /** True when one of the needles starts at {@code at}; compares the first character before the rest. */
    public static boolean startsWithAny(String text, int at, String[] needles) {
        if (at >= text.length()) {
            return false;
        }
        char first = text.charAt(at);
        for (String needle : needles) {
            if (needle.charAt(0) == first && text.startsWith(needle, at)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    public static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * The text case-folded one UTF-16 unit at a time ({@code toLowerCase(toUpperCase(c))}), so that two
     * characters a case-insensitive, Unicode-aware regex treats as equal (such as {@code ſ} and {@code s})
     * fold to the same unit; offsets are those of the original. For cheap keyword pre-filters.
     */
    public static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            chars[i] = c < 128 ? lowerAscii(c) : Character.toLowerCase(Character.toUpperCase(c));
        }
        return new String(chars);
    }

    /** Sets the start of every occurrence of each needle in the text. */
    public static void markOccurrences(String text, String[] needles, BitSet starts) {
        for (String needle : needles) {
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                starts.set(at);
            }
        }
    }
}
