package dev.tandem.cli.calibrate;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.eval.EmbeddingCacheFile;
import dev.tandem.cli.eval.ProgressBar;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.DifficultyEstimators;
import dev.tandem.router.difficulty.EmbeddingKind;
import dev.tandem.router.difficulty.PromptKind;
import dev.tandem.router.difficulty.calibration.CalibrationOptions;
import dev.tandem.router.difficulty.calibration.CalibrationResult;
import dev.tandem.router.difficulty.calibration.Calibrator;
import dev.tandem.router.difficulty.calibration.Candidate;
import dev.tandem.router.difficulty.calibration.CandidateResult;
import dev.tandem.router.difficulty.calibration.Target;
import dev.tandem.router.difficulty.evaluation.CurvePlot;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingReport;
import dev.tandem.router.difficulty.internal.SentenceEmbeddings;
import dev.tandem.router.learn.TrafficLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem calibrate}: learns the difficulty weights and threshold from labelled prompts. */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = {
            "Learn the difficulty estimator's weights and threshold from labelled prompts, and write a calibration",
            "file that a policy references (assessment.difficulty.calibration-file).",
            "Input lines: {\"prompt\", \"small_correct\": bool, \"large_correct\": bool} or {\"prompt\", \"label\":"
                    + " \"local|remote\"}.",
            "Prints the expected local share, the quality kept relative to all-remote and the cross-validated curve;",
            "writes the curve as a PNG next to the calibration file."
        })
