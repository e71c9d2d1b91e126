package dev.tandem.router.difficulty.internal;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Exact nearest neighbours by cosine similarity over unit-length vectors, stored as int8 (one byte per
 * dimension and one scale per vector: 20,000 vectors of 384 dimensions take 7.8 MB). Similarities are
 * int8 dot products rescaled, so the ranking is the float ranking up to quantisation error (about 1% of a
 * dimension's range). Immutable and thread-safe.
 */
public final class NeighbourIndex {

    private final byte[][] vectors;
    private final float[] scales;

    private NeighbourIndex(byte[][] vectors, float[] scales) {
        this.vectors = vectors;
        this.scales = scales;
    }

    /** Quantises the vectors (each scaled so its largest component maps to ±127). */
    public static NeighbourIndex of(float[][] vectors) {
        byte[][] quantised = new byte[vectors.length][];
        float[] scales = new float[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            float max = 0;
            for (float value : vectors[i]) {
                max = Math.max(max, Math.abs(value));
            }
            float scale = max == 0 ? 1 : max / 127f;
            quantised[i] = quantise(vectors[i], scale);
            scales[i] = scale;
        }
        return new NeighbourIndex(quantised, scales);
    }

    /** An index of already quantised vectors, as a calibration file stores them. */
    public static NeighbourIndex ofQuantised(byte[][] vectors, float[] scales) {
        if (vectors.length != scales.length) {
            throw new IllegalArgumentException(
                    "need one scale per vector: " + scales.length + " for " + vectors.length + " vectors");
        }
        return new NeighbourIndex(vectors.clone(), scales.clone());
    }

    public int size() {
        return vectors.length;
    }

    public byte[] vector(int index) {
        return vectors[index].clone();
    }

    public float scale(int index) {
        return scales[index];
    }

    /**
     * The {@code k} entries most similar to {@code query}, most similar first, among those {@code allowed}
     * accepts; fewer when fewer are allowed.
     */
    public int[] nearest(float[] query, int k, IntPredicate allowed) {
        float max = 0;
        for (float value : query) {
            max = Math.max(max, Math.abs(value));
        }
        float queryScale = max == 0 ? 1 : max / 127f;
        byte[] q = quantise(query, queryScale);
        int[] best = new int[k];
        float[] bestSimilarity = new float[k];
        int found = 0;
        for (int i = 0; i < vectors.length; i++) {
            if (!allowed.test(i)) {
                continue;
            }
            float similarity = dot(q, vectors[i]) * scales[i];
            if (found < k) {
                int at = found++;
                while (at > 0 && bestSimilarity[at - 1] < similarity) {
                    best[at] = best[at - 1];
                    bestSimilarity[at] = bestSimilarity[at - 1];
                    at--;
                }
                best[at] = i;
                bestSimilarity[at] = similarity;
            } else if (similarity > bestSimilarity[k - 1]) {
                int at = k - 1;
                while (at > 0 && bestSimilarity[at - 1] < similarity) {
                    best[at] = best[at - 1];
                    bestSimilarity[at] = bestSimilarity[at - 1];
                    at--;
                }
                best[at] = i;
                bestSimilarity[at] = similarity;
            }
        }
        return found == k ? best : Arrays.copyOf(best, found);
    }

    private static int dot(byte[] a, byte[] b) {
        int sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static byte[] quantise(float[] vector, float scale) {
        byte[] result = new byte[vector.length];
        for (int i = 0; i < vector.length; i++) {
            result[i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] / scale)));
        }
        return result;
    }
}
