package dev.tandem.cli.distill;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.eval.ProgressBar;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem distill-embedding}: static token vectors from all-MiniLM-L6-v2 for the fast task signal. */
@Command(
        name = "distill-embedding",
        mixinStandardHelpOptions = true,
        description = {
            "Distil static token vectors from all-MiniLM-L6-v2 (Model2Vec-style: every vocabulary token embedded",
            "once, PCA, Zipf/SIF weights, byte quantisation) for the difficulty estimator's fast task signal.",
            "Deterministic. The router ships the output of the defaults as",
            "router/src/main/resources/dev/tandem/router/difficulty/static-minilm-l6-v2.tsv.gz."
        })
public final class DistillEmbeddingCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Option(
            names = "--dimensions",
            defaultValue = "128",
            paramLabel = "N",
            description = "PCA dimensions to keep, 1 to 384 (default: ${DEFAULT-VALUE}).")
    private int dimensions;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.tsv.gz",
            description = "Where to write the vectors (load them with StaticEmbeddingModel.load).")
    private Path out;

    @Override
    public void run() {
        Console console = parent.console();
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        StaticVectors vectors = StaticVectorDistiller.distil(dimensions, progress);
        progress.done();
        try (OutputStream stream = Files.newOutputStream(out)) {
            vectors.write(stream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        console.out()
                .printf("wrote %s: %d tokens x %d dimensions%n", out, vectors.vocabularySize(), vectors.dimensions());
    }
}
