package dev.tandem.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.DifficultyFeatures;
import dev.tandem.router.difficulty.EmbeddingKind;
import dev.tandem.router.difficulty.calibration.CalibrationOptions;
import dev.tandem.router.difficulty.calibration.CalibrationProgress;
import dev.tandem.router.difficulty.calibration.Calibrator;
import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import dev.tandem.router.difficulty.evaluation.RoutingOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem eval embedding FILE.jsonl}: the task signal's embeddings (static vectors, the full
 * all-MiniLM-L6-v2) compared on labelled prompts, each calibrated the way {@code tandem calibrate} does,
 * scored on random folds and on folds that leave whole sources (e.g. MMLU subjects) out.
 */
@Command(
        name = "embedding",
        mixinStandardHelpOptions = true,
        description = {
            "Compare the difficulty estimator's embeddings (static vectors and the full all-MiniLM-L6-v2) on labelled",
            "prompts: each is calibrated as tandem calibrate does (features, task types, embedding head) and scored",
            "out of fold, on random folds and on folds that leave whole sources out (the lines' \"source\" field).",
            "Input lines: {\"prompt\", \"small_correct\": bool, \"large_correct\": bool, \"source\": \"...\"}."
        })
public final class EmbeddingEvalCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private EvalCommand parent;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Labelled prompts with a source.")
    private Path data;

    @Option(
            names = "--folds",
            defaultValue = "5",
            paramLabel = "N",
            description = "Folds, random and by source (default: ${DEFAULT-VALUE}).")
    private int folds;

    @Option(
            names = "--embedding",
            split = ",",
            defaultValue = "static,full",
            paramLabel = "static|full",
            description = "The embeddings to compare (default: ${DEFAULT-VALUE}).")
    private List<String> embeddings;

    @Option(
            names = "--input-chars",
            defaultValue = "128",
            paramLabel = "N",
            description = "Characters of each prompt embedded, as DifficultyConfig.embeddingInputChars"
                    + " (default: ${DEFAULT-VALUE}).")
    private int inputChars;

    @Override
    public void run() {
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2, was " + folds);
        }
        Console console = parent.console();
        List<LabelledPrompt> prompts = LabelledPrompt.read(data, true);
        List<String> sources = sources(data, prompts.size());
        CalibrationOptions options = new CalibrationOptions(
                CalibrationOptions.defaults().targetLocalShare(),
                CalibrationOptions.defaults().l2(),
                CalibrationOptions.defaults().embeddingL2(),
                true,
                folds,
                CalibrationOptions.defaults().seed(),
                CalibrationOptions.defaults().model(),
                CalibrationOptions.defaults().neighbours(),
                CalibrationOptions.defaults().neighbourPrior(),
                CalibrationOptions.defaults().lengthOnly(),
                CalibrationOptions.defaults().target());
        PrintStream out = console.out();
        Map<EmbeddingKind, Comparison> results = new LinkedHashMap<>();
        for (String id : embeddings) {
            EmbeddingKind kind = EmbeddingKind.fromId(id);
            ProgressBar progress = new ProgressBar(console.err(), console.interactive());
            results.put(kind, compare(kind, inputChars, prompts, sources, options, progress));
            progress.done();
        }
        out.printf(
                Locale.ROOT,
                "%d labelled prompts from %s, %d sources, %d folds%n%n",
                prompts.size(),
                data.getFileName(),
                new TreeSet<>(sources).size(),
                folds);
        out.println("| embedding | folds | AUC | APGR | local share at 95% |");
        out.println("|---|---|---|---|---|");
        results.forEach((kind, comparison) -> {
            row(out, kind, "random", comparison.randomFolds());
            row(out, kind, "sources left out", comparison.sourcesLeftOut());
        });
        out.println();
        out.println("APGR per source, sources left out:");
        out.print("| source | lines |");
        results.keySet().forEach(kind -> out.print(" " + kind.id() + " |"));
        out.println();
        out.println("|---|---|" + "---|".repeat(results.size()));
        for (String source : new TreeSet<>(sources)) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %d |",
                    source,
                    sources.stream().filter(source::equals).count());
            for (Comparison comparison : results.values()) {
                out.printf(
                        Locale.ROOT,
                        " %.3f |",
                        comparison.perSource().get(source).apgr());
            }
            out.println();
        }
    }

    private static void row(PrintStream out, EmbeddingKind kind, String folds, RoutingEvaluation evaluation) {
        out.printf(
                Locale.ROOT,
                "| %s | %s | %.3f | %.3f | %.3f |%n",
                kind.id(),
                folds,
                evaluation.auc(),
                evaluation.apgr(),
                evaluation.localShareKeeping(0.95));
    }

    /** Out-of-fold results of one embedding. */
    record Comparison(
            RoutingEvaluation randomFolds,
            RoutingEvaluation sourcesLeftOut,
            Map<String, RoutingEvaluation> perSource) {}

    static Comparison compare(
            EmbeddingKind kind,
            int inputChars,
            List<LabelledPrompt> prompts,
            List<String> sources,
            CalibrationOptions options,
            CalibrationProgress progress) {
        // The built-in features-only calibration only lets the estimator be built: its signals are what
        // the calibrator weighs, and every prompt's embedding stays in the cache for all folds.
        DifficultyConfig config = DifficultyConfig.custom()
                .embeddingKind(kind)
                .calibration(Calibration.builtIn(false))
                .embeddingCacheSize(prompts.size() + 1)
                .embeddingInputChars(inputChars)
                .build();
        CalibratedDifficultyEstimator features = CalibratedDifficultyEstimator.create(config);
        Calibrator calibrator = Calibrator.of(features, options);
        RoutingEvaluation randomFolds = calibrator.calibrate(prompts, progress).crossValidated();

        List<String> distinct = new ArrayList<>(new TreeSet<>(sources));
        RoutingOutcome[] outOfFold = new RoutingOutcome[prompts.size()];
        for (int fold = 0; fold < options.folds(); fold++) {
            List<LabelledPrompt> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                if (distinct.indexOf(sources.get(i)) % options.folds() == fold) {
                    test.add(i);
                } else {
                    train.add(prompts.get(i));
                }
            }
            if (test.isEmpty()) {
                continue;
            }
            Calibration fitted = calibrator.calibrate(train, progress).calibration();
            CalibratedDifficultyEstimator scorer = CalibratedDifficultyEstimator.create(
                    DifficultyConfig.from(config).calibration(fitted).build());
            for (int i : test) {
                DifficultyFeatures row = features.features(prompts.get(i).prompt());
                LabelledPrompt prompt = prompts.get(i);
                outOfFold[i] =
                        new RoutingOutcome(scorer.score(row).score(), prompt.smallCorrect(), prompt.largeCorrect());
            }
            progress.update(kind.id() + ": sources left out", fold + 1, options.folds());
        }
        Map<String, List<RoutingOutcome>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            bySource.computeIfAbsent(sources.get(i), s -> new ArrayList<>()).add(outOfFold[i]);
        }
        Map<String, RoutingEvaluation> perSource = new LinkedHashMap<>();
        bySource.forEach((source, outcomes) -> perSource.put(source, RoutingEvaluation.of(outcomes)));
        return new Comparison(randomFolds, RoutingEvaluation.of(List.of(outOfFold)), perSource);
    }

    /** The {@code source} of every line, in order; lines without one are an error naming the line. */
    static List<String> sources(Path file, int expected) {
        List<String> sources = new ArrayList<>(expected);
        try {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode source = JSON.readTree(line).path("source");
                if (!source.isTextual() || source.asText().isBlank()) {
                    throw new IllegalArgumentException(
                            file + ":" + number + ": \"source\" must be a non-empty string to leave sources out");
                }
                sources.add(source.asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return sources;
    }
}
