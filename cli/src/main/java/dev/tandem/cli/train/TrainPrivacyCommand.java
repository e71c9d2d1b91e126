package dev.tandem.cli.train;

import dev.tandem.cli.Console;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import dev.tandem.privacy.tagger.PrivacyTagger;
import dev.tandem.privacy.tagger.TaggerTrainer;
import dev.tandem.privacy.tagger.TrainingCorpora;
import dev.tandem.privacy.tagger.WordClusters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem train privacy}: trains the privacy tagger (names, places, organisations, addresses). */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = {
            "Train the privacy tagger on the shared annotated corpora plus synthetic texts, and write the model.",
            "The same data, options and seed give the same model, byte for byte.",
            "With --report-on, prints the tagger's own precision and recall (no other recognizer) on those splits."
        })
public final class TrainPrivacyCommand implements Runnable {

    @ParentCommand
    private TrainCommand parent;

    @Option(
            names = "--data-dir",
            defaultValue = "../shared/data/privacy",
            paramLabel = "DIR",
            description = "The shared privacy data folder (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--splits",
            split = ",",
            paramLabel = "SPLIT",
            description =
                    "Train splits, file names without .jsonl; a split named twice counts twice (default: the"
                            + " English wnut17.train and gum.train three times each, norne-nob.train, norne-nno.train, ler.dev).")
    private List<String> splits = new ArrayList<>(TrainingCorpora.TRAIN_SPLITS);

    @Option(
            names = "--leave-out",
            paramLabel = "CORPUS",
            description =
                    "Leave the train splits of this corpus out (e.g. wnut17), to validate on a corpus never seen.")
    private String leaveOut;

    @Option(
            names = "--synthetic",
            defaultValue = "30000",
            paramLabel = "N",
            description = "Synthetic texts to add (default: ${DEFAULT-VALUE}).")
    private int synthetic;

    @Option(names = "--seed", defaultValue = "15", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--epochs", defaultValue = "6", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(
            names = "--word-clusters",
            defaultValue = "" + MiniLmWordClusters.FINE,
            paramLabel = "N",
            description = "Word classes from the static MiniLM vectors: N fine clusters and N/8 coarse ones, 0 for"
                    + " none (default: ${DEFAULT-VALUE}).")
    private int wordClusters;

    @Option(
            names = "--hash-bits",
            defaultValue = "20",
            paramLabel = "BITS",
            description = "The model has 2^BITS feature rows (default: ${DEFAULT-VALUE}).")
    private int bits;

    @Option(
            names = "--out",
            defaultValue = "privacy-tagger.bin.gz",
            paramLabel = "FILE",
            description = "Model file to write (default: ${DEFAULT-VALUE}); the bundled one is "
                    + "privacy/src/main/resources/dev/tandem/privacy/tagger/privacy-tagger.bin.gz.")
    private Path out;

    @Option(
            names = "--report-on",
            split = ",",
            paramLabel = "SPLIT",
            description = "Splits to score the trained tagger on, e.g. wnut17.test,gum.test.")
    private List<String> reportOn = new ArrayList<>();

    @Override
    public void run() {
        Console console = parent.parent().console();
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + " is not a folder; point it at the shared "
                    + "privacy data (the folder with wnut17.train.jsonl)");
        }
        List<String> used = splits.stream()
                .filter(split -> leaveOut == null || !split.startsWith(leaveOut))
                .toList();
        console.err()
                .printf(
                        Locale.ROOT,
                        "training on %s + %d synthetic texts, seed %d, %d epochs%n",
                        used,
                        synthetic,
                        seed,
                        epochs);
        TaggerTrainer.Progress progress = (epoch, total, done, texts, mistakes) -> console.err()
                .printf(
                        Locale.ROOT,
                        "epoch %d/%d: %d/%d texts, %.2f%% of tokens mislabelled so far%n",
                        epoch,
                        total,
                        done,
                        texts,
                        100 * mistakes);
        if (wordClusters < 0 || wordClusters > 0xFFFF) {
            throw new IllegalArgumentException("--word-clusters must be in [0, 65535], was " + wordClusters);
        }
        WordClusters clusters = MiniLmWordClusters.build(
                wordClusters,
                seed,
                (count, iteration, iterations, moved) -> console.err()
                        .printf(
                                Locale.ROOT,
                                "word clusters (%d): round %d/%d, %d words moved%n",
                                count,
                                iteration,
                                iterations,
                                moved));
        PrivacyTagger tagger = TaggerTrainer.trainOnCorpora(
                dataDir, used, synthetic, new TaggerTrainer.Options(bits, epochs, seed), clusters, progress);
        try {
            tagger.write(out);
            console.out().printf(Locale.ROOT, "wrote %s (%d bytes)%n", out, Files.size(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        PrivacyScanner alone =
                PrivacyScanners.builder().withoutBuiltIns().recognizer(tagger).build();
        for (String split : reportOn) {
            console.out().println();
            console.out().println(split + " (the tagger alone):");
            console.out()
                    .print(PrivacyEvaluation.of(alone)
                            .evaluate(TrainingCorpora.read(dataDir, split))
                            .renderTable());
        }
    }
}
