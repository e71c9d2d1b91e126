package dev.tandem.privacy.tagger;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Word classes for the tagger: each known lower-case word has a fine and a coarse cluster id, found by
 * k-means over word vectors (for the bundled model, all-MiniLM-L6-v2's static token vectors, which the
 * difficulty signals also use). Words that share a cluster are used alike ("paris", "berlin", "oslo"; or
 * "john", "mary"), so a name or a place the annotated corpora never showed still gets the weights of its
 * cluster: the usual remedy for a tagger trained on a few thousand sentences. A word outside the table
 * has cluster -1, which is itself a signal (rare words are often names).
 *
 * <p>The table is stored in the model file, so a model always decodes with the clusters it was trained
 * with. Clustering is deterministic: the same words, vectors, sizes and seed give the same table.
 */
public final class WordClusters {

    /** No clusters: every word is unknown. Models trained without vectors use it. */
    public static final WordClusters NONE = new WordClusters(Map.of(), 0, 0);

    static final int UNKNOWN = -1;

    /** Fine id in the low 16 bits, coarse id above. */
    private final Map<String, Integer> packed;

    private final int fineCount;
    private final int coarseCount;

    private WordClusters(Map<String, Integer> packed, int fineCount, int coarseCount) {
        this.packed = packed;
        this.fineCount = fineCount;
        this.coarseCount = coarseCount;
    }

    /** Progress of the clustering: told after each k-means iteration. */
    @FunctionalInterface
    public interface Progress {
        void iteration(int clusters, int iteration, int iterations, int moved);

        Progress NONE = (clusters, iteration, iterations, moved) -> {};
    }

    /**
     * Clusters the words by the cosine of their vectors with seeded k-means++ (at most {@code iterations}
     * rounds each), once with {@code fine} and once with {@code coarse} clusters.
     *
     * @param words lower-case words, no duplicates
     * @param vectors one vector per word, all of one length
     */
    public static WordClusters kMeans(
            List<String> words, float[][] vectors, int fine, int coarse, int iterations, long seed, Progress progress) {
        if (words.size() != vectors.length) {
            throw new IllegalArgumentException(words.size() + " words but " + vectors.length + " vectors");
        }
        if (fine < 1 || fine > 0xFFFF || coarse < 1 || coarse > 0x7FFF) {
            throw new IllegalArgumentException("cluster counts must be in [1, 65535] and [1, 32767]");
        }
        float[][] unit = new float[vectors.length][];
        for (int w = 0; w < vectors.length; w++) {
            unit[w] = normalised(vectors[w]);
        }
        int[] fineIds = assign(unit, Math.min(fine, unit.length), iterations, new Random(seed), progress);
        int[] coarseIds = assign(unit, Math.min(coarse, unit.length), iterations, new Random(seed + 1), progress);
        Map<String, Integer> packed = new HashMap<>(words.size() * 2);
        for (int w = 0; w < words.size(); w++) {
            packed.put(words.get(w), fineIds[w] | (coarseIds[w] << 16));
        }
        return new WordClusters(packed, fine, coarse);
    }

    /** The fine cluster of a lower-case word, or {@link #UNKNOWN}. */
    int fine(String lowerCaseWord) {
        Integer ids = packed.get(lowerCaseWord);
        return ids == null ? UNKNOWN : ids & 0xFFFF;
    }

    /** The coarse cluster of a lower-case word, or {@link #UNKNOWN}. */
    int coarse(String lowerCaseWord) {
        Integer ids = packed.get(lowerCaseWord);
        return ids == null ? UNKNOWN : ids >>> 16;
    }

    int size() {
        return packed.size();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(fineCount);
        out.writeInt(coarseCount);
        out.writeInt(packed.size());
        // Sorted, so that the same table gives the same bytes.
        for (String word : packed.keySet().stream().sorted().toList()) {
            out.writeUTF(word);
            out.writeInt(packed.get(word));
        }
    }

    static WordClusters read(DataInputStream in) throws IOException {
        int fineCount = in.readInt();
        int coarseCount = in.readInt();
        int size = in.readInt();
        if (fineCount < 0 || coarseCount < 0 || size < 0 || size > 1_000_000) {
            throw new IOException("word cluster table of " + size + " words, " + fineCount + "/" + coarseCount
                    + " clusters is not valid");
        }
        Map<String, Integer> packed = new HashMap<>(size * 2);
        for (int k = 0; k < size; k++) {
            String word = in.readUTF();
            int ids = in.readInt();
            if ((ids & 0xFFFF) >= Math.max(fineCount, 1) || (ids >>> 16) >= Math.max(coarseCount, 1)) {
                throw new IOException("word cluster id out of range at entry " + k);
            }
            packed.put(word, ids);
        }
        return size == 0 ? NONE : new WordClusters(packed, fineCount, coarseCount);
    }

    private static int[] assign(float[][] points, int k, int iterations, Random random, Progress progress) {
        int dims = points[0].length;
        float[][] centres = seeds(points, k, random);
        int[] cluster = new int[points.length];
        java.util.Arrays.fill(cluster, -1);
        for (int round = 1; round <= iterations; round++) {
            int moved = 0;
            for (int p = 0; p < points.length; p++) {
                int best = nearest(points[p], centres);
                if (best != cluster[p]) {
                    cluster[p] = best;
                    moved++;
                }
            }
            progress.iteration(k, round, iterations, moved);
            if (moved == 0) {
                break;
            }
            float[][] sums = new float[k][dims];
            int[] counts = new int[k];
            for (int p = 0; p < points.length; p++) {
                float[] sum = sums[cluster[p]];
                for (int d = 0; d < dims; d++) {
                    sum[d] += points[p][d];
                }
                counts[cluster[p]]++;
            }
            for (int c = 0; c < k; c++) {
                // An emptied cluster keeps its centre.
                if (counts[c] > 0) {
                    centres[c] = normalised(sums[c]);
                }
            }
        }
        return cluster;
    }

    /** k-means++ seeding over cosine distance. */
    private static float[][] seeds(float[][] points, int k, Random random) {
        float[][] centres = new float[k][];
        centres[0] = points[random.nextInt(points.length)];
        double[] distance = new double[points.length];
        java.util.Arrays.fill(distance, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int p = 0; p < points.length; p++) {
                double d = Math.max(0, 1 - dot(points[p], centres[c - 1]));
                distance[p] = Math.min(distance[p], d * d);
                total += distance[p];
            }
            double draw = random.nextDouble() * total;
            int chosen = points.length - 1;
            for (int p = 0; p < points.length; p++) {
                draw -= distance[p];
                if (draw <= 0) {
                    chosen = p;
                    break;
                }
            }
            centres[c] = points[chosen].clone();
        }
        return centres;
    }

    private static int nearest(float[] point, float[][] centres) {
        int best = 0;
        double bestDot = -Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = dot(point, centres[c]);
            if (d > bestDot) {
                bestDot = d;
                best = c;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }

    private static float[] normalised(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = norm == 0 ? 0f : (float) (vector[d] / norm);
        }
        return unit;
    }

    @Override
    public String toString() {
        return "WordClusters[words=" + packed.size() + ", fine=" + fineCount + ", coarse=" + coarseCount + "]";
    }
}
