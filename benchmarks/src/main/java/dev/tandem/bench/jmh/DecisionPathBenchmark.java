package dev.tandem.bench.jmh;

import dev.tandem.bench.internal.Fixtures;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.difficulty.EmbeddingKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full decision path, {@code TandemRouter.plan}: assess (privacy scan, difficulty) and decide, no
 * tier called. {@code embedding}: {@code off}, {@code uncached} (the default static task signal, every
 * prompt new), {@code cached}, or {@code full-uncached} (all-MiniLM-L6-v2 itself, every prompt new).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionPathBenchmark {

    @Param({"200"})
    public int promptTokens;

    @Param({"off", "uncached", "cached", "full-uncached"})
    public String embedding;

    private TandemRequest request = Prompts.request("-");
    private TandemRouter router = Fixtures.planningRouter(Fixtures.difficultyWithoutEmbedding());

    @Setup
    public void setUp() {
        request = Prompts.request(Prompts.ofTokens(promptTokens, 0));
        DifficultyEstimator difficulty = switch (embedding) {
            case "off" -> Fixtures.difficultyWithoutEmbedding();
            case "uncached" -> Fixtures.difficultyWithEmbedding(false);
            case "cached" -> Fixtures.difficultyWithEmbedding(true);
            case "full-uncached" -> Fixtures.difficultyWithEmbedding(EmbeddingKind.FULL, false);
            default ->
                throw new IllegalArgumentException(
                        "embedding must be off, uncached, cached or full-uncached, was '" + embedding + "'");
        };
        router = Fixtures.planningRouter(difficulty);
    }

    @Benchmark
    public TandemRouter.Plan plan() {
        return router.plan(request);
    }
}
