package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntityType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The weights of the tagger: one row of {@link TaggedTypes#LABELS} weights per feature bucket, and
 * greedy left-to-right decoding that never continues an entity that was not begun.
 *
 * <p>File format (gzip, whose CRC catches a damaged file): the magic {@code TNDMTAG2}, the number of
 * hash bits, the label types by name, the {@link WordClusters} table (sizes, then each word with its
 * ids, sorted), then every weight as an IEEE half-precision float, row by row.
 * Writing is deterministic, so the same weights give the same bytes.
 */
final class TaggerModel {

    private static final long MAGIC = 0x544E444D54414732L; // "TNDMTAG2"
    static final int FEATURES = Features.STATIC + Features.DYNAMIC;

    final int bits;
    /** Half-precision floats (as {@link Float#floatToFloat16}): half the heap of floats. */
    final short[] weights;
    /** The word classes the model was trained with. */
    final WordClusters clusters;

    TaggerModel(int bits, short[] weights, WordClusters clusters) {
        if (weights.length != (1 << bits) * TaggedTypes.LABELS) {
            throw new IllegalArgumentException("expected " + (1 << bits) * TaggedTypes.LABELS + " weights for " + bits
                    + " hash bits, got " + weights.length);
        }
        this.bits = bits;
        this.weights = weights;
        this.clusters = clusters;
    }

    static TaggerModel of(int bits, float[] weights, WordClusters clusters) {
        short[] half = new short[weights.length];
        for (int k = 0; k < weights.length; k++) {
            half[k] = Float.floatToFloat16(weights[k]);
        }
        return new TaggerModel(bits, half, clusters);
    }

    /** The label of every token, decoded greedily. */
    int[] decode(Features features) {
        int n = features.size();
        int[] labels = new int[n];
        int[] buckets = new int[FEATURES];
        float[] scores = new float[TaggedTypes.LABELS];
        int previous = 0;
        int beforePrevious = 0;
        for (int i = 0; i < n; i++) {
            features.staticFeatures(i, buckets);
            features.dynamicFeatures(i, previous, beforePrevious, buckets, Features.STATIC);
            score(buckets, scores);
            int best = best(scores, previous);
            labels[i] = best;
            beforePrevious = previous;
            previous = best;
        }
        return labels;
    }

    private void score(int[] buckets, float[] scores) {
        java.util.Arrays.fill(scores, 0f);
        int labels = TaggedTypes.LABELS;
        for (int bucket : buckets) {
            int row = bucket * labels;
            for (int l = 0; l < labels; l++) {
                scores[l] += Float.float16ToFloat(weights[row + l]);
            }
        }
    }

    /** Scores with full-precision weights, as training does. */
    static void score(float[] weights, int[] buckets, float[] scores) {
        java.util.Arrays.fill(scores, 0f);
        int labels = TaggedTypes.LABELS;
        for (int bucket : buckets) {
            int row = bucket * labels;
            for (int l = 0; l < labels; l++) {
                scores[l] += weights[row + l];
            }
        }
    }

    /** The best-scoring label that may follow the previous one (an inside label only continues its type). */
    static int best(float[] scores, int previous) {
        int previousType = TaggedTypes.typeOf(previous);
        int best = 0;
        float bestScore = scores[0];
        for (int l = 1; l < scores.length; l++) {
            if (TaggedTypes.isInside(l) && TaggedTypes.typeOf(l) != previousType) {
                continue;
            }
            if (scores[l] > bestScore) {
                best = l;
                bestScore = scores[l];
            }
        }
        return best;
    }

    void write(OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
        DataOutputStream data = new DataOutputStream(gzip);
        data.writeLong(MAGIC);
        data.writeInt(bits);
        data.writeInt(TaggedTypes.ALL.size());
        for (EntityType type : TaggedTypes.ALL) {
            data.writeUTF(type.name());
        }
        clusters.write(data);
        for (short weight : weights) {
            data.writeShort(weight);
        }
        data.flush();
        gzip.finish();
        out.flush();
    }

    /** Reads a model; the message of the exception says what is wrong with the file. */
    static TaggerModel read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new GZIPInputStream(in, 1 << 16));
        if (data.readLong() != MAGIC) {
            throw new IOException("not a Tandem privacy tagger model (wrong magic number)");
        }
        int bits = data.readInt();
        if (bits < 8 || bits > 24) {
            throw new IOException("hash bits " + bits + " outside [8, 24]");
        }
        int types = data.readInt();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < types && t < 64; t++) {
            names.add(data.readUTF());
        }
        List<String> expected = TaggedTypes.ALL.stream().map(EntityType::name).toList();
        if (!names.equals(expected)) {
            throw new IOException("the model labels " + names + ", this version expects " + expected);
        }
        WordClusters clusters = WordClusters.read(data);
        short[] weights = new short[(1 << bits) * TaggedTypes.LABELS];
        byte[] buffer = new byte[1 << 16];
        int w = 0;
        while (w < weights.length) {
            int want = Math.min(buffer.length, (weights.length - w) * 2);
            data.readFully(buffer, 0, want);
            for (int k = 0; k < want; k += 2) {
                weights[w++] = (short) (((buffer[k] & 0xff) << 8) | (buffer[k + 1] & 0xff));
            }
        }
        if (data.read() != -1) {
            throw new IOException("trailing bytes after the weights");
        }
        return new TaggerModel(bits, weights, clusters);
    }
}