public final class CalibrateCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Option(names = "--data", paramLabel = "FILE.jsonl", description = "Labelled prompts.")
    private @Nullable Path data;

    @Option(
            names = "--from-traffic",
            paramLabel = "STORE.jsonl",
            description = "Refit from the labels a router learned from traffic (the policy's learning.store:"
                    + " escalations, shadow mode) instead of --data.")
    private @Nullable Path fromTraffic;

    @Option(
            names = "--target-local-share",
            defaultValue = "0.6",
            paramLabel = "SHARE",
            description = "Share of requests to serve locally, in [0, 1] (default: ${DEFAULT-VALUE}).")
    private double targetLocalShare;

    @Option(
            names = "--out",
            defaultValue = "calibration.json",
            paramLabel = "FILE",
            description = "Calibration file to write (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--plot",
            paramLabel = "FILE.png",
            description = "Where to draw the curve (default: next to --out).")
    private @Nullable Path plot;

    @Option(
            names = "--no-embedding",
            description = "Weigh prompt features only: no sentence embedding, no task types (faster to run).")
    private boolean noEmbedding;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Also weigh the task types this policy adds (assessment.difficulty.task-types).")
    private @Nullable Path policy;

    @Option(
            names = "--embedding",
            defaultValue = "full",
            paramLabel = "static|full",
            description =
                    "The task signal's embedding: static vectors distilled from all-MiniLM-L6-v2 (~0.1 ms per prompt)"
                            + " or the full model (~2 ms per prompt) (default: ${DEFAULT-VALUE}).")
    private String embedding;

    @Option(names = "--no-embedding-head", description = "Use task types but do not weigh the embedding's dimensions.")
    private boolean noEmbeddingHead;

    @Option(
            names = "--l2",
            defaultValue = "1.0",
            paramLabel = "LAMBDA",
            description = "L2 penalty on signal weights (default: ${DEFAULT-VALUE}).")
    private double l2;

    @Option(
            names = "--embedding-l2",
            defaultValue = "300",
            paramLabel = "LAMBDA",
            description = "L2 penalty on embedding weights (default: ${DEFAULT-VALUE}).")
    private double embeddingL2;

    @Option(
            names = "--model",
            defaultValue = "auto",
            paramLabel = "MODEL",
            description = "auto (the best by cross-validation), length, features, task-types or embedding-head"
                    + " (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(
            names = "--drop-duplicates",
            description = "Keep the first line of a repeated prompt instead of refusing the file.")
    private boolean dropDuplicates;

    @Option(
            names = "--embedding-cache",
            paramLabel = "FILE",
            description = "Keep prompt embeddings in this file, so a rerun on the same data embeds nothing.")
    private @Nullable Path embeddingCache;

    @Option(
            names = "--length-only",
            paramLabel = "KIND",
            description = "Score this kind of prompt (multiple-choice, maths-word-problem, open) by length only,"
                    + " for instance where its labels are synthetic; repeatable.")
    private List<String> lengthOnly = new java.util.ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "FILE.jsonl",
            description = "Leave out the prompts of this file (a held-out set), wherever they appear in --data.")
    private @Nullable Path exclude;

    @Option(
            names = "--target",
            defaultValue = "small-wrong",
            paramLabel = "TARGET",
            description = "What the score predicts: small-wrong (the local model answers wrongly) or remote-helps"
                    + " (it does and the remote one answers rightly) (default: ${DEFAULT-VALUE}).")
    private String target;

    @Override
    public void run() {
        Console console = parent.console();
        CalibrationOptions defaults = CalibrationOptions.defaults();
        CalibrationOptions options = new CalibrationOptions(
                targetLocalShare,
                l2,
                embeddingL2,
                !noEmbeddingHead,
                defaults.folds(),
                defaults.seed(),
                model.equals("auto") ? Optional.empty() : Optional.of(Candidate.ofId(model)),
                defaults.neighbours(),
                defaults.neighbourPrior(),
                lengthOnly.stream().map(PromptKind::ofId).collect(java.util.stream.Collectors.toSet()),
                Target.ofId(target));
        if ((data == null) == (fromTraffic == null)) {
            throw new IllegalArgumentException("give exactly one of --data FILE.jsonl and --from-traffic STORE.jsonl");
        }
        Path input = data != null ? data : fromTraffic;
        List<LabelledPrompt> prompts = data != null
                ? LabelledPrompt.read(
                        data, false, dropDuplicates ? LabelledPrompt.Duplicates.DROP : LabelledPrompt.Duplicates.REFUSE)
                : TrafficLabels.read(fromTraffic);
        if (exclude != null) {
            java.util.Set<String> heldOut = new java.util.HashSet<>();
            LabelledPrompt.read(exclude, false).forEach(line -> heldOut.add(line.prompt()));
            prompts = prompts.stream()
                    .filter(line -> !heldOut.contains(line.prompt()))
                    .toList();
        }
        EmbeddingKind embeddingKind = EmbeddingKind.fromId(embedding);
        DifficultyConfig.Builder config =
                DifficultyConfig.custom().embedding(!noEmbedding).embeddingKind(embeddingKind);
        if (policy != null) {
            config.taskExemplars(DifficultyEstimators.taskExemplars(PolicyLoader.load(policy)));
        }
        EmbeddingCacheFile cache = null;
        if (embeddingCache != null && !noEmbedding && embeddingKind == EmbeddingKind.FULL) {
            cache = EmbeddingCacheFile.open(SentenceEmbeddings.shared(), embeddingCache);
            config.embeddingModel(cache);
        }
        CalibratedDifficultyEstimator features = CalibratedDifficultyEstimator.create(config.build());
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        CalibrationResult result = Calibrator.of(features, options).calibrate(prompts, progress);
        progress.done();
        if (cache != null) {
            cache.save();
        }

        result.calibration().write(out);
        Path plotFile = plot != null ? plot : siblingPng(out);
        CurvePlot.write(
                result.crossValidated(),
                result.candidates().stream()
                        .filter(candidate -> candidate.candidate() == Candidate.LENGTH)
                        .findFirst()
                        .map(CandidateResult::randomFolds),
                "Difficulty calibration on " + input.getFileName() + " (cross-validated)",
                OptionalDouble.of(result.expectedLocalShare()),
                plotFile);

        var print = console.out();
        print.printf(Locale.ROOT, "calibrated on %d lines%n%n", prompts.size());
        print.print(CalibrationReport.signals(result));
        print.println();
        print.print(CalibrationReport.candidates(result));
        print.println();
        print.printf(
                Locale.ROOT,
                "chosen: %s (%s), %s%n",
                result.chosen().id(),
                result.chosen().description(),
                noEmbedding ? "no embedding" : embedding + " embedding");
        print.print(CalibrationReport.groups(result));
        print.printf(
                Locale.ROOT,
                "threshold %.4f: expected local share %.1f%% (target %.1f%%), quality kept %.1f%% of all-remote%n",
                result.calibration().threshold(),
                100 * result.expectedLocalShare(),
                100 * targetLocalShare,
                100 * result.qualityKept());
        print.println();
        print.print(RoutingReport.summary(result.crossValidated()));
        print.println();
        print.println("quality against local share (5-fold cross-validated):");
        print.print(RoutingReport.curve(result.crossValidated(), 10));
        print.println();
        print.println("wrote " + out);
        print.println("wrote " + plotFile);
    }

    private static Path siblingPng(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + ".png");
    }
}
