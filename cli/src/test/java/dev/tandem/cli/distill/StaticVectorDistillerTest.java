package dev.tandem.cli.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.router.difficulty.calibration.CalibrationProgress;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distillation on the first tokens of the vocabulary (the whole one takes minutes). */
class StaticVectorDistillerTest {

    @Test
    void theSameSettingsGiveTheSameBytes() throws IOException {
        List<String> stages = new ArrayList<>();
        CalibrationProgress progress = (stage, done, total) -> stages.add(stage + " " + done + "/" + total);

        byte[] first = bytes(StaticVectorDistiller.distil(16, 300, progress));
        byte[] second = bytes(StaticVectorDistiller.distil(16, 300, CalibrationProgress.NONE));

        assertThat(first).isEqualTo(second);
        assertThat(stages).containsExactly("embedding the vocabulary 256/300", "embedding the vocabulary 300/300");
    }

    @Test
    void embeddedTokensGetVectorsAndTheRestZeros() {
        StaticVectors vectors = StaticVectorDistiller.distil(8, 300, CalibrationProgress.NONE);

        assertThat(vectors.vocabularySize()).isEqualTo(30522);
        assertThat(vectors.dimensions()).isEqualTo(8);
        assertThat(vectors.vector(299)).isNotEqualTo(new float[8]);
        assertThat(vectors.vector(300)).containsOnly(0f);
    }

    @Test
    void principalComponentsComeInOrderOfVarianceWithAFixedSign() {
        // Spread 3 along the first axis, 1 along the second.
        float[][] rows = {{-3f, 0f}, {3f, 0f}, {0f, 1f}, {0f, -1f}};

        float[][] projected = StaticVectorDistiller.principalComponents(rows, 2);

        assertThat(projected[1]).containsExactly(new float[] {3f, 0f}, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(projected[0]).containsExactly(new float[] {-3f, 0f}, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(projected[2]).containsExactly(new float[] {0f, 1f}, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void moreDimensionsThanTheModelHasAreRefused() {
        assertThatThrownBy(() -> StaticVectorDistiller.distil(400, 500, CalibrationProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dimensions must be 1 to 384, was 400");
    }

    private static byte[] bytes(StaticVectors vectors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        vectors.write(out);
        return out.toByteArray();
    }
}
