package dev.tandem.policy.internal;

import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" suggestions for misspelt keys, values and names. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * Returns {@code , did you mean 'x'?} for the closest candidate when it is close enough to be a typo
     * (at most 2 edits, or a third of the word), and an empty string otherwise.
     */
    public static String didYouMean(String wrong, Iterable<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance.apply(wrong, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? ", did you mean '" + best + "'?" : "";
    }
}
