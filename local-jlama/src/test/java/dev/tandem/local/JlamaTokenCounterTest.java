package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlamaTokenCounterTest {

    @TempDir
    static Path models;

    private static Path qwen;

    @BeforeAll
    static void forge() {
        qwen = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), models.resolve("qwen"));
    }

    @Test
    void countsWithTheModelsOwnTokenizerAndAgreesWithTheLoadedModel() {
        JlamaTokenCounter counter = JlamaTokenCounter.load(qwen);
        String english = "The nightly job stops half-way with a timeout in the export step.";
        String chinese = "夜间任务在导出步骤中途超时停止。";

        try (JlamaLocalModel model =
                JlamaLocalModel.builder().modelDirectory(qwen).build()) {
            assertThat(counter.countTokens(english)).isPositive().isEqualTo(model.countTokens(english));
            assertThat(counter.countTokens(chinese)).isEqualTo(model.countTokens(chinese));
            assertThat(counter.contextWindow()).isEqualTo(model.contextWindow());
        }
        // A byte-level vocabulary shatters a script it has no merges for: the tokenization tax.
        double englishPerChar = counter.countTokens(english) / (double) english.length();
        double chinesePerChar = counter.countTokens(chinese) / (double) chinese.length();
        assertThat(chinesePerChar).isGreaterThan(englishPerChar);
        assertThat(counter.countTokens("")).isZero();
    }

    @Test
    void aLazyModelCountsWithoutLoadingTheWeights() {
        try (LocalModels locals = LocalModels.builder()
                .model("general", JlamaLocalModel.builder().modelDirectory(qwen))
                .build()) {
            LocalModels.LazyLocalModel lazy = locals.chatModel("general");

            assertThat(lazy.countTokens("How many tokens is this?"))
                    .isEqualTo(JlamaTokenCounter.load(qwen).countTokens("How many tokens is this?"));
            assertThat(lazy.contextWindow())
                    .isEqualTo(JlamaTokenCounter.load(qwen).contextWindow());
            assertThat(locals.loaded("general")).isEmpty();
        }
    }

    @Test
    void aFolderWithoutConfigSaysWhatIsMissing() throws IOException {
        Path empty = Files.createDirectories(models.resolve("empty"));

        assertThatThrownBy(() -> JlamaTokenCounter.load(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read config.json in " + empty + " to load its tokenizer");
    }

    @Test
    void anArchitectureJlamaDoesNotKnowIsNamed() throws IOException {
        Path other = Files.createDirectories(models.resolve("other"));
        Files.writeString(
                other.resolve("config.json"), "{\"model_type\": \"phi3\", \"max_position_embeddings\": 4096}");

        assertThatThrownBy(() -> JlamaTokenCounter.load(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Jlama has no tokenizer for model_type 'phi3' in " + other + "; it knows [");
    }
}
