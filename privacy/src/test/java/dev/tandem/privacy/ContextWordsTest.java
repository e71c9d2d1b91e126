package dev.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.privacy.internal.Text;
import org.junit.jupiter.api.Test;

class ContextWordsTest {

    private final ContextWords words = ContextWords.builder()
            .positive("card", "telefon*", "date of birth")
            .negative("order")
            .build();

    private double scoreOf(String text, String entity) {
        int start = text.indexOf(entity);
        return words.adjust(Text.lower(text), start, start + entity.length(), 0.5);
    }

    @Test
    void positiveWordBeforeTheEntityRaisesTheScore() {
        double score = scoreOf("my CARD is 1234", "1234");

        assertThat(score).isEqualTo(0.85);
    }

    @Test
    void negativeWordLowersTheScore() {
        double score = scoreOf("order 1234", "1234");

        assertThat(score).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void positiveWordWinsOverANegativeOne() {
        double score = scoreOf("order paid by card 1234", "1234");

        assertThat(score).isEqualTo(0.85);
    }

    @Test
    void wordsMatchWholeWordsUnlessMarkedAsPrefix() {
        double cardboard = scoreOf("cardboard 1234", "1234");
        double compound = scoreOf("Telefonnummer 1234", "1234");

        assertThat(cardboard).isEqualTo(0.5);
        assertThat(compound).isEqualTo(0.85);
    }

    @Test
    void phrasesMatchAcrossWords() {
        double score = scoreOf("Date of birth: 1234", "1234");

        assertThat(score).isEqualTo(0.85);
    }

    @Test
    void wordsOutsideTheWindowAreIgnored() {
        double score = scoreOf("card one two three four five six seven 1234", "1234");

        assertThat(score).isEqualTo(0.5);
    }

    @Test
    void boostOutsideTheUnitIntervalIsRejected() {
        ContextWords.Builder builder = ContextWords.builder();

        assertThatThrownBy(() -> builder.boost(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boost -0.1 is outside [0, 1]");
    }

    @Test
    void windowLargerThanFiftyWordsIsRejected() {
        ContextWords.Builder builder = ContextWords.builder();

        assertThatThrownBy(() -> builder.wordsBefore(51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wordsBefore 51 is outside [0, 50]");
    }
}
