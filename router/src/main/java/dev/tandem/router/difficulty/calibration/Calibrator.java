package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyFeatures;
import dev.tandem.router.difficulty.PromptKind;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import dev.tandem.router.difficulty.evaluation.RoutingOutcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Learns a {@link Calibration} from labelled prompts: cross-validates every {@link Candidate} model
 * (length only, the prompt signals, task types, the embedding head, nearest neighbours), chooses the one
 * with the best APGR, fits it on every line, and picks the threshold that serves the target share of
 * requests locally.
 *
 * <pre>{@code
 * CalibratedDifficultyEstimator features = CalibratedDifficultyEstimator.create(DifficultyConfig.ofDefaults());
 * CalibrationResult result = Calibrator.of(features, CalibrationOptions.defaults())
 *         .calibrate(LabelledPrompt.read(Path.of("labelled.jsonl"), false), CalibrationProgress.NONE);
 * result.calibration().write(Path.of("calibration.json"));
 * }</pre>
 *
 * <p>Validation holds out lines at random and, when the lines name enough {@code source}s, whole
 * sources at a time (the model then scores a subject it never saw). The choice is made on the mean APGR
 * of both. Each prompt kind ({@link PromptKind}) on which the chosen model loses to length only on
 * held-out folds, or that is rare in the data (fewer than {@value #MIN_KIND_LINES} lines and under a
 * tenth of them), or that the options name, is scored by length only: a model is not trusted on
 * prompts it was not shown to route. Lines labelled {@code
 * local}/{@code remote} train the same target (remote = the small model is wrong). Deterministic for
 * given data and options.
 */
public final class Calibrator {

    /** Lines a prompt kind needs (unless it is a tenth of the data) before the chosen model is trusted on it. */
    public static final int MIN_KIND_LINES = 100;

    /** The candidates a calibration file can hold. */
    private static final Set<Candidate> WRITABLE =
            EnumSet.of(Candidate.LENGTH, Candidate.FEATURES, Candidate.TASK_TYPES, Candidate.EMBEDDING_HEAD);

    private final CalibratedDifficultyEstimator features;
    private final CalibrationOptions options;

    private Calibrator(CalibratedDifficultyEstimator features, CalibrationOptions options) {
        this.features = features;
        this.options = options;
    }

    /**
     * @param features the estimator whose signals to weigh (its configuration decides which signals
     *     exist, and whether embeddings do, and from which model)
     */
    public static Calibrator of(CalibratedDifficultyEstimator features, CalibrationOptions options) {
        return new Calibrator(requireNonNull(features, "features"), requireNonNull(options, "options"));
    }

    /**
     * @throws IllegalArgumentException when the data has fewer lines than folds, or only one class, or
     *     the chosen model cannot be written to a calibration file
     */
    public CalibrationResult calibrate(List<LabelledPrompt> data, CalibrationProgress progress) {
        if (data.size() < options.folds()) {
            throw new IllegalArgumentException(
                    "calibration needs at least " + options.folds() + " labelled lines, got " + data.size());
        }
        long wrong = data.stream().filter(line -> !line.smallCorrect()).count();
        if (wrong == 0 || wrong == data.size()) {
            throw new IllegalArgumentException("calibration needs lines the small model gets right and lines it gets"
                    + " wrong; all " + data.size() + " are " + (wrong == 0 ? "right (local)" : "wrong (remote)"));
        }
        long positives = data.stream().filter(options.target()::test).count();
        if (positives == 0 || positives == data.size()) {
            throw new IllegalArgumentException("calibration needs lines of both outcomes of its target ("
                    + options.target().description() + "); all " + data.size() + " are " + (positives == 0 ? "not" : "")
                    + " " + options.target().description());
        }
        options.model().ifPresent(model -> {
            if (!WRITABLE.contains(model)) {
                throw new IllegalArgumentException(
                        "model " + model.id() + " cannot be written to a calibration file;" + " choose one of "
                                + WRITABLE.stream().map(Candidate::id).toList());
            }
        });
        List<DifficultyFeatures> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(features.features(data.get(i).prompt()));
            progress.update("computing signals", i + 1, data.size());
        }
        SignalTable table = new SignalTable(data, rows, options.target());
        CrossValidation validation = new CrossValidation(table, options, progress);
        Map<String, RoutingEvaluation> signals = new LinkedHashMap<>();
        for (int j = 0; j < table.names.size(); j++) {
            double[] alone = new double[table.size()];
            for (int i = 0; i < table.size(); i++) {
                alone[i] = table.values[i][j];
            }
            signals.put(table.names.get(j), evaluate(table, alone, i -> true));
        }

        Map<Candidate, double[]> randomScores = new EnumMap<>(Candidate.class);
        Map<Candidate, double[]> sourceScores = new EnumMap<>(Candidate.class);
        List<CandidateResult> candidates = new ArrayList<>();
        for (Candidate candidate : candidates(table)) {
            double[] random =
                    validation.outOfFold(candidate, validation.randomFolds(), "cross-validating " + candidate.id());
            randomScores.put(candidate, random);
            Optional<RoutingEvaluation> bySource = validation.sourceFolds().map(folds -> {
                double[] scores =
                        validation.outOfFold(candidate, folds, "cross-validating " + candidate.id() + " by source");
                sourceScores.put(candidate, scores);
                return evaluate(table, scores, i -> true);
            });
            candidates.add(new CandidateResult(candidate, evaluate(table, random, i -> true), bySource));
        }
        Candidate chosen = options.model()
                .orElseGet(() -> candidates.stream()
                        .filter(result -> WRITABLE.contains(result.candidate()))
                        .max(java.util.Comparator.comparingDouble(CandidateResult::selectionApgr))
                        .orElseThrow()
                        .candidate());

        // Held-out scores per group: by source when sources were held out whole, else the random folds.
        Map<Candidate, double[]> heldOut = sourceScores.isEmpty() ? randomScores : sourceScores;
        List<GroupComparison> sources = compareBySource(table, heldOut.get(chosen), heldOut.get(Candidate.LENGTH));
        List<GroupComparison> kinds = new ArrayList<>();
        Map<PromptKind, Calibration.Segment> segments = new EnumMap<>(PromptKind.class);
        FittedLogistic lengthOnAll = validation.fitAll(Candidate.LENGTH);
        for (PromptKind kind : PromptKind.values()) {
            Predicate<Integer> ofKind = i -> table.kinds[i] == kind;
            int lines = count(table, ofKind);
            int wrongLines = (int) java.util.stream.IntStream.range(0, table.size())
                    .filter(i -> ofKind.test(i) && table.wrong[i] == 1)
                    .count();
            // A kind is trusted to the chosen model when the data holds enough of it to tell, and the chosen
            // model routes it at least as well as length only on held-out folds.
            boolean represented = lines >= MIN_KIND_LINES || lines >= table.size() / 10;
            boolean comparable = represented && wrongLines > 0 && wrongLines < lines;
            boolean losesToLength = false;
            if (comparable) {
                GroupComparison comparison = new GroupComparison(
                        "kind:" + kind.id(),
                        lines,
                        evaluate(table, heldOut.get(chosen), ofKind).apgr(),
                        evaluate(table, heldOut.get(Candidate.LENGTH), ofKind).apgr());
                kinds.add(comparison);
                losesToLength = comparison.losesToLength();
            }
            if (chosen != Candidate.LENGTH
                    && (!represented || losesToLength || options.lengthOnly().contains(kind))) {
                boolean ownFit = comparable && !options.lengthOnly().contains(kind);
                int[] segmentRows = java.util.stream.IntStream.range(0, table.size())
                        .filter(i -> !ownFit || ofKind.test(i))
                        .toArray();
                FittedLogistic fitted = ownFit ? fitLengthOn(table, ofKind) : lengthOnAll;
                // Longer goes remote first, as the length-only router does; the fitted sign flips between subjects.
                FittedLogistic length = scaledScore(
                        new FittedLogistic(
                                fitted.mean(),
                                fitted.scale(),
                                new double[] {Math.abs(fitted.weights()[0])},
                                fitted.bias()),
                        Candidate.LENGTH,
                        table,
                        segmentRows);
                segments.put(kind, new Calibration.Segment(List.of(lengthWeight(length)), length.bias()));
            }
        }

        // The reported curve is the shipped model's: length only on the kinds it falls back on.
        double[] crossValidatedScores = randomScores.get(chosen).clone();
        for (int i = 0; i < table.size(); i++) {
            if (segments.containsKey(table.kinds[i])) {
                crossValidatedScores[i] = randomScores.get(Candidate.LENGTH)[i];
            }
        }
        RoutingEvaluation evaluation = evaluate(table, crossValidatedScores, i -> true);

        CandidateDesign design = CandidateDesign.of(chosen, table);
        double[][] raw = design.matrix(table, new double[table.size()]);
        FittedLogistic model = scaledScore(
                validation.fitAll(chosen),
                chosen,
                table,
                java.util.stream.IntStream.range(0, table.size()).toArray());
        progress.update("fitting", 1, 1);
        Calibration unthresholded =
                toCalibration(table, design, model, Map.of()).withSegments(segments);
        double[] inSampleScores = new double[table.size()];
        for (int i = 0; i < table.size(); i++) {
            Calibration.Segment segment = segments.get(table.kinds[i]);
            inSampleScores[i] = segment != null ? segment.score(table.names, table.values[i]) : model.score(raw[i]);
        }
        RoutingEvaluation fitted = evaluate(table, inSampleScores, i -> true);
        double threshold = Math.min(1, Math.max(0, fitted.thresholdForLocalShare(options.targetLocalShare())));
        double expectedShare = fitted.localShareBelow(threshold);

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("lines", data.size());
        training.put("target", options.target().description());
        training.put("score", "probability the small model is wrong");
        training.put("model", chosen.id());
        training.put("l2", options.l2());
        training.put("embedding_l2", design.embedding() ? options.embeddingL2() : null);
        training.put("folds", options.folds());
        training.put("cv_auc", round(evaluation.auc()));
        training.put("cv_apgr", round(evaluation.apgr()));
        candidates.stream()
                .filter(result -> result.candidate() == chosen)
                .findFirst()
                .flatMap(CandidateResult::sourceFolds)
                .ifPresent(bySource -> training.put("cv_apgr_by_source", round(bySource.apgr())));
        training.put(
                "cv_quality_kept_at_target",
                round(evaluation.qualityAt(expectedShare) / evaluation.allRemoteQuality()));
        training.put(
                "length_only_kinds",
                segments.keySet().stream().map(PromptKind::id).toList());
        Calibration calibration = Calibration.of(
                        unthresholded.features(),
                        unthresholded.embedding(),
                        unthresholded.bias(),
                        threshold,
                        options.targetLocalShare(),
                        training)
                .withSegments(segments)
                .withEmbeddingKind(features.config().embeddingKind());
        return new CalibrationResult(
                calibration,
                evaluation,
                expectedShare,
                evaluation.qualityAt(expectedShare) / evaluation.allRemoteQuality(),
                chosen,
                candidates,
                sources,
                kinds,
                signals);
    }

    private List<Candidate> candidates(SignalTable table) {
        List<Candidate> candidates = new ArrayList<>();
        for (Candidate candidate : Candidate.values()) {
            if (candidate.needsEmbedding() && table.embeddings == null) {
                continue;
            }
            if (candidate == Candidate.EMBEDDING_HEAD
                    && !options.embeddingHead()
                    && options.model().orElse(null) != Candidate.EMBEDDING_HEAD) {
                continue;
            }
            candidates.add(candidate);
        }
        options.model().ifPresent(model -> {
            if (!candidates.contains(model)) {
                throw new IllegalArgumentException(
                        "model " + model.id() + " needs the sentence embedding, which is off");
            }
        });
        return candidates;
    }

    private static Calibration toCalibration(
            SignalTable table, CandidateDesign design, FittedLogistic model, Map<String, Object> training) {
        List<Calibration.FeatureWeight> weights = new ArrayList<>();
        int[] signals = design.signals();
        for (int j = 0; j < signals.length; j++) {
            weights.add(new Calibration.FeatureWeight(
                    table.names.get(signals[j]), model.mean()[j], model.scale()[j], model.weights()[j]));
        }
        Optional<Calibration.EmbeddingWeights> embedding = Optional.empty();
        if (design.embedding() && table.embeddings != null) {
            int dims = table.embeddings[0].length;
            double[] mean = new double[dims];
            double[] scale = new double[dims];
            double[] weight = new double[dims];
            for (int j = 0; j < dims; j++) {
                mean[j] = model.mean()[signals.length + j];
                scale[j] = model.scale()[signals.length + j];
                weight[j] = model.weights()[signals.length + j];
            }
            embedding = Optional.of(new Calibration.EmbeddingWeights(mean, scale, weight));
        }
        return Calibration.of(weights, embedding, model.bias(), 0.5, 0.5, training);
    }

    /**
     * Whatever the target, the score a calibration writes estimates the probability the small model is
     * wrong, so thresholds keep their meaning: a model fitted to another target keeps its ranking and has
     * its logit rescaled to that probability on the given rows.
     */
    private FittedLogistic scaledScore(FittedLogistic model, Candidate candidate, SignalTable table, int[] rows) {
        if (options.target() == Target.SMALL_WRONG) {
            return model;
        }
        double[][] raw = CandidateDesign.of(candidate, table).matrix(table, new double[table.size()]);
        return model.scaledToSmallWrong(raw, table.smallCorrect, rows);
    }

    private FittedLogistic fitLengthOn(SignalTable table, Predicate<Integer> rows) {
        CandidateDesign design = CandidateDesign.of(Candidate.LENGTH, table);
        int[] selected = java.util.stream.IntStream.range(0, table.size())
                .filter(rows::test)
                .toArray();
        return FittedLogistic.fit(
                design.matrix(table, new double[table.size()]),
                table.wrong,
                design.penalties(table, options),
                selected);
    }

    /**
     * Length's weight in a length-only segment, made to grow with length whatever the sign fitted: the
     * direction of the length-only router it falls back on (the fitted sign flips between subjects).
     */
    private static Calibration.FeatureWeight lengthWeight(FittedLogistic length) {
        return new Calibration.FeatureWeight(
                DifficultyFeatures.LENGTH, length.mean()[0], length.scale()[0], Math.abs(length.weights()[0]));
    }

    private static List<GroupComparison> compareBySource(SignalTable table, double[] chosen, double[] length) {
        Map<String, Boolean> named = new TreeMap<>();
        for (String source : table.sources) {
            if (!source.isEmpty()) {
                named.put(source, true);
            }
        }
        List<GroupComparison> comparisons = new ArrayList<>();
        for (String source : named.keySet()) {
            Predicate<Integer> ofSource = i -> table.sources[i].equals(source);
            RoutingEvaluation byChosen = evaluate(table, chosen, ofSource);
            if (byChosen.allRemoteQuality() == byChosen.allLocalQuality()) {
                continue; // APGR is undefined where both models score the same.
            }
            comparisons.add(new GroupComparison(
                    source,
                    byChosen.size(),
                    byChosen.apgr(),
                    evaluate(table, length, ofSource).apgr()));
        }
        return comparisons;
    }

    private static int count(SignalTable table, Predicate<Integer> rows) {
        int count = 0;
        for (int i = 0; i < table.size(); i++) {
            count += rows.test(i) ? 1 : 0;
        }
        return count;
    }

    private static RoutingEvaluation evaluate(SignalTable table, double[] scores, Predicate<Integer> rows) {
        List<RoutingOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (rows.test(i)) {
                outcomes.add(new RoutingOutcome(scores[i], table.smallCorrect[i], table.largeCorrect[i]));
            }
        }
        return RoutingEvaluation.of(outcomes);
    }

    private static double round(double value) {
        return Double.isNaN(value) ? Double.NaN : Math.round(value * 10000) / 10000.0;
    }
}
