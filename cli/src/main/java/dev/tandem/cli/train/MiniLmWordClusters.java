package dev.tandem.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.tandem.privacy.tagger.WordClusters;
import dev.tandem.router.difficulty.StaticEmbeddingModel;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The word classes of the bundled privacy tagger: the whole words of all-MiniLM-L6-v2's WordPiece
 * vocabulary (no {@code ##} pieces, no special tokens), clustered by the static token vectors the
 * difficulty signals ship ({@link StaticEmbeddingModel#BUILT_IN_RESOURCE}). Reading them here, where the
 * router is on the class path, keeps one copy of the vectors in the distribution; the tagger's model file
 * keeps only the resulting table.
 */
final class MiniLmWordClusters {

    /** The fine cluster count of the bundled model; the coarse count is an eighth of the fine one. */
    static final int FINE = 512;

    static final int ITERATIONS = 12;

    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private MiniLmWordClusters() {}

    /** {@code fine} clusters and an eighth as many coarse ones; no clusters when {@code fine} is 0. */
    static WordClusters build(int fine, long seed, WordClusters.Progress progress) {
        if (fine == 0) {
            return WordClusters.NONE;
        }
        StaticVectors vectors;
        try (InputStream in = StaticEmbeddingModel.class.getResourceAsStream(StaticEmbeddingModel.BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + StaticEmbeddingModel.BUILT_IN_RESOURCE + " is missing from the router jar");
            }
            vectors = StaticVectors.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the static MiniLM vectors: " + e.getMessage(), e);
        }
        List<String> words = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("all-MiniLM-L6-v2's tokenizer is missing from the class path");
            }
            JsonNode vocabulary = new ObjectMapper().readTree(in).path("model").path("vocab");
            Iterator<Map.Entry<String, JsonNode>> entries = vocabulary.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String word = entry.getKey();
                int id = entry.getValue().asInt();
                if (isWholeWord(word) && id < vectors.vocabularySize()) {
                    words.add(word);
                    rows.add(vectors.vector(id));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read all-MiniLM-L6-v2's tokenizer: " + e.getMessage(), e);
        }
        return WordClusters.kMeans(
                words, rows.toArray(float[][]::new), fine, Math.max(1, fine / 8), ITERATIONS, seed, progress);
    }

    private static boolean isWholeWord(String piece) {
        if (piece.startsWith("##") || piece.startsWith("[")) {
            return false;
        }
        return piece.codePoints().anyMatch(Character::isLetter);
    }
}
