package dev.tandem.local.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.local.forge.ModelShape.Architecture;
import org.junit.jupiter.api.Test;

class ModelShapeTest {

    private final ModelShape.Builder llama = ModelShape.builder(Architecture.LLAMA);

    @Test
    void defaultsDescribeAboutHalfAMillionParameters() {
        ModelShape shape = ModelShape.ofDefaults(Architecture.LLAMA);

        assertThat(shape).isEqualTo(new ModelShape(Architecture.LLAMA, 128, 2, 4, 2, 384, 512, 8_192, 42));
        assertThat(shape.headSize()).isEqualTo(32);
        assertThat(shape.parameterCount()).isEqualTo(524_928);
        assertThat(ModelShape.ofDefaults(Architecture.QWEN2).parameterCount()).isEqualTo(459_904);
    }

    @Test
    void toBuilderKeepsEveryField() {
        ModelShape shape = llama.hiddenSize(256)
                .layers(3)
                .heads(8)
                .kvHeads(4)
                .intermediateSize(512)
                .vocabSize(1_000)
                .maxPositions(64)
                .seed(-5)
                .build();

        ModelShape copy = shape.toBuilder().build();

        assertThat(copy).isEqualTo(shape);
    }

    @Test
    void rejectsHiddenSizeThatIsNotAMultipleOf32() {
        assertThatThrownBy(() -> llama.hiddenSize(100).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hiddenSize must be a positive multiple of 32, was 100");
    }

    @Test
    void rejectsIntermediateSizeThatIsNotAMultipleOf32() {
        assertThatThrownBy(() -> llama.intermediateSize(0).build())
                .hasMessage("intermediateSize must be a positive multiple of 32, was 0");
    }

    @Test
    void rejectsZeroLayers() {
        assertThatThrownBy(() -> llama.layers(0).build()).hasMessage("layers must be at least 1, was 0");
    }

    @Test
    void rejectsZeroHeads() {
        assertThatThrownBy(() -> llama.heads(0).build()).hasMessage("heads must be at least 1, was 0");
    }

    @Test
    void rejectsZeroKeyValueHeads() {
        assertThatThrownBy(() -> llama.kvHeads(0).build()).hasMessage("kvHeads must be at least 1, was 0");
    }

    @Test
    void rejectsHeadsThatAreNotAMultipleOfKeyValueHeads() {
        assertThatThrownBy(() -> llama.heads(4).kvHeads(3).build())
                .hasMessage("heads (4) must be a multiple of kvHeads (3), like 4 heads and 2 kvHeads");
    }

    @Test
    void rejectsHeadSizeThatIsNotAMultipleOf32() {
        assertThatThrownBy(() -> llama.heads(8).kvHeads(2).build())
                .hasMessage("hiddenSize / heads must be a whole multiple of 32, was 128 / 8;"
                        + " for example hiddenSize 128 with 4 heads");
    }

    @Test
    void rejectsVocabularyTooSmallForBytesAndSpecialTokens() {
        assertThatThrownBy(() -> llama.vocabSize(258).build())
                .hasMessage("vocabSize must be between 259 and 131072, was 258");
    }

    @Test
    void rejectsContextWindowBelowSixteenPositions() {
        assertThatThrownBy(() -> llama.maxPositions(8).build())
                .hasMessage("maxPositions must be between 16 and 131072, was 8");
    }
}
