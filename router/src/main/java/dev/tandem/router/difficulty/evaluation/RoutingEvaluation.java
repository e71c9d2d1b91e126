package dev.tandem.router.difficulty.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well a difficulty score routes a labelled set, against a random router, as RouteLLM measures it.
 *
 * <p>The router sends the requests with the lowest scores to the local (small) model and the rest to
 * the remote (large) one. Sweeping the share sent local from 0 to 1 gives the <em>quality curve</em>:
 * the share of requests answered correctly. Requests with equal scores are split at random, and the
 * curve uses the expected value of that split, so ties never flatter or hurt a router.
 *
 * <ul>
 *   <li><b>AUC</b>: the probability that a request the small model got wrong scores higher than one it
 *       got right (ties count half). Random: 0.5.
 *   <li><b>APGR</b> (RouteLLM's average performance gap recovered): {@code PGR = (quality − quality of
 *       all-local) / (quality of all-remote − quality of all-local)}, averaged over the share of calls
 *       sent remote from 0 to 1 (trapezoids over every request). Random: exactly 0.5.
 *   <li><b>Local share at X%</b>: the largest share that can be served locally while keeping at least
 *       X% of the all-remote quality (linear between points). The random router's is {@code (1 − X) ·
 *       q_remote / (q_remote − q_local)}, at most 1.
 * </ul>
 *
 * Build one with {@link #of(List)}. Immutable.
 */
public final class RoutingEvaluation {

    private final int size;
    private final double smallQuality;
    private final double largeQuality;
    private final double auc;
    /** quality[k]: expected share correct with the k lowest-scored requests served locally. */
    private final double[] quality;
    /** The score of the k-th lowest request (sorted ascending). */
    private final double[] sortedScores;

    private RoutingEvaluation(double auc, double[] quality, double[] sortedScores, double small, double large) {
        this.size = sortedScores.length;
        this.auc = auc;
        this.quality = quality;
        this.sortedScores = sortedScores;
        this.smallQuality = small;
        this.largeQuality = large;
    }

    /** @throws IllegalArgumentException when there are no outcomes */
    public static RoutingEvaluation of(List<RoutingOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("cannot evaluate a router on no labelled requests");
        }
        List<RoutingOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(RoutingOutcome::score));
        int n = sorted.size();
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = sorted.get(i).score();
        }
        double small = sorted.stream().filter(RoutingOutcome::smallCorrect).count() / (double) n;
        double large = sorted.stream().filter(RoutingOutcome::largeCorrect).count() / (double) n;

        double[] quality = new double[n + 1];
        // Start all remote and move requests local, one tie group at a time, sharing each group's gain evenly.
        double correct = large * n;
        quality[0] = correct / n;
        int k = 0;
        while (k < n) {
            int end = k;
            double gain = 0;
            while (end < n && scores[end] == scores[k]) {
                RoutingOutcome outcome = sorted.get(end);
                gain += (outcome.smallCorrect() ? 1 : 0) - (outcome.largeCorrect() ? 1 : 0);
                end++;
            }
            int group = end - k;
            for (int j = 1; j <= group; j++) {
                quality[k + j] = (correct + gain * j / group) / n;
            }
            correct += gain;
            k = end;
        }
        return new RoutingEvaluation(auc(sorted, scores), quality, scores, small, large);
    }

    private static double auc(List<RoutingOutcome> sorted, double[] scores) {
        // Mann-Whitney U with mid-ranks; positives are the requests the small model got wrong.
        int n = scores.length;
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int end = i;
            while (end < n && scores[end] == scores[i]) {
                end++;
            }
            double midRank = (i + 1 + end) / 2.0;
            for (int j = i; j < end; j++) {
                if (!sorted.get(j).smallCorrect()) {
                    rankSum += midRank;
                    positives++;
                }
            }
            i = end;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    public int size() {
        return size;
    }

    /** Share answered correctly when everything is served locally. */
    public double allLocalQuality() {
        return smallQuality;
    }

    /** Share answered correctly when everything is served remotely. */
    public double allRemoteQuality() {
        return largeQuality;
    }

    /** AUC of the score for "the small model answers wrongly"; NaN when every label is the same. */
    public double auc() {
        return auc;
    }

    /** The expected share answered correctly when {@code localShare} of the requests (the easiest) go local. */
    public double qualityAt(double localShare) {
        checkShare(localShare);
        double position = localShare * size;
        int lower = (int) Math.floor(position);
        if (lower >= size) {
            return quality[size];
        }
        double fraction = position - lower;
        return quality[lower] + fraction * (quality[lower + 1] - quality[lower]);
    }

    /** The random router's expected quality at a local share: a straight line from all-remote to all-local. */
    public double randomQualityAt(double localShare) {
        checkShare(localShare);
        return largeQuality + localShare * (smallQuality - largeQuality);
    }

    /** Performance gap recovered at a local share; NaN when both models score the same. */
    public double pgrAt(double localShare) {
        double gap = largeQuality - smallQuality;
        return gap == 0 ? Double.NaN : (qualityAt(localShare) - smallQuality) / gap;
    }

    /** RouteLLM's APGR: the mean PGR over remote shares from 0 to 1; NaN when both models score the same. */
    public double apgr() {
        double gap = largeQuality - smallQuality;
        if (gap == 0) {
            return Double.NaN;
        }
        double area = 0;
        for (int k = 0; k < size; k++) {
            area += (quality[k] + quality[k + 1]) / 2.0;
        }
        return (area / size - smallQuality) / gap;
    }

    /** The random router's APGR: 0.5 by construction (NaN when both models score the same). */
    public double randomApgr() {
        return largeQuality == smallQuality ? Double.NaN : 0.5;
    }

    /**
     * The largest local share that keeps at least {@code fraction} of the all-remote quality; 0 when only
     * serving everything remotely does.
     */
    public double localShareKeeping(double fraction) {
        double target = fraction * largeQuality;
        for (int k = size; k >= 0; k--) {
            if (quality[k] >= target - 1e-12) {
                if (k == size) {
                    return 1.0;
                }
                double drop = quality[k] - quality[k + 1];
                double extra = drop <= 0 ? 0 : Math.min(1, (quality[k] - target) / drop);
                return (k + extra) / size;
            }
        }
        return 0.0;
    }

    /** The random router's expected local share keeping {@code fraction} of the all-remote quality. */
    public double randomLocalShareKeeping(double fraction) {
        double gap = largeQuality - smallQuality;
        if (gap <= 0) {
            return 1.0;
        }
        return Math.max(0, Math.min(1, (1 - fraction) * largeQuality / gap));
    }

    /**
     * The score threshold that serves {@code localShare} of these requests locally: requests scoring
     * below it go local. With ties the share reached may differ a little; {@link #localShareBelow} says.
     */
    public double thresholdForLocalShare(double localShare) {
        checkShare(localShare);
        int k = (int) Math.round(localShare * size);
        if (k <= 0) {
            return sortedScores[0];
        }
        if (k >= size) {
            return Math.nextUp(sortedScores[size - 1]);
        }
        return sortedScores[k] == sortedScores[k - 1] ? sortedScores[k] : (sortedScores[k - 1] + sortedScores[k]) / 2;
    }

    /** The share of these requests that score strictly below a threshold. */
    public double localShareBelow(double threshold) {
        int count = 0;
        for (double score : sortedScores) {
            if (score < threshold) {
                count++;
            }
        }
        return count / (double) size;
    }

    private static void checkShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("local share must be in [0, 1], was " + share);
        }
    }
}
