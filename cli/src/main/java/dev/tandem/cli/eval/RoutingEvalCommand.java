package dev.tandem.cli.eval;

import dev.tandem.cli.Console;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.DifficultyEstimators;
import dev.tandem.router.difficulty.DifficultyFeatures;
import dev.tandem.router.difficulty.evaluation.CurvePlot;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import dev.tandem.router.difficulty.evaluation.RoutingOutcome;
import dev.tandem.router.difficulty.evaluation.RoutingReport;
import dev.tandem.router.difficulty.internal.SentenceEmbeddings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tandem eval routing FILE.jsonl}: how well the difficulty score routes labelled prompts. */
@Command(
        name = "routing",
        mixinStandardHelpOptions = true,
        description = {
            "Score labelled prompts with the difficulty estimator and report how well it routes them, against a"
                    + " random router:",
            "AUC, APGR (RouteLLM), the local share that keeps 80% and 95% of all-remote quality, and the quality"
                    + " curve.",
            "Input lines: {\"prompt\", \"small_correct\": bool, \"large_correct\": bool}."
        })
public final class RoutingEvalCommand implements Runnable {

    @ParentCommand
    private EvalCommand parent;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Labelled prompts.")
    private Path data;

    @Option(
            names = "--calibration",
            paramLabel = "FILE",
            description = "A calibration file from tandem calibrate (default: the built-in one).")
    private @Nullable Path calibration;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Score as this policy's router does: its task types, and its calibration file unless"
                    + " --calibration names one.")
    private @Nullable Path policy;

    @Option(names = "--no-embedding", description = "Prompt features only (with the built-in calibration).")
    private boolean noEmbedding;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the curve as a PNG.")
    private @Nullable Path plot;

    @Option(
            names = "--steps",
            defaultValue = "10",
            paramLabel = "N",
            description = "Rows of the curve table (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(
            names = "--embedding-cache",
            paramLabel = "FILE",
            description = "Keep prompt embeddings in this file, so a rerun on the same data embeds nothing.")
    private @Nullable Path embeddingCache;

    @Override
    public void run() {
        if (steps < 1 || steps > 1000) {
            throw new IllegalArgumentException("--steps must be in [1, 1000], was " + steps);
        }
        Console console = parent.console();
        List<LabelledPrompt> prompts = LabelledPrompt.read(data, true);
        DifficultyConfig.Builder config = DifficultyConfig.custom().embedding(!noEmbedding);
        Path calibrationFile = calibration;
        if (policy != null) {
            Policy loadedPolicy = PolicyLoader.load(policy);
            config.taskExemplars(DifficultyEstimators.taskExemplars(loadedPolicy));
            if (calibrationFile == null) {
                calibrationFile = loadedPolicy.assessment().calibrationFile().orElse(null);
            }
        }
        if (calibrationFile != null) {
            Calibration loaded = Calibration.load(calibrationFile);
            config.calibration(loaded).embedding(loaded.needsEmbedding());
        }
        DifficultyConfig built = config.build();
        EmbeddingCacheFile cache = null;
        if (embeddingCache != null && built.embedding()) {
            cache = EmbeddingCacheFile.open(SentenceEmbeddings.shared(), embeddingCache);
            config.embeddingModel(cache);
        }
        CalibratedDifficultyEstimator estimator = CalibratedDifficultyEstimator.create(config.build());
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        List<RoutingOutcome> outcomes = new ArrayList<>(prompts.size());
        List<RoutingOutcome> byLength = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            LabelledPrompt prompt = prompts.get(i);
            DifficultyFeatures features = estimator.features(prompt.prompt());
            outcomes.add(new RoutingOutcome(
                    estimator.score(features).score(), prompt.smallCorrect(), prompt.largeCorrect()));
            // The baseline: longer prompts go remote first.
            byLength.add(new RoutingOutcome(
                    features.rawValue(DifficultyFeatures.LENGTH).orElseThrow(),
                    prompt.smallCorrect(),
                    prompt.largeCorrect()));
            progress.update("scoring", i + 1, prompts.size());
        }
        progress.done();
        if (cache != null) {
            cache.save();
        }
        RoutingEvaluation evaluation = RoutingEvaluation.of(outcomes);
        RoutingEvaluation lengthOnly = RoutingEvaluation.of(byLength);

        var out = console.out();
        out.printf(
                Locale.ROOT,
                "routing evaluation of %s with %s%n",
                data.getFileName(),
                calibrationFile != null ? calibrationFile.toString() : "the built-in calibration");
        out.print(RoutingReport.summary(evaluation));
        out.printf(
                Locale.ROOT,
                "length-only router (longer goes remote first): AUC %.3f, APGR %.3f, local share at 80%% %.3f,"
                        + " at 95%% %.3f%n",
                lengthOnly.auc(),
                lengthOnly.apgr(),
                lengthOnly.localShareKeeping(0.80),
                lengthOnly.localShareKeeping(0.95));
        out.println();
        out.println("quality against local share:");
        out.print(RoutingReport.curve(evaluation, steps));
        if (plot != null) {
            CurvePlot.write(
                    evaluation,
                    java.util.Optional.of(lengthOnly),
                    "Routing on " + data.getFileName(),
                    OptionalDouble.empty(),
                    plot);
            out.println();
            out.println("wrote " + plot);
        }
    }
}
