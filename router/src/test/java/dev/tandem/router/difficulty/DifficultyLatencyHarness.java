package dev.tandem.router.difficulty;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A quick latency harness (not a test, and not JMH): difficulty assessment of ~200-token prompts, each
 * one new so the embedding cache never hits, then the same prompt repeated (cache hits), then with the
 * embedding off. Besides wall-clock percentiles it prints the process CPU time per call (all threads,
 * the ONNX runtime's included), which stays meaningful when other processes compete for the cores.
 * Run from the router module:
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.tandem.router.difficulty.DifficultyLatencyHarness
 * }</pre>
 */
public final class DifficultyLatencyHarness {

    private static final String[] WORDS = ("the service returns a list of orders for each customer and we need to"
                    + " group them by month compute totals and flag any order above the limit while keeping the"
                    + " original order of rows please explain the approach step by step and write the code in Java"
                    + " with tests for empty input duplicate ids and time zones")
            .split(" ");

    private DifficultyLatencyHarness() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Random random = new Random(7);
        CalibratedDifficultyEstimator withEmbedding =
                CalibratedDifficultyEstimator.ofDefaults().warmUp();
        CalibratedDifficultyEstimator fullInput = CalibratedDifficultyEstimator.create(
                        DifficultyConfig.custom().embeddingInputChars(2000).build())
                .warmUp();
        CalibratedDifficultyEstimator shortInput = CalibratedDifficultyEstimator.create(
                        DifficultyConfig.custom().embeddingInputChars(512).build())
                .warmUp();
        CalibratedDifficultyEstimator withoutEmbedding = CalibratedDifficultyEstimator.create(
                DifficultyConfig.custom().embedding(false).build());
        String sample = prompt(random, 0);
        System.out.printf(
                Locale.ROOT,
                "load average before: %.2f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "prompt: %d chars, %d words, ~%d reference tokens; %d iterations after %d warm-up%n",
                sample.length(),
                sample.split(" ").length,
                TokenCounters.approximateReference().applyAsInt(sample),
                iterations,
                iterations / 4);

        report("embedding on, new prompt each time (default 256-char input)", withEmbedding, random, iterations, false);
        report("embedding on, new prompt each time (whole prompt)", fullInput, random, iterations, false);
        report("embedding on, new prompt each time (512-char input)", shortInput, random, iterations, false);
        report("embedding on, repeated prompt (cache hit)", withEmbedding, random, iterations, true);
        report("embedding off", withoutEmbedding, random, iterations, false);
    }

    private static void report(
            String name, CalibratedDifficultyEstimator estimator, Random random, int iterations, boolean repeat) {
        String fixed = prompt(random, -1);
        for (int i = 0; i < iterations / 4; i++) {
            estimator.estimate(repeat ? fixed : prompt(random, i));
        }
        long[] nanos = new long[iterations];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        for (int i = 0; i < iterations; i++) {
            String prompt = repeat ? fixed : prompt(random, i);
            long start = System.nanoTime();
            estimator.estimate(prompt);
            nanos[i] = System.nanoTime() - start;
        }
        double cpuPerCall = (os.getProcessCpuTime() - cpuStart) / 1e6 / iterations;
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%-55s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms  process CPU %5.2f ms/call%n",
                name,
                nanos[iterations / 2] / 1e6,
                nanos[(int) (iterations * 0.90)] / 1e6,
                nanos[(int) (iterations * 0.99)] / 1e6,
                nanos[iterations - 1] / 1e6,
                cpuPerCall);
        System.out.printf(
                Locale.ROOT,
                "  (load average now %.2f)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
    }

    /** About 150 words (~200 tokens), shuffled so every prompt is new. */
    private static String prompt(Random random, int index) {
        StringBuilder text = new StringBuilder("Request ").append(index).append(": ");
        for (int i = 0; i < 150; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 17 == 16 ? ". " : " ");
        }
        return text.toString().strip() + "?";
    }
}
