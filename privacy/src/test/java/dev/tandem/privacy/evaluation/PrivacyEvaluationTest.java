package dev.tandem.privacy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.SensitivityLevels;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyEvaluationTest {

    private static final EntityType EMAIL = EntityType.EMAIL;
    private static final EntityType PERSON = EntityType.of("PERSON");
    private static final EntityType IP = EntityType.of("IP_ADDRESS");

    /** A fake scanner that answers from a table, so the expected numbers can be worked out by hand. */
    private static PrivacyScanner answering(Map<String, List<EntitySpan>> answers) {
        return text -> answers.getOrDefault(text, List.of());
    }

    private static EntitySpan span(EntityType type, int start, int end) {
        return new EntitySpan(type, start, end, 1.0);
    }

    @Test
    void computesSpanMetricsAndRequestRatesOnAHandWorkedExample() throws IOException {
        String jsonl = """
                {"text": "mail ann@x.io now", "spans": [{"type": "EMAIL", "start": 5, "end": 13}]}
                {"text": "Ann Lee and Bo Chan", "spans": [{"type": "PERSON", "start": 0, "end": 7}, {"type": "PERSON", "start": 12, "end": 19}]}
                {"text": "host 10.0.0.1", "spans": [{"type": "IP_ADDRESS", "start": 5, "end": 13}]}
                {"text": "plain words here", "spans": []}
                {"text": "nothing to see", "spans": []}
                """;
        PrivacyScanner scanner = answering(Map.of(
                "mail ann@x.io now", List.of(span(EMAIL, 5, 13)),
                // finds "Ann Le" (6 of 7 overlap, a match) and misses "Bo Chan"
                "Ann Lee and Bo Chan", List.of(span(PERSON, 0, 6)),
                // a low-level type: counts for metrics, not for the leak rate
                "host 10.0.0.1", List.of(span(IP, 5, 13)),
                // a false alarm: a high-level type where there is none
                "plain words here", List.of(span(PERSON, 0, 5))));
        List<LabelledText> texts = PrivacyEvaluation.read(new StringReader(jsonl));

        PrivacyEvaluationReport report = PrivacyEvaluation.of(scanner).evaluate(texts);

        assertThat(report.texts()).isEqualTo(5);
        assertThat(report.metrics(EMAIL)).isEqualTo(new TypeMetrics(EMAIL, 1, 0, 0));
        assertThat(report.metrics(PERSON)).isEqualTo(new TypeMetrics(PERSON, 1, 1, 1));
        assertThat(report.metrics(PERSON).precision()).isEqualTo(0.5);
        assertThat(report.metrics(PERSON).recall()).isEqualTo(0.5);
        assertThat(report.metrics(PERSON).f1()).isEqualTo(0.5);
        assertThat(report.overall()).isEqualTo(new TypeMetrics(EntityType.of("ALL"), 3, 1, 1));
        // texts 1 and 2 hold direct identifiers; text 2 leaks ("e" of "Lee" and all of "Bo Chan")
        assertThat(report.textsWithDirectIdentifier()).isEqualTo(2);
        assertThat(report.leakedTexts()).isEqualTo(1);
        assertThat(report.leakRate()).isEqualTo(0.5);
        // texts 3, 4 and 5 hold none; text 4 raises a false alarm
        assertThat(report.textsWithoutDirectIdentifier()).isEqualTo(3);
        assertThat(report.falseAlarmTexts()).isEqualTo(1);
        assertThat(report.falseAlarmRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void exactMatchingRejectsAPartialSpan() {
        LabelledText text = new LabelledText("Ann Lee", List.of(span(PERSON, 0, 7)));
        PrivacyScanner scanner = answering(Map.of("Ann Lee", List.of(span(PERSON, 0, 6))));

        PrivacyEvaluationReport report = PrivacyEvaluation.of(
                        scanner, SensitivityLevels.ofDefaults(), SpanMatching.EXACT)
                .evaluate(List.of(text));

        assertThat(report.metrics(PERSON)).isEqualTo(new TypeMetrics(PERSON, 0, 1, 1));
    }

    @Test
    void halfOverlapNeedsHalfOfTheLongerSpan() {
        LabelledText text = new LabelledText("Annabelle Lee", List.of(span(PERSON, 0, 13)));
        PrivacyScanner scanner = answering(Map.of("Annabelle Lee", List.of(span(PERSON, 0, 4))));

        PrivacyEvaluationReport report = PrivacyEvaluation.of(scanner).evaluate(List.of(text));

        assertThat(report.metrics(PERSON)).isEqualTo(new TypeMetrics(PERSON, 0, 1, 1));
    }

    @Test
    void aDetectionOfAnotherTypeStillPreventsTheLeak() {
        LabelledText text = new LabelledText("call 555 0100", List.of(span(EntityType.PHONE, 5, 13)));
        PrivacyScanner scanner = answering(Map.of("call 555 0100", List.of(span(EntityType.CREDIT_CARD, 5, 13))));

        PrivacyEvaluationReport report = PrivacyEvaluation.of(scanner).evaluate(List.of(text));

        assertThat(report.leakedTexts()).isZero();
        assertThat(report.metrics(EntityType.PHONE).falseNegatives()).isEqualTo(1);
    }

    @Test
    void rendersATableWithEveryTypeAndTheRates() {
        LabelledText text = new LabelledText("mail ann@x.io", List.of(span(EMAIL, 5, 13)));
        PrivacyScanner scanner = answering(Map.of("mail ann@x.io", List.of(span(EMAIL, 5, 13))));

        String table = PrivacyEvaluation.of(scanner).evaluate(List.of(text)).renderTable();

        assertThat(table)
                .contains("EMAIL                 1      1      1      0      0     1.000  1.000  1.000")
                .contains("leak rate: 0.00% (0 of 1 texts with a direct identifier)")
                .contains("false alarms: 0.00% (0 of 0 texts without one)");
    }

    @Test
    void malformedLinesFailWithTheirNumberButNotTheirText() {
        String jsonl =
                "{\"text\": \"ok\", \"spans\": []}\n{\"text\": \"secret ann@x.io\", \"spans\": [{\"type\": \"EMAIL\"}]}\n";

        assertThatThrownBy(() -> PrivacyEvaluation.read(new StringReader(jsonl)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2, span 0: needs a string 'type' and integer 'start' and 'end'")
                .hasMessageNotContaining("ann@x.io");
    }

    @Test
    void spansPastTheEndOfTheTextAreRejected() {
        String jsonl = "{\"text\": \"short\", \"spans\": [{\"type\": \"EMAIL\", \"start\": 0, \"end\": 9}]}";

        assertThatThrownBy(() -> PrivacyEvaluation.read(new StringReader(jsonl)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 1: gold span [0, 9) ends after the text, which has 5 UTF-16 units");
    }
}
