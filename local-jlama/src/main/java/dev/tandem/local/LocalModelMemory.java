package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The memory a local model takes.
 *
 * @param weightsBytes the size of its weight files ({@code *.safetensors}) as stored; Jlama maps them, so
 *     this is what the model occupies in the page cache once warm
 * @param kvBytesPerToken the KV cache one token of context takes: 2 (keys and values) × layers ×
 *     key/value width × the size of Jlama's working type (F32)
 * @param kvBytesAtContext the KV cache of one generation that fills the whole context window
 */
public record LocalModelMemory(long weightsBytes, long kvBytesPerToken, long kvBytesAtContext) {

    /**
     * Estimates a model's memory from its folder without loading it: the safetensors files' size, and the
     * KV cache from config.json (Jlama keeps it in F32). Unknown when the folder is null or unreadable: zeros.
     */
    public static LocalModelMemory estimate(@Nullable Path folder) {
        if (folder == null) {
            return new LocalModelMemory(0, 0, 0);
        }
        try {
            JsonNode config =
                    new ObjectMapper().readTree(folder.resolve("config.json").toFile());
            int hidden = config.path("hidden_size").asInt(0);
            int heads = Math.max(1, config.path("num_attention_heads").asInt(1));
            int kvHeads = config.path("num_key_value_heads").asInt(heads);
            int headSize = config.path("head_dim").asInt(hidden / heads);
            long perToken = 2L * config.path("num_hidden_layers").asInt(0) * kvHeads * headSize * Float.BYTES;
            long context = config.path("max_position_embeddings").asLong(0);
            return new LocalModelMemory(LocalModelFiles.weightsBytes(folder), perToken, perToken * context);
        } catch (IOException e) {
            return new LocalModelMemory(LocalModelFiles.weightsBytes(folder), 0, 0);
        }
    }

    /** Weights plus one full-context KV cache: the most one generation at a time needs. */
    public long peakBytes() {
        return weightsBytes + kvBytesAtContext;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "weights %s, KV cache %s per token (%s at full context)",
                human(weightsBytes),
                human(kvBytesPerToken),
                human(kvBytesAtContext));
    }

    /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 309.2 MiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
