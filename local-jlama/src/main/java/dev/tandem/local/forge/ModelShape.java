package dev.tandem.local.forge;

import static java.util.Objects.requireNonNull;

/**
 * The shape of a model that {@link ModelForge} writes: its architecture, its sizes and the seed of its
 * random weights.
 *
 * <pre>{@code
 * ModelShape tiny = ModelShape.ofDefaults(ModelShape.Architecture.QWEN2);
 * ModelShape wider = ModelShape.builder(ModelShape.Architecture.LLAMA).hiddenSize(256).seed(7).build();
 * }</pre>
 *
 * <p>Defaults ({@link #ofDefaults}): hidden size 128, 2 layers, 4 attention heads, 2 key/value heads,
 * intermediate size 384, vocabulary 512, 8,192 positions, seed 42: about 0.5 million parameters, which
 * Jlama loads in well under a second and runs at hundreds of tokens per second.
 *
 * <p>Valid ranges, checked when the shape is built: hidden size, intermediate size and head size
 * (hidden size / heads) are positive multiples of 32, the block size of Jlama's quantized formats; the
 * heads are a multiple of the key/value heads; the vocabulary holds 259 to 131,072 tokens (256 byte
 * tokens and 3 special tokens at least); positions are 16 to 131,072. Any seed is valid.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param architecture which Hugging Face architecture the files describe
 * @param hiddenSize width of the residual stream ({@code hidden_size})
 * @param layers transformer blocks ({@code num_hidden_layers})
 * @param heads attention heads ({@code num_attention_heads})
 * @param kvHeads key/value heads ({@code num_key_value_heads}); fewer than {@code heads} means grouped
 *     query attention
 * @param intermediateSize width of the feed-forward block ({@code intermediate_size})
 * @param vocabSize tokens in the vocabulary, special tokens included ({@code vocab_size})
 * @param maxPositions the context window in tokens ({@code max_position_embeddings})
 * @param seed the seed of the random weights; the same shape always yields the same bytes
 * @param tokenizerCorpus text whose frequent byte pairs the tokenizer merges before those of the built-in
 *     corpus (default empty), to forge vocabularies that suit a domain or script: code, or Thai
 */
public record ModelShape(
        Architecture architecture,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int intermediateSize,
        int vocabSize,
        int maxPositions,
        long seed,
        String tokenizerCorpus) {

    /** The smallest vocabulary: 256 byte tokens and the 3 special tokens. */
    public static final int MIN_VOCAB_SIZE = 259;

    public static final int MAX_VOCAB_SIZE = 131_072;

    public static final int MIN_POSITIONS = 16;

    public static final int MAX_POSITIONS = 131_072;

    private static final int BLOCK = 32;

    /** The architectures the forge can write; both run on Jlama's Llama code path. */
    public enum Architecture {
        /** {@code model_type: llama}: no attention biases, a separate output head. */
        LLAMA,
        /** {@code model_type: qwen2}: biases on the query, key and value projections, tied embeddings. */
        QWEN2
    }

    public ModelShape {
        requireNonNull(architecture, "architecture");
        requireMultipleOfBlock("hiddenSize", hiddenSize);
        requireMultipleOfBlock("intermediateSize", intermediateSize);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("kvHeads", kvHeads);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads
                    + "), like 4 heads and 2 kvHeads");
        }
        if (hiddenSize % heads != 0 || (hiddenSize / heads) % BLOCK != 0) {
            throw new IllegalArgumentException("hiddenSize / heads must be a whole multiple of " + BLOCK + ", was "
                    + hiddenSize + " / " + heads + "; for example hiddenSize 128 with 4 heads");
        }
        requireRange("vocabSize", vocabSize, MIN_VOCAB_SIZE, MAX_VOCAB_SIZE);
        requireRange("maxPositions", maxPositions, MIN_POSITIONS, MAX_POSITIONS);
        requireNonNull(tokenizerCorpus, "tokenizerCorpus");
    }

    /** A shape whose tokenizer learns from the built-in corpus only. */
    public ModelShape(
            Architecture architecture,
            int hiddenSize,
            int layers,
            int heads,
            int kvHeads,
            int intermediateSize,
            int vocabSize,
            int maxPositions,
            long seed) {
        this(architecture, hiddenSize, layers, heads, kvHeads, intermediateSize, vocabSize, maxPositions, seed, "");
    }

    /** The default shape (see the class documentation) for an architecture. */
    public static ModelShape ofDefaults(Architecture architecture) {
        return builder(architecture).build();
    }

    /** Starts a shape from the defaults. */
    public static Builder builder(Architecture architecture) {
        return new Builder(architecture);
    }

    public Builder toBuilder() {
        return new Builder(architecture)
                .hiddenSize(hiddenSize)
                .layers(layers)
                .heads(heads)
                .kvHeads(kvHeads)
                .intermediateSize(intermediateSize)
                .vocabSize(vocabSize)
                .maxPositions(maxPositions)
                .seed(seed)
                .tokenizerCorpus(tokenizerCorpus);
    }

    /** The size of one attention head. */
    public int headSize() {
        return hiddenSize / heads;
    }

    /** How many weights the model has, which is also the number of floats in its safetensors file. */
    public long parameterCount() {
        long kvWidth = (long) kvHeads * headSize();
        long attention = 2L * hiddenSize * hiddenSize + 2L * kvWidth * hiddenSize;
        long biases = architecture == Architecture.QWEN2 ? hiddenSize + 2 * kvWidth : 0;
        long feedForward = 3L * hiddenSize * intermediateSize;
        long norms = 2L * hiddenSize;
        long embeddings = (long) vocabSize * hiddenSize;
        long outputHead = architecture == Architecture.QWEN2 ? 0 : embeddings;
        return layers * (attention + biases + feedForward + norms) + embeddings + hiddenSize + outputHead;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void requireMultipleOfBlock(String name, int value) {
        if (value < BLOCK || value % BLOCK != 0) {
            throw new IllegalArgumentException(name + " must be a positive multiple of " + BLOCK + ", was " + value);
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** Builds a {@link ModelShape}; every size starts at its default and is validated by {@link #build()}. */
    public static final class Builder {
        private final Architecture architecture;
        private int hiddenSize = 128;
        private int layers = 2;
        private int heads = 4;
        private int kvHeads = 2;
        private int intermediateSize = 384;
        private int vocabSize = 512;
        private int maxPositions = 8_192;
        private long seed = 42;
        private String tokenizerCorpus = "";

        private Builder(Architecture architecture) {
            this.architecture = requireNonNull(architecture, "architecture");
        }

        public Builder hiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        public Builder kvHeads(int kvHeads) {
            this.kvHeads = kvHeads;
            return this;
        }

        public Builder intermediateSize(int intermediateSize) {
            this.intermediateSize = intermediateSize;
            return this;
        }

        public Builder vocabSize(int vocabSize) {
            this.vocabSize = vocabSize;
            return this;
        }

        public Builder maxPositions(int maxPositions) {
            this.maxPositions = maxPositions;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Text the tokenizer learns its first merges from (see {@link ModelShape#tokenizerCorpus()}). */
        public Builder tokenizerCorpus(String tokenizerCorpus) {
            this.tokenizerCorpus = requireNonNull(tokenizerCorpus, "tokenizerCorpus");
            return this;
        }

        /** @throws IllegalArgumentException naming the first size that is out of range */
        public ModelShape build() {
            return new ModelShape(
                    architecture,
                    hiddenSize,
                    layers,
                    heads,
                    kvHeads,
                    intermediateSize,
                    vocabSize,
                    maxPositions,
                    seed,
                    tokenizerCorpus);
        }
    }
}
