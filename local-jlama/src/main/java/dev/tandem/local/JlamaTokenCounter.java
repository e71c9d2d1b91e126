package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.tokenizer.Tokenizer;
import dev.tandem.core.spi.LocalTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Counts tokens with a model folder's own tokenizer, loaded from {@code tokenizer.json} without the
 * weights, so the router can measure a prompt's cost for the local model before (or without) loading it.
 *
 * <p>It is a tokenizer instance of its own, not the one generations use: Jlama's tokenizer is not
 * thread-safe, and counting must not wait for a generation to finish. Counts are serialised on this
 * instance's lock. The context window is {@code max_position_embeddings} less the two positions per
 * extra key/value head that Jlama 0.8.4 cannot use (see {@link JlamaLocalModel#contextWindow()}).
 */
public final class JlamaTokenCounter implements LocalTokenizer {

    private final Tokenizer tokenizer;
    private final TokenText tokenText;
    private final int contextWindow;
    private final ReentrantLock lock = new ReentrantLock();

    private JlamaTokenCounter(Tokenizer tokenizer, int contextWindow) {
        this.tokenizer = tokenizer;
        this.tokenText = TokenText.of(tokenizer);
        this.contextWindow = contextWindow;
    }

    /**
     * Loads the tokenizer of the model in {@code modelDirectory} ({@code config.json} and {@code
     * tokenizer.json}).
     *
     * @throws IllegalArgumentException when the folder lacks those files or Jlama does not know the
     *     model's architecture
     */
    public static JlamaTokenCounter load(Path modelDirectory) {
        JsonNode config;
        try {
            config = new ObjectMapper()
                    .readTree(modelDirectory.resolve("config.json").toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read config.json in " + modelDirectory + " to load its tokenizer: " + e.getMessage(), e);
        }
        String architecture = config.path("model_type").asText("");
        ModelSupport.ModelType type;
        try {
            type = ModelSupport.ModelType.valueOf(architecture.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Jlama has no tokenizer for model_type '" + architecture + "' in "
                    + modelDirectory + "; it knows " + Arrays.toString(ModelSupport.ModelType.values()) + ".");
        }
        Tokenizer tokenizer;
        try {
            tokenizer = type.tokenizerClass.getConstructor(Path.class).newInstance(modelDirectory);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException || cause instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(
                        "Cannot load the tokenizer in " + modelDirectory + ": " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("Jlama failed to load the tokenizer in " + modelDirectory, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Jlama's " + type + " tokenizer cannot be built from a folder", e);
        }
        int heads = config.path("num_attention_heads").asInt(1);
        int keyValueHeads = config.path("num_key_value_heads").asInt(heads);
        int contextWindow = config.path("max_position_embeddings").asInt(0) - 2 * (keyValueHeads - 1);
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("config.json in " + modelDirectory
                    + " declares no usable max_position_embeddings; the context window is unknown.");
        }
        return new JlamaTokenCounter(tokenizer, contextWindow);
    }

    /**
     * A tokenizer that {@code loader} makes on the first count (or window) asked of it, once even when
     * several threads ask together: a router can be wired before any model folder is read.
     */
    static LocalTokenizer loadedOnFirstUse(Supplier<? extends LocalTokenizer> loader) {
        return new LocalTokenizer() {
            private volatile @Nullable LocalTokenizer loaded;

            @Override
            public int countTokens(String text) {
                return tokenizer().countTokens(text);
            }

            @Override
            public int contextWindow() {
                return tokenizer().contextWindow();
            }

            private LocalTokenizer tokenizer() {
                LocalTokenizer current = loaded;
                if (current == null) {
                    synchronized (this) {
                        current = loaded;
                        if (current == null) {
                            current = loader.get();
                            loaded = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    @Override
    public int countTokens(String text) {
        lock.lock();
        try {
            // The same byte mapping as generation's, or Jlama drops every character above U+00FF.
            return tokenizer.encode(tokenText.toTokenizerInput(text)).length;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int contextWindow() {
        return contextWindow;
    }

    @Override
    public String toString() {
        return "JlamaTokenCounter[contextWindow=" + contextWindow + "]";
    }
}
