package dev.tandem.bench.jmh;

import dev.tandem.router.difficulty.internal.NeighbourIndex;
import java.util.Random;
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
 * One k-nearest-neighbour lookup (k = 40) in the int8 index the calibrator's neighbour candidates use,
 * over {@code prompts} unit vectors of 384 dimensions (the all-MiniLM size; seeded Gaussian directions,
 * since the lookup's cost does not depend on the vectors' content). Target: 0.2 ms for 20,000 prompts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeighbourIndexBenchmark {

    private static final int DIMENSIONS = 384;

    @Param({"20000"})
    public int prompts;

    private NeighbourIndex index;
    private float[] query;

    @Setup
    public void build() {
        Random random = new Random(42);
        float[][] vectors = new float[prompts][];
        for (int i = 0; i < prompts; i++) {
            vectors[i] = unitVector(random);
        }
        index = NeighbourIndex.of(vectors);
        query = unitVector(random);
    }

    @Benchmark
    public int[] nearest40() {
        return index.nearest(query, 40, i -> true);
    }

    private static float[] unitVector(Random random) {
        float[] vector = new float[DIMENSIONS];
        double norm = 0;
        for (int j = 0; j < DIMENSIONS; j++) {
            vector[j] = (float) random.nextGaussian();
            norm += vector[j] * vector[j];
        }
        for (int j = 0; j < DIMENSIONS; j++) {
            vector[j] /= (float) Math.sqrt(norm);
        }
        return vector;
    }
}
