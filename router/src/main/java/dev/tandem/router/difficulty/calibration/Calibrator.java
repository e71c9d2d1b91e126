package dev.tandem.router.difficulty.calibration;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyFeatures;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import dev.tandem.router.difficulty.evaluation.RoutingOutcome;
import dev.tandem.router.difficulty.internal.LogisticRegression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Learns a {@link Calibration} from labelled prompts: a logistic regression (L2-penalised) that
 * predicts "the small model answers wrongly" from the estimator's signals and, optionally, the prompt
 * embedding; then the threshold that serves the target share of requests locally.
 *
 * <pre>{@code
 * CalibratedDifficultyEstimator features = CalibratedDifficultyEstimator.create(DifficultyConfig.ofDefaults());
 * CalibrationResult result = Calibrator.of(features, CalibrationOptions.defaults())
 *         .calibrate(LabelledPrompt.read(Path.of("labelled.jsonl"), false), CalibrationProgress.NONE);
 * result.calibration().write(Path.of("calibration.json"));
 * }</pre>
 *
 * <p>Lines labelled {@code local}/{@code remote} train the same target (remote = the small model is
 * wrong). The reported curve is cross-validated. Deterministic for given data and options.
 */
public final class Calibrator {

    private final CalibratedDifficultyEstimator features;
    private final CalibrationOptions options;

    private Calibrator(CalibratedDifficultyEstimator features, CalibrationOptions options) {
        this.features = features;
        this.options = options;
    }

    /**
     * @param features the estimator whose signals to weigh (its configuration decides which signals
     *     exist, and whether embeddings do)
     */
    public static Calibrator of(CalibratedDifficultyEstimator features, CalibrationOptions options) {
        return new Calibrator(requireNonNull(features, "features"), requireNonNull(options, "options"));
    }

    /**
     * @throws IllegalArgumentException when the data has fewer lines than folds, or only one class
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
        List<DifficultyFeatures> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(features.features(data.get(i).prompt()));
            progress.update("computing signals", i + 1, data.size());
        }
        List<String> names = rows.get(0).names();
        boolean embeddingHead =
                options.embeddingHead() && rows.get(0).embedding().isPresent();
        int signals = names.size();
        int dims = embeddingHead ? rows.get(0).embedding().get().length : 0;
        double[][] raw = new double[rows.size()][signals + dims];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            DifficultyFeatures row = rows.get(i);
            System.arraycopy(row.values(), 0, raw[i], 0, signals);
            if (embeddingHead) {
                float[] embedding = row.embedding().orElseThrow();
                for (int j = 0; j < dims; j++) {
                    raw[i][signals + j] = embedding[j];
                }
            }
            y[i] = data.get(i).smallCorrect() ? 0 : 1;
        }
        double[] penalties = new double[signals + dims];
        for (int j = 0; j < penalties.length; j++) {
            penalties[j] = j < signals ? options.l2() : options.embeddingL2();
        }

        // Out-of-fold scores for an honest curve.
        int[] fold = folds(rows.size());
        double[] outOfFold = new double[rows.size()];
        for (int f = 0; f < options.folds(); f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                (fold[i] == f ? test : train).add(i);
            }
            Fitted model = fit(raw, y, penalties, train);
            for (int i : test) {
                outOfFold[i] = model.score(raw[i]);
            }
            progress.update("cross-validating", f + 1, options.folds());
        }
        List<RoutingOutcome> crossValidated = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            crossValidated.add(new RoutingOutcome(
                    outOfFold[i], data.get(i).smallCorrect(), data.get(i).largeCorrect()));
        }
        RoutingEvaluation evaluation = RoutingEvaluation.of(crossValidated);

        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            all.add(i);
        }
        Fitted model = fit(raw, y, penalties, all);
        progress.update("fitting", 1, 1);
        List<RoutingOutcome> inSample = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            inSample.add(new RoutingOutcome(
                    model.score(raw[i]), data.get(i).smallCorrect(), data.get(i).largeCorrect()));
        }
        RoutingEvaluation fitted = RoutingEvaluation.of(inSample);
        double threshold = Math.min(1, Math.max(0, fitted.thresholdForLocalShare(options.targetLocalShare())));
        double expectedShare = fitted.localShareBelow(threshold);

        List<Calibration.FeatureWeight> weights = new ArrayList<>();
        for (int j = 0; j < signals; j++) {
            weights.add(new Calibration.FeatureWeight(names.get(j), model.mean[j], model.scale[j], model.weights[j]));
        }
        Optional<Calibration.EmbeddingWeights> embedding = Optional.empty();
        if (embeddingHead) {
            double[] mean = new double[dims];
            double[] scale = new double[dims];
            double[] weight = new double[dims];
            for (int j = 0; j < dims; j++) {
                mean[j] = model.mean[signals + j];
                scale[j] = model.scale[signals + j];
                weight[j] = model.weights[signals + j];
            }
            embedding = Optional.of(new Calibration.EmbeddingWeights(mean, scale, weight));
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("lines", data.size());
        training.put("target", "small model wrong");
        training.put("l2", options.l2());
        training.put("embedding_l2", embeddingHead ? options.embeddingL2() : null);
        training.put("folds", options.folds());
        training.put("cv_auc", round(evaluation.auc()));
        training.put("cv_apgr", round(evaluation.apgr()));
        training.put(
                "cv_quality_kept_at_target",
                round(evaluation.qualityAt(expectedShare) / evaluation.allRemoteQuality()));
        Calibration calibration = Calibration.of(
                        weights, embedding, model.bias, threshold, options.targetLocalShare(), training)
                .withEmbeddingKind(features.config().embeddingKind());
        return new CalibrationResult(
                calibration,
                evaluation,
                expectedShare,
                evaluation.qualityAt(expectedShare) / evaluation.allRemoteQuality());
    }

    private int[] folds(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
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

    private static Fitted fit(double[][] raw, double[] y, double[] penalties, List<Integer> rows) {
        int d = penalties.length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += raw[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.size();
        }
        for (int i : rows) {
            for (int j = 0; j < d; j++) {
                double delta = raw[i][j] - mean[j];
                scale[j] += delta * delta;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / rows.size());
            // A constant column carries nothing; scale 1 keeps it harmless (and its weight is driven to 0).
            scale[j] = sd > 1e-9 ? sd : 1.0;
        }
        double[][] x = new double[rows.size()][d];
        double[] labels = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int i = rows.get(r);
            for (int j = 0; j < d; j++) {
                x[r][j] = (raw[i][j] - mean[j]) / scale[j];
            }
            labels[r] = y[i];
        }
        LogisticRegression.Model model = LogisticRegression.fit(x, labels, penalties);
        return new Fitted(mean, scale, model.weights(), model.bias());
    }

    private record Fitted(double[] mean, double[] scale, double[] weights, double bias) {
        double score(double[] raw) {
            double z = bias;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * (raw[j] - mean[j]) / scale[j];
            }
            return 1 / (1 + Math.exp(-z));
        }
    }

    private static double round(double value) {
        return Double.isNaN(value) ? Double.NaN : Math.round(value * 10000) / 10000.0;
    }
}
