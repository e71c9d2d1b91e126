package dev.tandem.cli.eval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An embedding model that remembers every vector in a file, keyed by the SHA-256 of the embedded text
 * (never the text: prompts may hold personal data), so repeated calibrations and evaluations of one data
 * set embed each prompt once. {@code --embedding-cache FILE} on {@code calibrate} and {@code eval routing}.
 */
public final class EmbeddingCacheFile implements EmbeddingModel {

    private static final int FORMAT = 1;

    private final EmbeddingModel model;
    private final Path file;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private EmbeddingCacheFile(EmbeddingModel model, Path file) {
        this.model = model;
        this.file = file;
    }

    /** Opens the cache in {@code file} (empty when the file does not exist yet) in front of {@code model}. */
    public static EmbeddingCacheFile open(EmbeddingModel model, Path file) {
        EmbeddingCacheFile cache = new EmbeddingCacheFile(model, file);
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                if (in.readInt() != FORMAT) {
                    throw new IllegalArgumentException(file + " is not an embedding cache of this Tandem version");
                }
                while (true) {
                    String key;
                    try {
                        key = in.readUTF();
                    } catch (EOFException end) {
                        break;
                    }
                    float[] vector = new float[in.readInt()];
                    for (int i = 0; i < vector.length; i++) {
                        vector[i] = in.readFloat();
                    }
                    cache.vectors.put(key, vector);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the embedding cache " + file, e);
            }
        }
        return cache;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> embeddings = new ArrayList<>(segments.size());
        for (TextSegment segment : segments) {
            String key = key(segment.text());
            float[] vector = vectors.get(key);
            if (vector == null) {
                vector = model.embed(segment).content().vector();
                vectors.put(key, vector);
                changed = true;
            }
            embeddings.add(Embedding.from(vector.clone()));
        }
        return Response.from(embeddings);
    }

    /** Writes the vectors back when any was added. */
    public void save() {
        if (!changed) {
            return;
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(FORMAT);
                for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                    out.writeUTF(entry.getKey());
                    out.writeInt(entry.getValue().length);
                    for (float value : entry.getValue()) {
                        out.writeFloat(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding cache " + file, e);
        }
    }

    private static String key(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
