package dev.tandem.router.difficulty.internal;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Task-type probabilities from a prompt embedding: for each type, the mean cosine similarity of the
 * prompt to its {@value #TOP_K} nearest exemplars, turned into probabilities by a softmax with
 * temperature {@value #TEMPERATURE}. Thread-safe and immutable once built.
 */
public final class TaskClassifier {

    static final int TOP_K = 3;
    static final double TEMPERATURE = 0.02;

    private final List<String> types;
    private final float[][][] exemplars;

    private TaskClassifier(List<String> types, float[][][] exemplars) {
        this.types = types;
        this.exemplars = exemplars;
    }

    /** Embeds every exemplar (one batch per type). */
    public static TaskClassifier build(EmbeddingModel model, Map<String, List<String>> exemplarsByType) {
        List<String> types = new ArrayList<>(exemplarsByType.keySet());
        float[][][] vectors = new float[types.size()][][];
        for (int t = 0; t < types.size(); t++) {
            vectors[t] = SentenceEmbeddings.embedAll(model, exemplarsByType.get(types.get(t)));
        }
        return new TaskClassifier(List.copyOf(types), vectors);
    }

    public List<String> types() {
        return types;
    }

    /** Probabilities over {@link #types()}, in that order; they sum to 1. */
    public double[] probabilities(float[] embedding) {
        double[] logits = new double[types.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < types.size(); t++) {
            double[] similarities = new double[exemplars[t].length];
            for (int e = 0; e < similarities.length; e++) {
                similarities[e] = SentenceEmbeddings.dot(embedding, exemplars[t][e]);
            }
            Arrays.sort(similarities);
            int k = Math.min(TOP_K, similarities.length);
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += similarities[similarities.length - 1 - i];
            }
            logits[t] = sum / k / TEMPERATURE;
            max = Math.max(max, logits[t]);
        }
        double total = 0;
        double[] probabilities = new double[logits.length];
        for (int t = 0; t < logits.length; t++) {
            probabilities[t] = Math.exp(logits[t] - max);
            total += probabilities[t];
        }
        for (int t = 0; t < probabilities.length; t++) {
            probabilities[t] /= total;
        }
        return probabilities;
    }
}
