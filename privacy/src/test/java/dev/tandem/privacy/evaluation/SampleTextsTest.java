package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleTextsTest {

    @Test
    void cutsTextsToExactlyTheRequestedLength() {
        String prose = SampleTexts.prose(8_000);
        String dense = SampleTexts.dense(777);

        assertThat(prose).hasSize(8_000);
        assertThat(dense).hasSize(777);
        assertThat(SampleTexts.prose(0)).isEmpty();
    }

    @Test
    void buildsTheSameTextEveryTime() {
        String first = SampleTexts.dense(2_000);

        String second = SampleTexts.dense(2_000);

        assertThat(second).isEqualTo(first);
        assertThat(SampleTexts.prose(2_000)).startsWith(SampleTexts.prose(800));
    }

    @Test
    void rejectsANegativeLength() {
        assertThatThrownBy(() -> SampleTexts.dense(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chars -1 is negative; pass a length of 0 or more");
    }
}
