package dev.tandem.router.difficulty.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/** The shared all-MiniLM-L6-v2 model, loaded once per JVM on first use, and unit-length embedding helpers. */
public final class SentenceEmbeddings {

    private static final java.util.regex.Pattern PARAGRAPHS = java.util.regex.Pattern.compile("\\n\\s*\\n");

    private SentenceEmbeddings() {}

    private static final class Holder {
        // Loading takes about half a second and extracts a native tokenizer into ~/.djl.ai.
        static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    public static EmbeddingModel shared() {
        return Holder.MODEL;
    }

    public static float[] embed(EmbeddingModel model, String text) {
        return normalised(model.embed(text).content().vector());
    }

    public static float[][] embedAll(EmbeddingModel model, List<String> texts) {
        List<Embedding> embeddings =
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = normalised(embeddings.get(i).vector());
        }
        return vectors;
    }

    /**
     * The text the model sees. A prompt of several paragraphs is usually an instruction and the material
     * it applies to (a passage to summarise, code to fix); the shorter of the first and last paragraph is
     * taken as the instruction, because the material would otherwise dominate the embedding. What
     * remains is cut to {@code maxChars} as head and tail, since embedding cost grows with length.
     */
    public static String embeddingInput(String text, int maxChars) {
        String trimmed = text.strip();
        String[] paragraphs = PARAGRAPHS.split(trimmed);
        if (paragraphs.length > 1) {
            String first = paragraphs[0].strip();
            String last = paragraphs[paragraphs.length - 1].strip();
            trimmed = first.length() <= last.length() ? first : last;
        }
        if (trimmed.length() <= maxChars) {
            return trimmed;
        }
        int tail = maxChars / 4;
        int head = maxChars - tail;
        return trimmed.substring(0, head) + " … " + trimmed.substring(trimmed.length() - tail);
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] normalised(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        if (norm == 0) {
            return vector.clone();
        }
        float[] result = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            result[i] = (float) (vector[i] / norm);
        }
        return result;
    }
}
