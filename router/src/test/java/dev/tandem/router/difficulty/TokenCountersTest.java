package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class TokenCountersTest {

    /** A tokenizer with known rates: a token per four ASCII characters, three per CJK character, one per other. */
    private static final ToIntFunction<String> KNOWN = text -> {
        double tokens = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                tokens += 0.25;
            } else if (Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN
                    || Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HIRAGANA
                    || Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.KATAKANA) {
                tokens += 3;
            } else {
                tokens += 1;
            }
        }
        return (int) Math.ceil(tokens);
    };

    @Test
    void measuredRatesReproduceTheTokenizerOnTextsItNeverSaw() {
        ToIntFunction<String> measured = TokenCounters.measured(KNOWN);
        String english = "The quarterly figures arrived late, so the report goes out on Friday instead.";
        String chinese = "季度数据来晚了，所以报告改在星期五发出。";
        String mixed = english + " " + chinese + " Привет, как дела?";

        for (String text : new String[] {english, chinese, mixed}) {
            assertThat((double) measured.applyAsInt(text))
                    .as(text)
                    .isCloseTo(KNOWN.applyAsInt(text), within(KNOWN.applyAsInt(text) * 0.15 + 1));
        }
    }

    @Test
    void theApproximationsTaxChineseButNotEnglish() {
        String english = "Please summarise the attached notes in three short bullet points.";
        String chinese = "请把附件中的笔记总结成三个简短的要点。";

        assertThat(TokenCounters.approximateLocal().applyAsInt(english))
                .isEqualTo(TokenCounters.approximateReference().applyAsInt(english));
        assertThat(TokenCounters.approximateLocal().applyAsInt(chinese))
                .isGreaterThan(TokenCounters.approximateReference().applyAsInt(chinese));
    }
}
