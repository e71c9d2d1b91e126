package dev.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.evaluation.SampleTexts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2,000-character texts the benchmarks time the scanner on, and what the rule-based recognizers find
 * in them. The trained tagger, which the default scanner adds, is tested in {@code dev.tandem.privacy.tagger}
 * and, with everything else, on the dev set ({@code PrivacyDevSetTest}).
 */
class DenseTextScanTest {

    private final PrivacyScanner scanner =
            PrivacyScanners.builder().withoutTagger().build();

    @Test
    void findsEveryKindOfPersonalDataInTheDenseText() {
        String text = SampleTexts.dense(2_000);

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(text).startsWith("Dear Mr. Thomas Müller, born 12.03.1984 (41 years old)");
        assertThat(spans).hasSize(87);
        assertThat(spans)
                .extracting(span ->
                        span.type().name() + " " + span.start() + " " + text.substring(span.start(), span.end()))
                .contains(
                        "PERSON 9 Thomas Müller",
                        "DATE_OF_BIRTH 29 12.03.1984",
                        "AGE 41 41 years old",
                        "STREET_ADDRESS 68 Hauptstraße 12",
                        "PHONE 103 +49 30 901820",
                        "CREDIT_CARD 139 4111 1111 1111 1111",
                        "IBAN 165 DE89 3704 0044 0532 0130 00",
                        "US_SSN 301 536-22-8471",
                        "EMAIL 342 anna.weber@example.org",
                        "STREET_ADDRESS 436 12 rue de la Paix",
                        "FR_NIR 506 1 97 07 31 016 356 38",
                        "ES_DNI 597 12345678Z",
                        "UK_NINO 865 AB 12 34 56 C",
                        "IP_ADDRESS 945 192.168.1.20",
                        "MAC_ADDRESS 963 00:1A:2B:3C:4D:5E",
                        "SECRET 992 Tr0ub4dor&3");
    }

    @Test
    void findsNothingInTheProseText() {
        String text = SampleTexts.prose(2_000);

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans).isEmpty();
    }
}
