package dev.tandem.bench.jmh;

import dev.tandem.bench.internal.Fixtures;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import java.util.List;
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

/** Stage 1 alone: the privacy scan and the difficulty estimate, with and without the embedding. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssessmentBenchmark {

    @Param({"50", "200", "2000"})
    public int promptTokens;

    private String prompt = "";
    private TandemRequest request = Prompts.request("-");
    private final PrivacyScanner scanner = PrivacyScanners.defaults();
    private DifficultyEstimator withoutEmbedding = Fixtures.difficultyWithoutEmbedding();
    private DifficultyEstimator uncached = withoutEmbedding;
    private DifficultyEstimator cached = withoutEmbedding;

    @Setup
    public void setUp() {
        prompt = Prompts.ofTokens(promptTokens, 0);
        request = Prompts.request(prompt);
        uncached = Fixtures.difficultyWithEmbedding(false);
        cached = Fixtures.difficultyWithEmbedding(true);
    }

    @Benchmark
    public List<EntitySpan> privacyScan() {
        return scanner.scan(prompt);
    }

    @Benchmark
    public Difficulty difficultyNoEmbedding() {
        return withoutEmbedding.estimate(request);
    }

    @Benchmark
    public Difficulty difficultyEmbeddingUncached() {
        return uncached.estimate(request);
    }

    @Benchmark
    public Difficulty difficultyEmbeddingCached() {
        return cached.estimate(request);
    }
}
