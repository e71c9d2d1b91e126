package dev.tandem.router.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternPrivacyScannerTest {

    private final PatternPrivacyScanner scanner = new PatternPrivacyScanner();

    @Test
    void findsEmailsWithTheirUtf16Offsets() {
        String text = "Écrivez à jean.dupont+tandem@exemple.fr ce soir";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(EntitySpan::type, EntitySpan::start, EntitySpan::end)
                .containsExactly(tuple(EntityType.EMAIL, 10, 39));
        assertThat(text.substring(10, 39)).isEqualTo("jean.dupont+tandem@exemple.fr");
    }

    @Test
    void findsCardNumbersThatPassLuhnInAnyGrouping() {
        String text = "visa 4111 1111 1111 1111, amex 3782-822463-10005, typo 4111 1111 1111 1112";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(span -> text.substring(span.start(), span.end()))
                .containsExactly("4111 1111 1111 1111", "3782-822463-10005");
        assertThat(spans).allSatisfy(span -> assertThat(span.type()).isEqualTo(EntityType.CREDIT_CARD));
    }

    @Test
    void findsValidPhoneNumbersButNotArbitraryDigits() {
        String text = "Ring +44 20 7946 0958 or (650) 253-0000; order number 12345.";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(span -> text.substring(span.start(), span.end()))
                .containsExactly("+44 20 7946 0958", "(650) 253-0000");
        assertThat(spans).allSatisfy(span -> assertThat(span.type()).isEqualTo(EntityType.PHONE));
    }

    @Test
    void findsNothingInPlainText() {
        assertThat(scanner.scan("What is the capital of France? It has 2 million people."))
                .isEmpty();
    }

    @Test
    void luhnAcceptsValidAndRejectsInvalidNumbers() {
        assertThat(PatternPrivacyScanner.passesLuhn("79927398713")).isTrue();
        assertThat(PatternPrivacyScanner.passesLuhn("79927398710")).isFalse();
    }
}
