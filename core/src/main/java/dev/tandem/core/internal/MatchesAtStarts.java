package dev.tandem.core.internal;

import java.util.BitSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex matching that tries a pattern only where a match can start. A regex scanning prose spends nearly
 * all its time failing at positions that could never start a match; the privacy recognizers and the
 * difficulty features find the possible starts with a cheap pass of their own (digit-run starts, a
 * literal, a word start) and let the regex engine run only there.
 */
public final class MatchesAtStarts {

    private MatchesAtStarts() {}

    /**
     * Calls the consumer with a matcher positioned on each match of the pattern that lies inside one of
     * the windows ({@code [s0, e0, s1, e1, ...]}), as {@link Matcher#find()} would report them window by
     * window (leftmost first, each search going on after the last match; look-arounds, word boundaries and
     * anchors see the text outside the window), but trying the pattern only at the given start positions.
     * That is exact whenever every match the pattern could have inside the windows starts at one of them.
     * The matcher is only valid during the call.
     */
    public static void forEach(
            Pattern pattern, CharSequence text, int[] windows, BitSet starts, Consumer<Matcher> onMatch) {
        Matcher matcher = null;
        for (int w = 0; w < windows.length; w += 2) {
            int windowEnd = windows[w + 1];
            int start = starts.nextSetBit(windows[w]);
            while (start >= 0 && start < windowEnd) {
                if (matcher == null) {
                    matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                // As find() would: try here with the window's end as the limit, then go on after the match.
                matcher.region(start, windowEnd);
                int resume = start + 1;
                if (matcher.lookingAt()) {
                    resume = Math.max(resume, matcher.end());
                    onMatch.accept(matcher);
                }
                start = starts.nextSetBit(resume);
            }
        }
    }

    /** {@link #forEach} over the whole text. */
    public static void forEach(Pattern pattern, CharSequence text, BitSet starts, Consumer<Matcher> onMatch) {
        forEach(pattern, text, new int[] {0, text.length()}, starts, onMatch);
    }
}
