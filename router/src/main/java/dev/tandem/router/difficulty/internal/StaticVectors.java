package dev.tandem.router.difficulty.internal;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One vector per vocabulary token, quantised to signed bytes with one scale per token, as {@code tandem
 * distill-embedding} writes them. The token weights are folded into the vectors, so a text's vector is
 * the plain sum of its tokens' rows. Immutable and thread-safe.
 *
 * <p>File format (gzip of big-endian data): the magic {@code "TSV1"}, the source model's name (UTF),
 * the vocabulary size and the dimensions (ints), one float scale per token, then the bytes row by row.
 */
public final class StaticVectors {

    private static final int MAGIC = 0x54535631; // "TSV1"

    private final String sourceModel;
    private final int dimensions;
    private final float[] scales;
    private final byte[] quantised;

    private StaticVectors(String sourceModel, int dimensions, float[] scales, byte[] quantised) {
        this.sourceModel = sourceModel;
        this.dimensions = dimensions;
        this.scales = scales;
        this.quantised = quantised;
    }

    /** Quantises {@code vectors} (one row per token id, weights already applied). */
    public static StaticVectors quantise(String sourceModel, float[][] vectors) {
        requireNonNull(sourceModel, "sourceModel");
        if (vectors.length == 0 || vectors[0].length == 0) {
            throw new IllegalArgumentException("static vectors need at least one token and one dimension");
        }
        int dims = vectors[0].length;
        float[] scales = new float[vectors.length];
        byte[] bytes = new byte[vectors.length * dims];
        for (int token = 0; token < vectors.length; token++) {
            float[] row = vectors[token];
            if (row.length != dims) {
                throw new IllegalArgumentException(
                        "token " + token + " has " + row.length + " dimensions, token 0 has " + dims);
            }
            float max = 0;
            for (float value : row) {
                max = Math.max(max, Math.abs(value));
            }
            float scale = max == 0 ? 1 : max / 127f;
            scales[token] = scale;
            for (int d = 0; d < dims; d++) {
                bytes[token * dims + d] = (byte) Math.round(row[d] / scale);
            }
        }
        return new StaticVectors(sourceModel, dims, scales, bytes);
    }

    /**
     * @throws IOException when the stream is not a static-vector file or ends early
     */
    public static StaticVectors read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in)));
        if (data.readInt() != MAGIC) {
            throw new IOException("not a Tandem static-vector file (the magic number TSV1 is missing)");
        }
        String source = data.readUTF();
        int vocabulary = data.readInt();
        int dims = data.readInt();
        if (vocabulary < 1 || dims < 1 || (long) vocabulary * dims > Integer.MAX_VALUE) {
            throw new IOException("static-vector file declares " + vocabulary + " tokens of " + dims + " dimensions");
        }
        float[] scales = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            scales[i] = data.readFloat();
        }
        byte[] bytes = new byte[vocabulary * dims];
        try {
            data.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException("static-vector file ends before its " + vocabulary + " x " + dims + " values", e);
        }
        return new StaticVectors(source, dims, scales, bytes);
    }

    public void write(OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(out));
        DataOutputStream data = new DataOutputStream(gzip);
        data.writeInt(MAGIC);
        data.writeUTF(sourceModel);
        data.writeInt(scales.length);
        data.writeInt(dimensions);
        for (float scale : scales) {
            data.writeFloat(scale);
        }
        data.write(quantised);
        data.flush();
        gzip.finish();
        gzip.flush();
    }

    public String sourceModel() {
        return sourceModel;
    }

    public int vocabularySize() {
        return scales.length;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Adds token {@code token}'s (dequantised) vector to {@code sum}. */
    public void addTo(float[] sum, int token) {
        float scale = scales[token];
        int offset = token * dimensions;
        for (int d = 0; d < dimensions; d++) {
            sum[d] += scale * quantised[offset + d];
        }
    }

    /** Token {@code token}'s dequantised vector. */
    public float[] vector(int token) {
        float[] vector = new float[dimensions];
        addTo(vector, token);
        return vector;
    }
}
