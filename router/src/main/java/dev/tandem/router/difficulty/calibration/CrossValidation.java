package dev.tandem.router.difficulty.calibration;

import dev.tandem.router.difficulty.internal.NeighbourIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Out-of-fold scores of each candidate over one {@link SignalTable}, for two fold schemes: lines at
 * random, and whole sources held out together. Neighbour lists are found once for all lines and
 * filtered to each fold's training lines, so k-nearest-neighbour candidates cost one pass.
 */
final class CrossValidation {

    /** Neighbours kept per line before filtering by fold: enough when a whole source is held out. */
    private static final int NEIGHBOUR_LIST = 400;

    private final SignalTable table;
    private final CalibrationOptions options;
    private final CalibrationProgress progress;
    private final int[] randomFolds;
    private final int @Nullable [] sourceFolds;
    private int @Nullable [][] neighbourLists;

    CrossValidation(SignalTable table, CalibrationOptions options, CalibrationProgress progress) {
        this.table = table;
        this.options = options;
        this.progress = progress;
        this.randomFolds = randomFolds(table.size(), options);
        this.sourceFolds = sourceFolds(table.sources, options);
    }

    int[] randomFolds() {
        return randomFolds;
    }

    Optional<int[]> sourceFolds() {
        return Optional.ofNullable(sourceFolds);
    }

    /** Each line's score by a model of this candidate fitted on the other folds. */
    double[] outOfFold(Candidate candidate, int[] folds, String stage) {
        double[] scores = new double[table.size()];
        for (int f = 0; f < options.folds(); f++) {
            int fold = f;
            int[] train = IntStream.range(0, table.size())
                    .filter(i -> folds[i] != fold)
                    .toArray();
            int[] test = IntStream.range(0, table.size())
                    .filter(i -> folds[i] == fold)
                    .toArray();
            if (test.length == 0) {
                continue;
            }
            boolean[] inTrain = new boolean[table.size()];
            for (int i : train) {
                inTrain[i] = true;
            }
            Scorer scorer = fit(candidate, train, inTrain);
            for (int i : test) {
                scores[i] = scorer.score(i);
            }
            progress.update(stage, f + 1, options.folds());
        }
        return scores;
    }

    /** A model of this candidate fitted on every line. */
    FittedLogistic fitAll(Candidate candidate) {
        int[] all = IntStream.range(0, table.size()).toArray();
        boolean[] inTrain = new boolean[table.size()];
        Arrays.fill(inTrain, true);
        return ((LogisticScorer) fit(candidate, all, inTrain)).model;
    }

    /** The share of wrong answers among each line's k nearest training lines, the line itself left out. */
    double[] neighbourShare(boolean[] inTrain) {
        int[][] lists = neighbourLists();
        double prior = 0;
        int trainCount = 0;
        for (int i = 0; i < table.size(); i++) {
            if (inTrain[i]) {
                prior += table.wrong[i];
                trainCount++;
            }
        }
        prior /= Math.max(1, trainCount);
        double[] share = new double[table.size()];
        int k = options.neighbours();
        for (int i = 0; i < table.size(); i++) {
            double wrong = 0;
            int found = 0;
            for (int j : lists[i]) {
                if (inTrain[j]) {
                    wrong += table.wrong[j];
                    if (++found == k) {
                        break;
                    }
                }
            }
            share[i] = (wrong + options.neighbourPrior() * prior) / (found + options.neighbourPrior());
        }
        return share;
    }

    private Scorer fit(Candidate candidate, int[] train, boolean[] inTrain) {
        CandidateDesign design = CandidateDesign.of(candidate, table);
        double[] share = design.neighbours() ? neighbourShare(inTrain) : new double[table.size()];
        if (candidate == Candidate.NEIGHBOURS) {
            return i -> share[i];
        }
        double[][] raw = design.matrix(table, share);
        FittedLogistic model = FittedLogistic.fit(raw, table.wrong, design.penalties(table, options), train);
        return new LogisticScorer(model, raw);
    }

    private int[][] neighbourLists() {
        if (neighbourLists == null) {
            float[][] embeddings = table.embeddings;
            if (embeddings == null) {
                throw new IllegalStateException("neighbour candidates need embeddings");
            }
            NeighbourIndex index = NeighbourIndex.of(embeddings);
            int keep = Math.min(NEIGHBOUR_LIST, table.size() - 1);
            AtomicInteger done = new AtomicInteger();
            int[][] lists = new int[table.size()][];
            IntStream.range(0, table.size()).parallel().forEach(i -> {
                lists[i] = index.nearest(embeddings[i], keep, j -> j != i);
                int count = done.incrementAndGet();
                if (count % 100 == 0 || count == table.size()) {
                    synchronized (this) {
                        progress.update("finding neighbours", count, table.size());
                    }
                }
            });
            neighbourLists = lists;
        }
        return neighbourLists;
    }

    @FunctionalInterface
    private interface Scorer {
        double score(int row);
    }

    private record LogisticScorer(FittedLogistic model, double[][] raw) implements Scorer {
        @Override
        public double score(int row) {
            return model.score(raw[row]);
        }
    }

    private static int[] randomFolds(int n, CalibrationOptions options) {
        int[] order = IntStream.range(0, n).toArray();
        Random random = new Random(options.seed());
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % options.folds();
        }
        return fold;
    }

    /**
     * Whole sources to folds, largest first, each to the fold with fewest lines so far; null when fewer
     * sources than folds are named (lines without a source count as one source).
     */
    private static int @Nullable [] sourceFolds(String[] sources, CalibrationOptions options) {
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < sources.length; i++) {
            bySource.computeIfAbsent(sources[i], s -> new ArrayList<>()).add(i);
        }
        if (bySource.size() < options.folds() || (bySource.size() == 1)) {
            return null;
        }
        List<List<Integer>> groups = new ArrayList<>(bySource.values());
        groups.sort(Comparator.<List<Integer>>comparingInt(List::size).reversed());
        int[] fold = new int[sources.length];
        int[] load = new int[options.folds()];
        for (List<Integer> group : groups) {
            int target = 0;
            for (int f = 1; f < load.length; f++) {
                if (load[f] < load[target]) {
                    target = f;
                }
            }
            for (int i : group) {
                fold[i] = target;
            }
            load[target] += group.size();
        }
        return fold;
    }
}
