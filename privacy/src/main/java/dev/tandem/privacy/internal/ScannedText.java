package dev.tandem.privacy.internal;

import java.util.Arrays;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * One text during one scan, with the facts several recognizers need computed once instead of once
 * per recognizer: the lower-cased and case-folded copies and the runs of ASCII digits. Offsets are
 * those of the text throughout.
 *
 * <p>Not thread-safe: a scan creates one, hands it to its recognizers and drops it, so the text is
 * never kept beyond the scan.
 */
public final class ScannedText {

    private final String text;
    private @Nullable String lower;
    private @Nullable String folded;
    // Flat [start0, end0, start1, end1, ...] of the maximal runs of ASCII digits.
    private int @Nullable [] digitRuns;

    public ScannedText(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The text lower-cased as by {@link Text#lower}. */
    public String lower() {
        String lowerCased = lower;
        if (lowerCased == null) {
            lowerCased = Text.lower(text);
            lower = lowerCased;
        }
        return lowerCased;
    }

    /** The text case-folded as by {@link Text#fold}. */
    public String folded() {
        String caseFolded = folded;
        if (caseFolded == null) {
            caseFolded = Text.fold(text);
            folded = caseFolded;
        }
        return caseFolded;
    }

    /** True when the text holds at least {@code digits} ASCII digits in a row. */
    public boolean hasDigitRun(int digits) {
        int[] runs = digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            if (runs[r + 1] - runs[r] >= digits) {
                return true;
            }
        }
        return false;
    }

    /** A new set holding the start of every maximal run of ASCII digits. */
    public BitSet digitRunStarts() {
        BitSet starts = new BitSet(text.length());
        int[] runs = digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            starts.set(runs[r]);
        }
        return starts;
    }

    /**
     * The windows {@code [start, end)} around every run of ASCII digits, widened by {@code before} and
     * {@code after} characters and merged, as a flat array {@code [s0, e0, s1, e1, ...]}. Recognizers
     * whose entities always hold a digit run their regexes only inside these windows.
     */
    public int[] digitWindows(int before, int after) {
        int[] runs = digitRuns();
        int[] windows = new int[runs.length];
        int count = 0;
        for (int r = 0; r < runs.length; r += 2) {
            int start = Math.max(0, runs[r] - before);
            int end = Math.min(text.length(), runs[r + 1] + after);
            if (count > 0 && start <= windows[count - 1]) {
                windows[count - 1] = Math.max(windows[count - 1], end);
            } else {
                windows[count++] = start;
                windows[count++] = end;
            }
        }
        return Arrays.copyOf(windows, count);
    }

    /**
     * The maximal runs of ASCII digits as a flat array {@code [start0, end0, start1, end1, ...]}, in
     * order; shared by every caller, so never modified.
     */
    public int[] digitRuns() {
        int[] found = digitRuns;
        if (found == null) {
            int[] runs = new int[16];
            int count = 0;
            int length = text.length();
            int i = 0;
            while (i < length) {
                if (!Text.isAsciiDigit(text.charAt(i))) {
                    i++;
                    continue;
                }
                int end = i + 1;
                while (end < length && Text.isAsciiDigit(text.charAt(end))) {
                    end++;
                }
                if (count == runs.length) {
                    runs = Arrays.copyOf(runs, count * 2);
                }
                runs[count++] = i;
                runs[count++] = end;
                i = end;
            }
            found = Arrays.copyOf(runs, count);
            digitRuns = found;
        }
        return found;
    }

    @Override
    public String toString() {
        return "ScannedText[length=" + text.length() + "]";
    }
}
