package dev.tandem.bench;

import static java.util.Objects.requireNonNull;

import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How long and how big a {@link Bench} run is. Three profiles:
 *
 * <ul>
 *   <li>{@link #full} — 2 s warm-up and 5 s measurement per latency item, 3 + 10 s per throughput
 *       point, 5,000 remote rounds, and the local ratio on a forged model of Qwen2.5-0.5B's shape (32k
 *       vocabulary) quantized to Q4 (forged and quantized once, about a minute, then reused). About five
 *       minutes on 2 cores.
 *   <li>{@link #quick} — 0.3 s + 0.8 s per item, 1 + 2 s per throughput point, 1,000 remote rounds, and a
 *       30M-parameter forged model for the local ratio. Under two minutes on 2 cores.
 *   <li>{@link #tiny} — a few samples of everything on the smallest forged model: for tests, seconds.
 * </ul>
 *
 * @param profile the profile's name, reported with the results
 * @param warmUp warm-up time per latency item
 * @param measure measurement time per latency item
 * @param maxCalls cap on measured calls per latency item
 * @param throughputWarmUp warm-up time per throughput point
 * @param throughputMeasure measurement time per throughput point
 * @param concurrency the throughput points (numbers of concurrent callers)
 * @param remoteRounds alternating rounds of the remote overhead comparison
 * @param localShape the forged model of the local ratio
 * @param localQuantize whether to quantize it to Q4 first
 * @param localNewTokens tokens generated per local call
 * @param localRounds alternating rounds of the local ratio
 * @param workDirectory where forged models are kept between runs
 */
public record BenchOptions(
        String profile,
        Duration warmUp,
        Duration measure,
        int maxCalls,
        Duration throughputWarmUp,
        Duration throughputMeasure,
        List<Integer> concurrency,
        int remoteRounds,
        ModelShape localShape,
        boolean localQuantize,
        int localNewTokens,
        int localRounds,
        Path workDirectory) {

    public BenchOptions {
        requireNonNull(profile, "profile");
        requireNonNull(warmUp, "warmUp");
        requireNonNull(measure, "measure");
        requireNonNull(throughputWarmUp, "throughputWarmUp");
        requireNonNull(throughputMeasure, "throughputMeasure");
        concurrency = List.copyOf(concurrency);
        requireNonNull(localShape, "localShape");
        requireNonNull(workDirectory, "workDirectory");
        if (maxCalls < 1 || remoteRounds < 1 || localRounds < 1 || localNewTokens < 2) {
            throw new IllegalArgumentException("maxCalls, remoteRounds and localRounds must be at least 1 and"
                    + " localNewTokens at least 2, were " + maxCalls + ", " + remoteRounds + ", " + localRounds
                    + ", " + localNewTokens);
        }
    }

    /** Qwen2.5-0.5B's shape with a 32,768-token vocabulary (the forge's practical limit for its size). */
    public static ModelShape qwen25HalfBillionShape() {
        return ModelShape.builder(ModelShape.Architecture.QWEN2)
                .hiddenSize(896)
                .layers(24)
                .heads(14)
                .kvHeads(2)
                .intermediateSize(4864)
                .vocabSize(32_768)
                .maxPositions(4096)
                .build();
    }

    public static BenchOptions full(Path workDirectory) {
        return new BenchOptions(
                "full",
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                200_000,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                List.of(1, 16, 256),
                5_000,
                qwen25HalfBillionShape(),
                true,
                64,
                5,
                workDirectory);
    }

    public static BenchOptions quick(Path workDirectory) {
        return new BenchOptions(
                "quick",
                Duration.ofMillis(300),
                Duration.ofMillis(800),
                50_000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                List.of(1, 16, 256),
                1_000,
                ModelShape.builder(ModelShape.Architecture.QWEN2)
                        .hiddenSize(512)
                        .layers(8)
                        .heads(8)
                        .kvHeads(2)
                        .intermediateSize(1536)
                        .vocabSize(8_192)
                        .maxPositions(2048)
                        .build(),
                false,
                32,
                7,
                workDirectory);
    }

    public static BenchOptions tiny(Path workDirectory) {
        return new BenchOptions(
                "tiny",
                Duration.ofMillis(10),
                Duration.ofMillis(30),
                200,
                Duration.ofMillis(50),
                Duration.ofMillis(150),
                List.of(1, 16, 256),
                20,
                ModelShape.ofDefaults(ModelShape.Architecture.QWEN2),
                false,
                8,
                2,
                workDirectory);
    }
}
