package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {

    @TempDir
    Path temp;

    @Test
    void readsArchitectureParametersContextTokenizerAndLanguages() throws IOException {
        ModelShape shape = ModelShape.ofDefaults(ModelShape.Architecture.LLAMA);
        Path folder = ModelForge.forge(shape, temp.resolve("m"));
        Files.writeString(
                folder.resolve("README.md"), "---\nlicense: apache-2.0\nlanguage:\n- en\n- de\n- zh\n---\n# M\n");

        ModelInfo info = ModelInfo.read(folder);

        assertThat(info.architecture()).isEqualTo("llama");
        assertThat(info.parameterCount()).isEqualTo(shape.parameterCount());
        assertThat(info.weightTypes()).containsOnlyKeys("F32");
        assertThat(info.contextLength()).isEqualTo(8192);
        assertThat(info.tokenizer()).isEqualTo("BPE (byte-level), 509 tokens");
        assertThat(info.chatTemplate()).isTrue();
        assertThat(info.languages()).containsExactly("en", "de", "zh");
        assertThat(info.describe()).anySatisfy(line -> assertThat(line).startsWith("languages:     en, de, zh"));
    }

    @Test
    void aSingleLanguageOnOneLineIsRead() throws IOException {
        Path folder = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), temp.resolve("q"));
        Files.writeString(folder.resolve("README.md"), "---\nlanguage: [fr, en]\n---\n");

        assertThat(ModelInfo.read(folder).languages()).containsExactly("fr", "en");
    }

    @Test
    void aFolderWithoutConfigIsRejected() {
        assertThatThrownBy(() -> ModelInfo.read(temp))
                .hasMessage("'" + temp + "' is not a model folder: it has no config.json.");
    }
}
