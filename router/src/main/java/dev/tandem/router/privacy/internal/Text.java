package dev.tandem.router.privacy.internal;

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
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    public static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
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

    /** True when the text holds at least {@code digits} ASCII digits in a row. */
    public static boolean hasDigitRun(CharSequence text, int digits) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= digits) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** How many ASCII digits the text holds. */
    public static int countDigits(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                count++;
            }
        }
        return count;
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
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
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

    /**
     * The windows {@code [start, end)} around every run of ASCII digits, widened by {@code before} and
     * {@code after} characters and merged, as a flat array {@code [s0, e0, s1, e1, ...]}. Recognizers
     * whose entities always hold a digit run their regexes only inside these windows.
     */
    public static int[] digitWindows(CharSequence text, int before, int after) {
        int[] windows = new int[8];
        int count = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            int runEnd = i + 1;
            while (runEnd < length && text.charAt(runEnd) >= '0' && text.charAt(runEnd) <= '9') {
                runEnd++;
            }
            int start = Math.max(0, i - before);
            int end = Math.min(length, runEnd + after);
            if (count > 0 && start <= windows[count - 1]) {
                windows[count - 1] = Math.max(windows[count - 1], end);
            } else {
                if (count == windows.length) {
                    windows = java.util.Arrays.copyOf(windows, count * 2);
                }
                windows[count++] = start;
                windows[count++] = end;
            }
            i = runEnd;
        }
        return java.util.Arrays.copyOf(windows, count);
    }

    /**
     * Calls the consumer with a matcher positioned on each match of the pattern that lies inside one
     * of the windows; look-arounds and word boundaries see the text outside the window.
     */
    public static void findInWindows(
            java.util.regex.Pattern pattern,
            CharSequence text,
            int[] windows,
            java.util.function.Consumer<java.util.regex.Matcher> onMatch) {
        java.util.regex.Matcher matcher = pattern.matcher(text);
        matcher.useTransparentBounds(true).useAnchoringBounds(false);
        for (int w = 0; w < windows.length; w += 2) {
            matcher.region(windows[w], windows[w + 1]);
            while (matcher.find()) {
                onMatch.accept(matcher);
            }
        }
    }

    /**
     * The text case-folded one UTF-16 unit at a time ({@code toLowerCase(toUpperCase(c))}), so that two
     * characters a case-insensitive, Unicode-aware regex treats as equal (such as {@code ſ} and {@code s})
     * fold to the same unit; offsets are those of the original. For cheap keyword pre-filters.
     */
    public static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
        }
        return new String(chars);
    }

    /**
     * Appends {@code [start, end)} of every occurrence of each needle in the text to {@code hits}, a flat
     * growable array whose used length is {@code hits[0]} (pairs from index 1); returns the array, which
     * may have been reallocated.
     */
    public static int[] addOccurrences(String text, String[] needles, int[] hits) {
        for (String needle : needles) {
            for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                hits = addHit(hits, at, at + needle.length());
            }
        }
        return hits;
    }

    /** Appends the hit {@code [start, end)} to a flat growable array as in {@link #addOccurrences}. */
    public static int[] addHit(int[] hits, int start, int end) {
        int used = hits[0];
        if (used + 3 > hits.length) {
            hits = java.util.Arrays.copyOf(hits, hits.length * 2 + 2);
        }
        hits[used + 1] = start;
        hits[used + 2] = end;
        hits[0] = used + 2;
        return hits;
    }

    /** A new empty hit array for {@link #addOccurrences} and {@link #addHit}. */
    public static int[] newHits() {
        return new int[9];
    }

    /**
     * The windows (as from {@link #digitWindows}) that wholly hold at least one hit. A regex whose every
     * match holds one of the hits finds, inside the kept windows, exactly what it finds inside all of
     * them: a window without a hit cannot hold a match.
     */
    public static int[] windowsHolding(int[] windows, int[] hits) {
        int[] kept = new int[windows.length];
        int count = 0;
        for (int w = 0; w < windows.length; w += 2) {
            for (int h = 1; h < hits[0] + 1; h += 2) {
                if (hits[h] >= windows[w] && hits[h + 1] <= windows[w + 1]) {
                    kept[count++] = windows[w];
                    kept[count++] = windows[w + 1];
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }
}
