package dev.tandem.privacy.tagger;

import java.util.Locale;

/**
 * The hashed sparse features of each token: its lower-case form, shape, affixes, script and length;
 * the words and shapes around it (two each side); where it stands (text start, line start, after a
 * colon or a comma, before a colon); the case profile of the whole text, so that lower-case and
 * all-caps texts are told apart from prose; the {@link WordClusters word classes} of the token and its
 * neighbours, which carry what the corpora taught about a word to the words used like it; and the
 * labels already given to the two tokens before it. Each feature is a bucket of a table of
 * {@code 2^bits} rows; hashing keeps the model small and needs no vocabulary.
 */
final class Features {

    /** Features that do not depend on the labels before the token. */
    static final int STATIC = 31;
    /** Features that do, computed during decoding. */
    static final int DYNAMIC = 4;

    private static final long BOUNDARY = 0x5bd1e995L;
    private final Tokens tokens;
    private final int bits;
    private final long[] lower;
    private final long[] shape;
    private final long[][] affixes;
    private final int[] script;
    private final int[] length;
    private final char[] punctuation;
    private final long caseProfile;
    private final int[] fineCluster;
    private final int[] coarseCluster;

    Features(Tokens tokens, int bits, WordClusters clusters) {
        this.tokens = tokens;
        this.bits = bits;
        int n = tokens.count;
        lower = new long[n];
        shape = new long[n];
        affixes = new long[n][7];
        script = new int[n];
        length = new int[n];
        punctuation = new char[n];
        fineCluster = new int[n];
        coarseCluster = new int[n];
        int upper = 0;
        int letters = 0;
        String text = tokens.text;
        for (int i = 0; i < n; i++) {
            String token = text.substring(tokens.starts[i], tokens.ends[i]);
            String lowered = token.toLowerCase(Locale.ROOT);
            lower[i] = hash(lowered, 0, lowered.length());
            fineCluster[i] = clusters.fine(lowered);
            coarseCluster[i] = clusters.coarse(lowered);
            shape[i] = shapeHash(token);
            int len = lowered.length();
            for (int k = 1; k <= 3; k++) {
                affixes[i][k - 1] = k < len ? hash(lowered, 0, k) : 0;
            }
            for (int k = 1; k <= 4; k++) {
                affixes[i][2 + k] = k < len ? hash(lowered, len - k, len) : 0;
            }
            int first = token.codePointAt(0);
            script[i] = Character.isLetter(first)
                    ? Character.UnicodeScript.of(first).ordinal()
                    : -1;
            length[i] = Math.min(len, 12);
            punctuation[i] = len == 1 && !Character.isLetterOrDigit(token.charAt(0)) ? token.charAt(0) : 0;
            for (int k = 0; k < token.length(); k++) {
                char c = token.charAt(k);
                if (Character.isLetter(c)) {
                    letters++;
                    if (Character.isUpperCase(c)) {
                        upper++;
                    }
                }
            }
        }
        // 0: no capitals at all (typed lower-case), 2: mostly capitals (all-caps), 1: ordinary prose.
        int profile = upper == 0 ? 0 : upper * 10 > letters * 6 ? 2 : 1;
        caseProfile = profile;
    }

    int size() {
        return tokens.count;
    }

    /** Writes the {@link #STATIC} feature buckets of token i into out. */
    void staticFeatures(int i, int[] out) {
        long w0 = lower[i];
        long sh0 = shape[i];
        long wm1 = word(i - 1);
        long wm2 = word(i - 2);
        long wp1 = word(i + 1);
        long wp2 = word(i + 2);
        long shm1 = shapeAt(i - 1);
        long shp1 = shapeAt(i + 1);
        int f = 0;
        out[f++] = bucket(0, 1);
        out[f++] = bucket(1, w0);
        out[f++] = bucket(2, sh0);
        for (int k = 0; k < 7; k++) {
            out[f++] = bucket(3 + k, affixes[i][k]);
        }
        out[f++] = bucket(10, wm1);
        out[f++] = bucket(11, wm2);
        out[f++] = bucket(12, wp1);
        out[f++] = bucket(13, wp2);
        out[f++] = bucket(14, shm1);
        out[f++] = bucket(15, shp1);
        out[f++] = bucket(16, mix(wm1, sh0));
        out[f++] = bucket(17, mix(sh0, wp1));
        out[f++] = bucket(18, position(i));
        out[f++] = bucket(19, i + 1 < tokens.count ? punctuation[i + 1] : 1);
        out[f++] = bucket(20, script[i]);
        out[f++] = bucket(21, length[i]);
        out[f++] = bucket(22, mix(mix(shm1, sh0), shp1));
        out[f++] = bucket(23, mix(caseProfile, sh0));
        out[f++] = bucket(24, mix(wm1, w0));
        out[f++] = bucket(25, mix(w0, wp1));
        out[f++] = bucket(26, fineCluster[i]);
        out[f++] = bucket(27, mix(coarseCluster[i], sh0));
        out[f++] = bucket(28, mix(fineAt(i - 1), fineCluster[i]));
        out[f++] = bucket(29, fineAt(i + 1));
        out[f] = bucket(30, mix(fineCluster[i], fineAt(i + 1)));
    }

    private int fineAt(int i) {
        return i < 0 ? -2 : i >= tokens.count ? -3 : fineCluster[i];
    }

    /** Writes the {@link #DYNAMIC} feature buckets of token i, given the two labels before it. */
    void dynamicFeatures(int i, int previous, int beforePrevious, int[] out, int offset) {
        out[offset] = bucket(40, previous);
        out[offset + 1] = bucket(41, mix(beforePrevious, previous));
        out[offset + 2] = bucket(42, mix(previous, shape[i]));
        out[offset + 3] = bucket(43, mix(previous, lower[i]));
    }

    private int position(int i) {
        if (i == 0) {
            return 1;
        }
        if (tokens.lineBefore[i]) {
            return 2;
        }
        char before = punctuation[i - 1];
        return switch (before) {
            case ':' -> 3;
            case ',' -> 4;
            case '.', '!', '?' -> 5;
            case '(', '"', '\'', '\u201c' -> 6;
            case '@' -> 7;
            default -> 0;
        };
    }

    private long word(int i) {
        return i < 0 || i >= tokens.count ? BOUNDARY + i : lower[i];
    }

    private long shapeAt(int i) {
        return i < 0 || i >= tokens.count ? BOUNDARY - 7 : shape[i];
    }

    private int bucket(int template, long value) {
        return (int) (fmix(template * 0x9E3779B97F4A7C15L + value) >>> (64 - bits));
    }

    private static long shapeHash(String token) {
        long h = 0xcbf29ce484222325L;
        int previous = -1;
        int written = 0;
        for (int k = 0; k < token.length() && written < 8; k++) {
            char c = token.charAt(k);
            int cls = Character.isUpperCase(c) ? 'X' : Character.isLetter(c) ? 'x' : Character.isDigit(c) ? 'd' : c;
            if (cls != previous) {
                h = (h ^ cls) * 0x100000001B3L;
                previous = cls;
                written++;
            }
        }
        return h;
    }

    static long hash(String s, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int k = from; k < to; k++) {
            h = (h ^ s.charAt(k)) * 0x100000001B3L;
        }
        return h;
    }

    private static long mix(long a, long b) {
        return fmix(a * 31 + b + 0x632BE59BD9B4E019L);
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
