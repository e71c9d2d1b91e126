package dev.tandem.router.difficulty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NeighbourIndexTest {

    private static final Random RANDOM = new Random(7);

    @Test
    void findsTheMostSimilarVectorsFirstAsFloatCosineRanksThem() {
        float[][] vectors = new float[500][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = unitVector(64);
        }
        float[] query = unitVector(64);
        NeighbourIndex index = NeighbourIndex.of(vectors);

        int[] nearest = index.nearest(query, 5, i -> true);

        int[] exact = IntStream.range(0, vectors.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -SentenceEmbeddings.dot(query, vectors[i])))
                .limit(5)
                .mapToInt(Integer::intValue)
                .toArray();
        // int8 rounding may swap two near-ties, never bring in a far vector.
        assertThat(nearest).hasSize(5);
        assertThat(nearest[0]).isEqualTo(exact[0]);
        assertThat(nearest).containsAnyOf(exact).hasSameSizeAs(exact);
        assertThat(IntStream.of(nearest)
                        .filter(i -> IntStream.of(exact).anyMatch(j -> j == i))
                        .count())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void leavesOutWhatThePredicateRefusesAndReturnsFewerWhenFewerAreAllowed() {
        float[][] vectors = {{1, 0}, {0.9f, 0.1f}, {0, 1}};
        NeighbourIndex index = NeighbourIndex.of(vectors);

        int[] nearest = index.nearest(new float[] {1, 0}, 3, i -> i != 0);

        assertThat(nearest).containsExactly(1, 2);
    }

    private static float[] unitVector(int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int j = 0; j < dimensions; j++) {
            vector[j] = (float) RANDOM.nextGaussian();
            norm += vector[j] * vector[j];
        }
        for (int j = 0; j < dimensions; j++) {
            vector[j] /= (float) Math.sqrt(norm);
        }
        return vector;
    }
}
