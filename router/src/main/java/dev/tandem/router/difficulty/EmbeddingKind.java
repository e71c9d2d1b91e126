package dev.tandem.router.difficulty;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which sentence embedding the difficulty estimator's task signal uses.
 *
 * <ul>
 *   <li>{@link #STATIC}: {@link StaticEmbeddingModel#builtIn()}, token vectors distilled from
 *       all-MiniLM-L6-v2; about 0.1 ms per new prompt.
 *   <li>{@link #FULL}: all-MiniLM-L6-v2 itself through ONNX Runtime; about 2–2.5 ms per new prompt on two
 *       cores.
 * </ul>
 *
 * A calibration's embedding head is learned on one of them and only fits that one; a calibration file
 * records which ({@code "embedding_model"}).
 */
public enum EmbeddingKind {
    STATIC("static"),
    FULL("full");

    private final String id;

    EmbeddingKind(String id) {
        this.id = id;
    }

    /** The name used in calibration files and on the command line. */
    public String id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException naming the valid values when {@code id} is none of them
     */
    public static EmbeddingKind fromId(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.id.equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("embedding model must be 'static' or 'full', was '" + id + "'"));
    }
}
