package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelQuantizerTest {

    @TempDir
    static Path models;

    @TempDir
    Path temp;

    // Widths that are multiples of 256, which Jlama's Q4 kernels need on AVX2 (512 on AVX-512: 512 here).
    private static final ModelShape SHAPE = ModelShape.builder(ModelShape.Architecture.QWEN2)
            .hiddenSize(512)
            .heads(8)
            .kvHeads(2)
            .intermediateSize(1024)
            .layers(2)
            .vocabSize(512)
            .maxPositions(1024)
            .build();

    private static Path source;

    @BeforeAll
    static void forge() {
        source = ModelForge.forge(SHAPE, models.resolve("source"));
    }

    @Test
    void aQ4ModelIsSmallerAndLoadsAndGenerates() {
        ModelQuantizer.Format format = ModelQuantizer.Format.Q4;
        Path output = temp.resolve("out-" + format);
        List<Long> progress = new ArrayList<>();

        ModelQuantizer.quantize(source, format, output, new ProgressListener() {
            @Override
            public void progressed(long done, String detail) {
                progress.add(done);
            }
        });

        long before = source.resolve("model.safetensors").toFile().length();
        long after = output.resolve("model.safetensors").toFile().length();
        assertThat(after).isLessThan(before * (format == ModelQuantizer.Format.Q4 ? 30 : 40) / 100);
        assertThat(progress).isSorted().isNotEmpty();
        assertThat(ModelInfo.read(output).weightTypes()).containsKey(format == ModelQuantizer.Format.Q4 ? "Q4" : "I8");
        assertThat(ModelInfo.read(output).parameterCount()).isEqualTo(SHAPE.parameterCount());
        assertThat(output).isDirectoryNotContaining("glob:**.tmp");
        try (JlamaLocalModel model =
                JlamaLocalModel.builder().modelDirectory(output).maxNewTokens(8).build()) {
            ChatResponse response = model.chat(dev.langchain4j.data.message.UserMessage.from("Hallo Welt"));
            assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(8);
            assertThat(response.aiMessage().text()).isNotEmpty();
        }
    }

    @Test
    void q8IsRefusedBecauseJlamaCannotRunIt() {
        assertThatThrownBy(() -> ModelQuantizer.quantize(
                        source, ModelQuantizer.Format.Q8, temp.resolve("q8"), ProgressListener.NONE))
                .hasMessage("Q8 is not supported with Jlama 0.8.4: it can write Q8 weights but has no kernel to run"
                        + " them (UnsupportedOperationException: F32 I8). Use --to Q4.");
        assertThat(temp.resolve("q8")).doesNotExist();
    }

    @Test
    void theDefaultOutputSitsBesideTheSource() {
        assertThat(ModelQuantizer.defaultOutput(Path.of("/m/qwen"), ModelQuantizer.Format.Q4))
                .isEqualTo(Path.of("/m/qwen-JQ4"));
    }

    @Test
    void anOutputThatAlreadyHoldsAModelIsRefused() {
        assertThatThrownBy(
                        () -> ModelQuantizer.quantize(source, ModelQuantizer.Format.Q4, source, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The output folder '" + source + "' already holds a model. Choose another --out folder,"
                        + " or delete it first.");
    }

    @Test
    void aSourceWithoutReadmeIsRefusedUpFront() throws IOException {
        Path bare = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.LLAMA), temp.resolve("bare"));
        Files.delete(bare.resolve("README.md"));

        assertThatThrownBy(() -> ModelQuantizer.quantize(
                        bare, ModelQuantizer.Format.Q4, temp.resolve("q"), ProgressListener.NONE))
                .hasMessage("'" + bare + "' has no README.md, which Jlama's quantized format carries over. Add one"
                        + " (any text) and run again.");
    }
}
