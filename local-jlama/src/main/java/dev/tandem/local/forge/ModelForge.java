package dev.tandem.local.forge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.local.forge.ModelShape.Architecture;
import dev.tandem.local.forge.SafeTensorsWriter.Tensor;
import dev.tandem.local.forge.SafeTensorsWriter.ValueSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a tiny Hugging Face style model folder with seeded random weights, without network or Python.
 * Jlama loads it like any downloaded model, so the local tier, the CLI's first run and the tests can run
 * real inference in well under a second. The model produces random text: it is for plumbing, not answers.
 * Its turn markers are damped, so it seldom ends a turn by itself and answers run to the token limit.
 *
 * <pre>{@code
 * Path model = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), cacheDir.resolve("tandem-tiny"));
 * try (JlamaLocalModel local = JlamaLocalModel.builder().modelDirectory(model).build()) {
 *     String text = local.chat("Hello");
 * }
 * }</pre>
 *
 * <p>The folder holds {@code config.json}, a byte-level BPE {@code tokenizer.json} (GPT-2 / Llama 3
 * style, all 256 byte symbols, merges learnt from a small built-in corpus, and the ChatML special tokens
 * {@code <|endoftext|>} (BOS), {@code <|im_start|>} and {@code <|im_end|>} (EOS) as the last three ids),
 * a {@code tokenizer_config.json} with a ChatML chat template, a {@code model.safetensors} of F32
 * weights, and a {@code README.md} (Jlama's quantizer refuses folders without one).
 *
 * <p>Forging is deterministic: the same {@link ModelShape}, seed included, yields byte-identical files.
 * It is also idempotent: forging into a folder that already holds a forged model replaces those five
 * files one by one, each atomically, with {@code model.safetensors} last, and leaves other files alone.
 * The class is stateless and thread-safe, but two forges into the same folder at once race each other.
 */
public final class ModelForge {

    private static final String CONFIG = "config.json";
    private static final String TOKENIZER = "tokenizer.json";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    private static final String WEIGHTS = "model.safetensors";
    private static final String README = "README.md";

    private static final String END_OF_TEXT = "<|endoftext|>";
    private static final String IM_START = "<|im_start|>";
    private static final String IM_END = "<|im_end|>";

    /** ChatML as Qwen2 writes it, without Qwen's default system message. */
    private static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final int SPECIAL_TOKENS = 3;
    private static final String EMBEDDINGS = "model.embed_tokens.weight";
    private static final String OUTPUT_HEAD = "lm_head.weight";
    private static final float BIAS_SCALE = 0.1f;
    private static final float SPECIAL_ROW_DAMPING = 0.05f;

    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelForge() {}

    /**
     * Forges a model of the given shape into {@code directory}, creating the folder if needed.
     *
     * @return {@code directory}, ready for {@code JlamaLocalModel.builder().modelDirectory(...)}
     * @throws UncheckedIOException if the folder cannot be created or written
     */
    public static Path forge(ModelShape shape, Path directory) {
        requireNonNull(shape, "shape");
        requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            ByteLevelBpe vocabulary = ByteLevelBpe.build(
                    shape.vocabSize() - SPECIAL_TOKENS, Set.of(END_OF_TEXT, IM_START, IM_END), shape.tokenizerCorpus());
            int bos = shape.vocabSize() - SPECIAL_TOKENS;
            int eos = shape.vocabSize() - 1;

            writeAtomically(directory, README, readme(shape).getBytes(StandardCharsets.UTF_8));
            writeAtomically(directory, CONFIG, PRETTY.writeValueAsBytes(config(shape, bos, eos)));
            writeAtomically(directory, TOKENIZER, COMPACT.writeValueAsBytes(tokenizer(vocabulary, bos)));
            writeAtomically(directory, TOKENIZER_CONFIG, PRETTY.writeValueAsBytes(tokenizerConfig(shape, bos)));
            Path weights = Files.createTempFile(directory, ".forge-", ".tmp");
            try {
                SafeTensorsWriter.write(weights, metadata(shape), tensors(shape), COMPACT);
                moveIntoPlace(weights, directory.resolve(WEIGHTS));
            } finally {
                Files.deleteIfExists(weights);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not forge a model into " + directory + ": " + e.getMessage()
                            + ". Check that the folder is writable and the disk has room for "
                            + shape.parameterCount() * Float.BYTES + " bytes.",
                    e);
        }
    }

    private static Map<String, Object> config(ModelShape shape, int bos, int eos) {
        boolean qwen = shape.architecture() == Architecture.QWEN2;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of(qwen ? "Qwen2ForCausalLM" : "LlamaForCausalLM"));
        config.put("model_type", qwen ? "qwen2" : "llama");
        config.put("hidden_size", shape.hiddenSize());
        config.put("intermediate_size", shape.intermediateSize());
        config.put("num_hidden_layers", shape.layers());
        config.put("num_attention_heads", shape.heads());
        config.put("num_key_value_heads", shape.kvHeads());
        config.put("max_position_embeddings", shape.maxPositions());
        config.put("vocab_size", shape.vocabSize());
        config.put("hidden_act", "silu");
        config.put("rms_norm_eps", 1e-6);
        config.put("rope_theta", 10000.0);
        config.put("bos_token_id", bos);
        config.put("eos_token_id", eos);
        config.put("tie_word_embeddings", qwen);
        config.put("torch_dtype", "float32");
        return config;
    }

    private static Map<String, Object> tokenizer(ByteLevelBpe vocabulary, int bos) {
        Map<String, Object> byteLevel = new LinkedHashMap<>();
        byteLevel.put("type", "ByteLevel");
        byteLevel.put("add_prefix_space", false);
        byteLevel.put("trim_offsets", false);
        byteLevel.put("use_regex", false);

        Map<String, Object> split = new LinkedHashMap<>();
        split.put("type", "Split");
        split.put("pattern", Map.of("Regex", ByteLevelBpe.SPLIT_PATTERN));
        split.put("behavior", "Isolated");
        split.put("invert", false);

        Map<String, Object> preTokenizer = new LinkedHashMap<>();
        preTokenizer.put("type", "Sequence");
        preTokenizer.put("pretokenizers", List.of(split, byteLevel));

        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", null);
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        model.put("vocab", vocab);
        model.put("merges", vocabulary.merges());

        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put(
                "added_tokens",
                specialTokens(bos).entrySet().stream()
                        .map(entry -> addedToken(entry.getValue(), entry.getKey()))
                        .toList());
        tokenizer.put("normalizer", null);
        tokenizer.put("pre_tokenizer", preTokenizer);
        tokenizer.put("post_processor", byteLevel);
        tokenizer.put("decoder", byteLevel);
        tokenizer.put("model", model);
        return tokenizer;
    }

    private static Map<String, Object> tokenizerConfig(ModelShape shape, int bos) {
        Map<String, Object> decoder = new LinkedHashMap<>();
        specialTokens(bos).forEach((content, id) -> {
            Map<String, Object> token = addedToken(id, content);
            token.remove("id");
            decoder.put(Integer.toString(id), token);
        });
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_bos_token", false);
        config.put("add_prefix_space", false);
        config.put("added_tokens_decoder", decoder);
        config.put("bos_token", END_OF_TEXT);
        config.put("chat_template", CHAT_TEMPLATE);
        config.put("clean_up_tokenization_spaces", false);
        config.put("eos_token", IM_END);
        config.put("errors", "replace");
        config.put("model_max_length", shape.maxPositions());
        config.put("pad_token", END_OF_TEXT);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("unk_token", null);
        return config;
    }

    private static Map<String, Integer> specialTokens(int bos) {
        Map<String, Integer> specials = new LinkedHashMap<>();
        specials.put(END_OF_TEXT, bos);
        specials.put(IM_START, bos + 1);
        specials.put(IM_END, bos + 2);
        return specials;
    }

    private static Map<String, Object> addedToken(int id, String content) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", false);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
        return token;
    }

    private static Map<String, String> metadata(ModelShape shape) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("forged_by", "tandem ModelForge");
        metadata.put("seed", Long.toString(shape.seed()));
        return metadata;
    }

    // Names and shapes follow Hugging Face's LlamaForCausalLM and Qwen2ForCausalLM, which is what Jlama's
    // LlamaModel and Qwen2Model load; matrices are [out, in].
    private static List<Tensor> tensors(ModelShape shape) {
        int hidden = shape.hiddenSize();
        int kvWidth = shape.kvHeads() * shape.headSize();
        int intermediate = shape.intermediateSize();
        boolean qwen = shape.architecture() == Architecture.QWEN2;
        SplitMix64 random = new SplitMix64(shape.seed());

        Map<String, int[]> shapes = new TreeMap<>();
        shapes.put(EMBEDDINGS, new int[] {shape.vocabSize(), hidden});
        shapes.put("model.norm.weight", new int[] {hidden});
        if (!qwen) {
            shapes.put(OUTPUT_HEAD, new int[] {shape.vocabSize(), hidden});
        }
        for (int layer = 0; layer < shape.layers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            shapes.put(prefix + "input_layernorm.weight", new int[] {hidden});
            shapes.put(prefix + "post_attention_layernorm.weight", new int[] {hidden});
            shapes.put(prefix + "self_attn.q_proj.weight", new int[] {hidden, hidden});
            shapes.put(prefix + "self_attn.k_proj.weight", new int[] {kvWidth, hidden});
            shapes.put(prefix + "self_attn.v_proj.weight", new int[] {kvWidth, hidden});
            shapes.put(prefix + "self_attn.o_proj.weight", new int[] {hidden, hidden});
            shapes.put(prefix + "mlp.gate_proj.weight", new int[] {intermediate, hidden});
            shapes.put(prefix + "mlp.up_proj.weight", new int[] {intermediate, hidden});
            shapes.put(prefix + "mlp.down_proj.weight", new int[] {hidden, intermediate});
            if (qwen) {
                shapes.put(prefix + "self_attn.q_proj.bias", new int[] {hidden});
                shapes.put(prefix + "self_attn.k_proj.bias", new int[] {kvWidth});
                shapes.put(prefix + "self_attn.v_proj.bias", new int[] {kvWidth});
            }
        }

        List<Tensor> tensors = new ArrayList<>(shapes.size());
        shapes.forEach((name, dimensions) ->
                tensors.add(new Tensor(name, dimensions, values(name, dimensions, shape, random))));
        return tensors;
    }

    // Norm weights start at one as in a freshly initialised model; matrices get a uniform spread with
    // variance 1 / fan-in, which keeps activations near unit size through the layers. The rows of the
    // special tokens in the embedding and output head are damped: an untrained model would otherwise pick
    // a turn marker as often as any word and end many answers before they start.
    private static ValueSource values(String name, int[] dimensions, ModelShape shape, SplitMix64 random) {
        if (name.endsWith("norm.weight")) {
            return () -> 1.0f;
        }
        if (dimensions.length == 1) {
            return () -> random.nextSignedFloat() * BIAS_SCALE;
        }
        float scale = (float) Math.sqrt(3.0 / dimensions[1]);
        if (!name.equals(EMBEDDINGS) && !name.equals(OUTPUT_HEAD)) {
            return () -> random.nextSignedFloat() * scale;
        }
        long firstSpecial = (long) (shape.vocabSize() - SPECIAL_TOKENS) * shape.hiddenSize();
        long[] index = {0};
        return () -> random.nextSignedFloat() * (index[0]++ < firstSpecial ? scale : scale * SPECIAL_ROW_DAMPING);
    }

    private static String readme(ModelShape shape) {
        return String.format(
                Locale.ROOT,
                """
                # Forged model (random weights)

                This folder was forged by Tandem's `ModelForge`: a %s-style model with %,d parameters whose \
                weights are seeded random numbers (seed %d), not trained ones. It loads and runs like any \
                Hugging Face model, but it produces random text. Use it to test plumbing, never for answers.

                Shape: hidden size %d, %d layers, %d attention heads, %d key/value heads, intermediate size \
                %d, vocabulary %d (byte-level BPE with ChatML special tokens), %d positions.
                """,
                shape.architecture().name().toLowerCase(Locale.ROOT),
                shape.parameterCount(),
                shape.seed(),
                shape.hiddenSize(),
                shape.layers(),
                shape.heads(),
                shape.kvHeads(),
                shape.intermediateSize(),
                shape.vocabSize(),
                shape.maxPositions());
    }

    private static void writeAtomically(Path directory, String name, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(directory, ".forge-", ".tmp");
        try {
            Files.write(temporary, content);
            moveIntoPlace(temporary, directory.resolve(name));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
