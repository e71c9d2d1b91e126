package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * How the {@link CalibratedDifficultyEstimator} scores requests. Immutable; build one with {@link
 * #custom()}, start from another with {@link #from(DifficultyConfig)}, or take {@link #ofDefaults()}.
 *
 * <pre>{@code
 * DifficultyConfig config = DifficultyConfig.custom()
 *         .calibration(Calibration.load(Path.of("calibration.json")))
 *         .localContextWindow(4096)
 *         .localTokenizer(text -> jlamaTokenizer.encode(text).length)
 *         .build();
 * DifficultyEstimator estimator = CalibratedDifficultyEstimator.create(config);
 * }</pre>
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>valid</th></tr>
 *   <tr><td>{@code embedding}</td><td>on: task types from all-MiniLM-L6-v2</td><td>off keeps only the prompt
 *       features (no model load, well under a millisecond)</td></tr>
 *   <tr><td>{@code embeddingKind}</td><td>{@link EmbeddingKind#FULL}: all-MiniLM-L6-v2 itself (~2 ms per
 *       new prompt; the only one whose built-in calibration beats length-only on held-out real labels)</td>
 *       <td>{@link EmbeddingKind#STATIC}: static vectors distilled from it (about 0.1 ms, lower routing
 *       quality, see docs/difficulty.md); a calibration sets the kind it was learned with</td></tr>
 *   <tr><td>{@code embeddingModel}</td><td>the shared model of {@code embeddingKind}</td><td>any LangChain4j
 *       {@link EmbeddingModel}; a calibration must be learned with the same model</td></tr>
 *   <tr><td>{@code taskExemplars}</td><td>{@link TaskExemplars#defaults()}</td><td>at least one type</td></tr>
 *   <tr><td>{@code calibration}</td><td>{@link Calibration#builtIn(boolean)} for the embedding setting</td>
 *       <td>its signals must be ones this configuration computes</td></tr>
 *   <tr><td>{@code localTokenizer}</td><td>{@link TokenCounters#approximateLocal()}</td><td>text → tokens</td></tr>
 *   <tr><td>{@code referenceTokenizer}</td><td>{@link TokenCounters#approximateReference()}</td><td>text → tokens</td></tr>
 *   <tr><td>{@code localContextWindow}</td><td>2048 tokens</td><td>≥ 1</td></tr>
 *   <tr><td>{@code defaultOutputTokens}</td><td>256, when neither the request nor the prompt says</td><td>≥ 0</td></tr>
 *   <tr><td>{@code embeddingCacheSize}</td><td>4096 prompts</td><td>≥ 0; 0 disables the cache</td></tr>
 *   <tr><td>{@code embeddingInputChars}</td><td>128: longer prompts are embedded as head and tail (embedding cost grows with length: ~2.8 ms at 128 characters, ~4.5 ms at 256, on 2 cores; the instruction is rarely in the middle)</td><td>≥ 64</td></tr>
 * </table>
 */
public final class DifficultyConfig {

    private static final DifficultyConfig DEFAULTS = custom().build();

    private final boolean embedding;
    private final EmbeddingKind embeddingKind;
    private final @Nullable EmbeddingModel embeddingModel;
    private final TaskExemplars taskExemplars;
    private final @Nullable Calibration calibration;
    private final ToIntFunction<String> localTokenizer;
    private final ToIntFunction<String> referenceTokenizer;
    private final int localContextWindow;
    private final int defaultOutputTokens;
    private final int embeddingCacheSize;
    private final int embeddingInputChars;

    private DifficultyConfig(Builder builder) {
        this.embedding = builder.embedding;
        this.embeddingKind = builder.embeddingKind;
        this.embeddingModel = builder.embeddingModel;
        this.taskExemplars = builder.taskExemplars;
        this.calibration = builder.calibration;
        this.localTokenizer = builder.localTokenizer;
        this.referenceTokenizer = builder.referenceTokenizer;
        this.localContextWindow = builder.localContextWindow;
        this.defaultOutputTokens = builder.defaultOutputTokens;
        this.embeddingCacheSize = builder.embeddingCacheSize;
        this.embeddingInputChars = builder.embeddingInputChars;
    }

    public static DifficultyConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding every setting of {@code base}. */
    public static Builder from(DifficultyConfig base) {
        Builder builder = new Builder();
        builder.embedding = base.embedding;
        builder.embeddingKind = base.embeddingKind;
        builder.embeddingModel = base.embeddingModel;
        builder.taskExemplars = base.taskExemplars;
        builder.calibration = base.calibration;
        builder.localTokenizer = base.localTokenizer;
        builder.referenceTokenizer = base.referenceTokenizer;
        builder.localContextWindow = base.localContextWindow;
        builder.defaultOutputTokens = base.defaultOutputTokens;
        builder.embeddingCacheSize = base.embeddingCacheSize;
        builder.embeddingInputChars = base.embeddingInputChars;
        return builder;
    }

    public boolean embedding() {
        return embedding;
    }

    /** Which embedding the task signal uses when no {@link #embeddingModel()} is set explicitly. */
    public EmbeddingKind embeddingKind() {
        return embeddingKind;
    }

    /** The embedding model set explicitly; empty means the shared one of {@link #embeddingKind()}. */
    public Optional<EmbeddingModel> embeddingModel() {
        return Optional.ofNullable(embeddingModel);
    }

    public TaskExemplars taskExemplars() {
        return taskExemplars;
    }

    /** The calibration set explicitly; empty means the built-in one. */
    public Optional<Calibration> calibration() {
        return Optional.ofNullable(calibration);
    }

    public ToIntFunction<String> localTokenizer() {
        return localTokenizer;
    }

    public ToIntFunction<String> referenceTokenizer() {
        return referenceTokenizer;
    }

    public int localContextWindow() {
        return localContextWindow;
    }

    public int defaultOutputTokens() {
        return defaultOutputTokens;
    }

    public int embeddingCacheSize() {
        return embeddingCacheSize;
    }

    public int embeddingInputChars() {
        return embeddingInputChars;
    }

    @Override
    public String toString() {
        return "DifficultyConfig[embedding=" + (embedding ? embeddingKind.id() : "off") + ", taskTypes="
                + taskExemplars.taskTypes().size()
                + ", calibration=" + (calibration == null ? "built-in" : calibration) + ", localContextWindow="
                + localContextWindow + ", defaultOutputTokens=" + defaultOutputTokens + ", embeddingCacheSize="
                + embeddingCacheSize + ", embeddingInputChars=" + embeddingInputChars + "]";
    }

    /** Builds a {@link DifficultyConfig}; each setter checks its value and quotes it when it is wrong. */
    public static final class Builder {
        private boolean embedding = true;
        private EmbeddingKind embeddingKind = EmbeddingKind.FULL;
        private @Nullable EmbeddingModel embeddingModel;
        private TaskExemplars taskExemplars = TaskExemplars.defaults();
        private @Nullable Calibration calibration;
        private ToIntFunction<String> localTokenizer = TokenCounters.approximateLocal();
        private ToIntFunction<String> referenceTokenizer = TokenCounters.approximateReference();
        private int localContextWindow = 2048;
        private int defaultOutputTokens = 256;
        private int embeddingCacheSize = 4096;
        private int embeddingInputChars = 128;

        private Builder() {}

        /** Whether to compute the task-type signal from a sentence embedding; off is faster. */
        public Builder embedding(boolean enabled) {
            this.embedding = enabled;
            return this;
        }

        /**
         * The shared embedding for the task signal: {@link EmbeddingKind#FULL} (the default,
         * all-MiniLM-L6-v2, about 2 ms per new prompt) or {@link EmbeddingKind#STATIC} (about 0.1 ms, but its
         * built-in calibration routes no better than length alone on held-out real labels). It also picks
         * the built-in calibration fitted with that embedding.
         */
        public Builder embeddingKind(EmbeddingKind kind) {
            this.embeddingKind = requireNonNull(kind, "kind");
            return this;
        }

        /** An embedding model of your own; a calibration must be learned with the same model. */
        public Builder embeddingModel(EmbeddingModel model) {
            this.embeddingModel = requireNonNull(model, "model");
            return this;
        }

        public Builder taskExemplars(TaskExemplars exemplars) {
            this.taskExemplars = requireNonNull(exemplars, "exemplars");
            return this;
        }

        /**
         * The weights to score with. A calibration that needs the embedding also sets {@link
         * #embeddingKind} to the one it was learned with; set another one after this only to have the
         * estimator refuse the pair.
         */
        public Builder calibration(Calibration calibration) {
            this.calibration = requireNonNull(calibration, "calibration");
            if (calibration.needsEmbedding()) {
                this.embeddingKind = calibration.embeddingKind();
            }
            return this;
        }

        /** Counts tokens as the local model's tokenizer does; the Jlama tier can pass its real tokenizer. */
        public Builder localTokenizer(ToIntFunction<String> tokenizer) {
            this.localTokenizer = requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        public Builder referenceTokenizer(ToIntFunction<String> tokenizer) {
            this.referenceTokenizer = requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        public Builder localContextWindow(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("local context window must be at least 1 token, was " + tokens);
            }
            this.localContextWindow = tokens;
            return this;
        }

        public Builder defaultOutputTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("default output tokens must not be negative, was " + tokens);
            }
            this.defaultOutputTokens = tokens;
            return this;
        }

        public Builder embeddingCacheSize(int prompts) {
            if (prompts < 0) {
                throw new IllegalArgumentException("embedding cache size must not be negative, was " + prompts);
            }
            this.embeddingCacheSize = prompts;
            return this;
        }

        public Builder embeddingInputChars(int chars) {
            if (chars < 64) {
                throw new IllegalArgumentException("embedding input must be at least 64 characters, was " + chars);
            }
            this.embeddingInputChars = chars;
            return this;
        }

        public DifficultyConfig build() {
            return new DifficultyConfig(this);
        }
    }
}
