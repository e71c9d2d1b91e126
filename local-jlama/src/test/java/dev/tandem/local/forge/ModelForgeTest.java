package dev.tandem.local.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.local.forge.ModelShape.Architecture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelForgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES =
            List.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "README.md");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void sameShapeAndSeedWriteByteIdenticalFiles(Architecture architecture) throws IOException {
        ModelShape shape = ModelShape.ofDefaults(architecture);

        Path first = ModelForge.forge(shape, temp.resolve("first"));
        Path second = ModelForge.forge(shape, temp.resolve("second"));

        for (String file : FILES) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void differentSeedChangesTheWeightsButNotTheTokenizer() throws IOException {
        ModelShape shape = ModelShape.ofDefaults(Architecture.LLAMA);

        Path seed42 = ModelForge.forge(shape, temp.resolve("a"));
        Path seed7 = ModelForge.forge(shape.toBuilder().seed(7).build(), temp.resolve("b"));

        assertThat(Files.readAllBytes(seed7.resolve("tokenizer.json")))
                .isEqualTo(Files.readAllBytes(seed42.resolve("tokenizer.json")));
        assertThat(Files.size(seed7.resolve("model.safetensors")))
                .isEqualTo(Files.size(seed42.resolve("model.safetensors")));
        assertThat(tensorData(seed7, "model.layers.0.self_attn.q_proj.weight"))
                .isNotEqualTo(tensorData(seed42, "model.layers.0.self_attn.q_proj.weight"));
    }

    @Test
    void qwen2ModelHasAttentionBiasesAndTiedEmbeddings() throws IOException {
        Path model = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), temp.resolve("qwen"));

        JsonNode header = header(model);
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());

        assertThat(config.get("model_type").asText()).isEqualTo("qwen2");
        assertThat(config.get("tie_word_embeddings").asBoolean()).isTrue();
        assertThat(header.has("lm_head.weight")).isFalse();
        assertThat(shapeOf(header, "model.layers.1.self_attn.q_proj.bias")).containsExactly(128);
        assertThat(shapeOf(header, "model.layers.1.self_attn.k_proj.bias")).containsExactly(64);
        assertThat(shapeOf(header, "model.layers.1.self_attn.v_proj.bias")).containsExactly(64);
    }

    @Test
    void llamaModelHasAnOutputHeadAndNoBiases() throws IOException {
        Path model = ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), temp.resolve("llama"));

        JsonNode header = header(model);
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());

        assertThat(config.get("model_type").asText()).isEqualTo("llama");
        assertThat(shapeOf(header, "lm_head.weight")).containsExactly(512, 128);
        assertThat(shapeOf(header, "model.layers.0.self_attn.k_proj.weight")).containsExactly(64, 128);
        assertThat(shapeOf(header, "model.layers.0.mlp.down_proj.weight")).containsExactly(128, 384);
        assertThat(header.fieldNames()).toIterable().noneMatch(name -> name.endsWith(".bias"));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void safetensorsFileHoldsExactlyTheParametersOfTheShape(Architecture architecture) throws IOException {
        ModelShape shape = ModelShape.ofDefaults(architecture);

        Path model = ModelForge.forge(shape, temp.resolve("model"));

        long headerLength = headerLength(model);
        assertThat(headerLength % 8).isZero();
        assertThat(Files.size(model.resolve("model.safetensors")))
                .isEqualTo(Long.BYTES + headerLength + shape.parameterCount() * Float.BYTES);
        assertThat(shape.parameterCount()).isBetween(400_000L, 600_000L);
    }

    @Test
    void tokenizerHasEveryByteMergesAndTheChatMlSpecialTokens() throws IOException {
        Path model = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), temp.resolve("model"));

        JsonNode tokenizer = JSON.readTree(model.resolve("tokenizer.json").toFile());
        JsonNode vocab = tokenizer.get("model").get("vocab");
        Set<Integer> ids = new HashSet<>();
        vocab.fields().forEachRemaining(entry -> ids.add(entry.getValue().asInt()));
        List<String> specials = new ArrayList<>();
        tokenizer.get("added_tokens").forEach(token -> {
            ids.add(token.get("id").asInt());
            specials.add(token.get("content").asText() + "=" + token.get("id").asInt());
        });

        assertThat(tokenizer.get("model").get("type").asText()).isEqualTo("BPE");
        assertThat(vocab.get("Ġ").asInt()).isEqualTo(' ');
        assertThat(vocab.get("A").asInt()).isEqualTo('A');
        assertThat(vocab.has("Ġthe")).isTrue();
        assertThat(tokenizer.get("model").get("merges").size()).isGreaterThanOrEqualTo(512 - 256 - 3);
        assertThat(ids).hasSize(512).allMatch(id -> id >= 0 && id < 512);
        assertThat(specials).containsExactly("<|endoftext|>=509", "<|im_start|>=510", "<|im_end|>=511");
    }

    @Test
    void tokenizerConfigCarriesTheChatMlTemplateAndTheEndOfTurnToken() throws IOException {
        Path model = ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), temp.resolve("model"));

        JsonNode tokenizerConfig =
                JSON.readTree(model.resolve("tokenizer_config.json").toFile());
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());

        assertThat(tokenizerConfig.get("chat_template").asText()).contains("<|im_start|>", "<|im_end|>");
        assertThat(tokenizerConfig.get("eos_token").asText()).isEqualTo("<|im_end|>");
        assertThat(tokenizerConfig.get("bos_token").asText()).isEqualTo("<|endoftext|>");
        assertThat(config.get("eos_token_id").asInt()).isEqualTo(511);
        assertThat(config.get("bos_token_id").asInt()).isEqualTo(509);
    }

    @Test
    void readmeSaysTheWeightsAreRandom() throws IOException {
        Path model = ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), temp.resolve("model"));

        String readme = Files.readString(model.resolve("README.md"));

        assertThat(readme).contains("random weights", "produces random text", "524,928 parameters");
    }

    @Test
    void forgingAgainReplacesTheModelFilesAndKeepsOtherFiles() throws IOException {
        Path model = temp.resolve("model");
        ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), model);
        Files.writeString(model.resolve("notes.txt"), "mine");

        ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), model);

        assertThat(JSON.readTree(model.resolve("config.json").toFile())
                        .get("model_type")
                        .asText())
                .isEqualTo("qwen2");
        assertThat(model.resolve("notes.txt")).hasContent("mine");
        try (var files = Files.list(model)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "config.json",
                            "tokenizer.json",
                            "tokenizer_config.json",
                            "model.safetensors",
                            "README.md",
                            "notes.txt");
        }
    }

    @Test
    void unwritableTargetFailsWithTheFolderInTheMessage() throws IOException {
        Path file = Files.writeString(temp.resolve("occupied"), "not a folder");

        assertThatThrownBy(() -> ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), file))
                .hasMessageStartingWith("Could not forge a model into " + file);
    }

    private static JsonNode header(Path model) throws IOException {
        byte[] file = Files.readAllBytes(model.resolve("model.safetensors"));
        long length = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JSON.readTree(new String(file, Long.BYTES, (int) length, StandardCharsets.UTF_8));
    }

    private static long headerLength(Path model) throws IOException {
        byte[] file = Files.readAllBytes(model.resolve("model.safetensors"));
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static List<Integer> shapeOf(JsonNode header, String tensor) {
        List<Integer> shape = new ArrayList<>();
        header.get(tensor).get("shape").forEach(dimension -> shape.add(dimension.asInt()));
        return shape;
    }

    private static byte[] tensorData(Path model, String tensor) throws IOException {
        byte[] file = Files.readAllBytes(model.resolve("model.safetensors"));
        long dataStart = Long.BYTES + headerLength(model);
        JsonNode offsets = header(model).get(tensor).get("data_offsets");
        int begin = (int) (dataStart + offsets.get(0).asLong());
        int end = (int) (dataStart + offsets.get(1).asLong());
        return Arrays.copyOfRange(file, begin, end);
    }
}
