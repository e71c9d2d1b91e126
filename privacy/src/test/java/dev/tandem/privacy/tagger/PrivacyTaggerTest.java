package dev.tandem.privacy.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.SensitivityLevels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled model on the cases the rule-based recognizers missed (issue #15), and on bad input. */
class PrivacyTaggerTest {

    private static final PrivacyTagger TAGGER = PrivacyTagger.load();
    private static final PrivacyScanner SCANNER = PrivacyScanners.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Weronika Martinsen will be talking about the budget. | Weronika Martinsen
            They had 6: Efimiya, Mary, Ariana and Tom.            | Efimiya
            They had 6: Efimiya, Mary, Ariana and Tom.            | Ariana
            mika: who are you?                                    | mika
            eva kleist lives at the end of the road.              | eva kleist
            remove my kid Marie from the will                     | Marie
            What's your last name? Boyle                          | Boyle
            Best regards,\\nJohanna Lindqvist                      | Johanna Lindqvist
            Hi Pieter, can you check the invoice?                 | Pieter
            """)
    void findsNamesWithoutCueWords(String text, String name) {
        String unescaped = text.replace("\\n", "\n");

        assertThat(values(unescaped, TAGGER.recognize(unescaped), "PERSON")).contains(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Via Roma 131                       | Via Roma 131
            974 Via Roma 131                   | 974 Via Roma 131
            My address is Golfskálinn 78.      | Golfskálinn 78
            Asun osoitteessa Kiannonkatu 98    | Kiannonkatu 98
            Μένω στην Μεγάλη Άμμος 198         | Μεγάλη Άμμος 198
            Apt. 425                           | Apt. 425
            PSC 3294, Box 9168, APO AA 61487   | PSC 3294, Box 9168, APO AA 61487
            Meine Adresse ist Lindenweg 7, 10115 Berlin | Lindenweg 7, 10115 Berlin
            """)
    void findsAddressesOutsideTheEnglishPattern(String text, String address) {
        assertThat(values(text, TAGGER.recognize(text), "STREET_ADDRESS")).contains(address);
    }

    @Test
    void labelsTheAddressParts() {
        String text = "Ship it to 12 Harbour Street, Apt. 4, Leeds LS1 4AB.";

        assertThat(TAGGER.tag(text))
                .extracting(span -> span.type().name() + "=" + text.substring(span.start(), span.end()))
                .contains("STREET=Harbour Street", "UNIT=Apt. 4");
        // The city and postcode after a unit line are a known weak spot (docs/privacy.md): the bundled model
        // of 2026-12-04 (second round) takes "Leeds LS1" for an organisation and drops the house number, so
        // only the street and unit are checked here; the address is still reported through them.
        assertThat(values(text, TAGGER.recognize(text), "STREET_ADDRESS")).contains("Harbour Street, Apt. 4");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Sir bot, can you help me?",
                "Deploy it on EKS with S3 and C4 instances in us-east-1",
                "2024-05-01 12:00:01 INFO [main] o.a.c.Server - Started ServerConnector",
                "Compare the iPhone 15 Pro and the Pixel 8",
                "Set the timeout to 30 s and retry 3 times.",
                "How do I center a div?"
            })
    void theTaggerFlagsNothingHighInTextsWithoutPersonalData(String text) {
        List<EntitySpan> found = TAGGER.recognize(text);

        assertThat(SensitivityLevels.ofDefaults()
                        .highestLevel(found.stream().map(EntitySpan::type).toList()))
                .isIn(Sensitivity.NONE, Sensitivity.LOW);
    }

    @Test
    void aShortAllCapitalsTokenInMixedCaseTextIsNoName() {
        String format = "Status of order 7731 as JSON\nYou must answer strictly in the following JSON format: {\n"
                + "\"orderNumber\": (type: string),\n\"status\": (type: string)\n}";

        assertThat(values(format, TAGGER.recognize(format), "PERSON")).isEmpty();
        assertThat(values(
                        "EVA KLEIST LIVES AT 12 HARBOUR STREET",
                        TAGGER.recognize("EVA KLEIST LIVES AT 12 HARBOUR STREET"),
                        "PERSON"))
                .isNotEmpty();
    }

    @Test
    void aNumberAfterAnOrderWordIsNoPostcode() {
        // A bench prompt's paragraph "Order 77812 was exported twice" came out as a POSTCODE and kept it local.
        String text = "The staging cluster runs the same build on three nodes with 8 GB each.\n\n"
                + "Order 77812 was exported twice, so idempotency may also be part of the problem.";

        assertThat(values(text, TAGGER.recognize(text), "POSTCODE")).isEmpty();
        assertThat(values("Invoice 40213 is attached.", TAGGER.recognize("Invoice 40213 is attached."), "POSTCODE"))
                .isEmpty();
    }

    @Test
    void theDefaultScannerReportsTheTaggersFindsBesideTheValidatedOnes() {
        String text = "Weronika Martinsen (weronika@example.org) will be talking about the budget.";

        assertThat(SCANNER.scan(text))
                .extracting(span -> span.type().name() + "=" + text.substring(span.start(), span.end()))
                .containsExactly("PERSON=Weronika Martinsen", "EMAIL=weronika@example.org");
    }

    @Test
    void aValidatedFindWinsOverAnOverlappingTaggerSpan() {
        String text = "Ship it to 12 Harbour Street, Apt. 4, Leeds LS1 4AB.";

        assertThat(SCANNER.scan(text))
                .extracting(span ->
                        span.type().name() + "=" + text.substring(span.start(), span.end()) + "@" + span.score())
                .contains("POSTCODE=LS1 4AB@0.95");
    }

    @Test
    void examQuestionsKeepTheirNamesButNotTheirOptionLettersOrAnswerCue() {
        String question = "Ann and Carla ran the same race. How many minutes apart did they finish?\n"
                + "A. 4\nB. 8\nC. 10\nD. 500\nAnswer:";

        List<EntitySpan> found = TAGGER.recognize(question);

        assertThat(found)
                .extracting(span -> span.type().name() + "=" + question.substring(span.start(), span.end()))
                .contains("PERSON=Ann", "PERSON=Carla")
                .noneMatch(value -> value.startsWith("STREET_ADDRESS"))
                // "Answer" still comes out as a LOCATION at times, which is low and flags nothing.
                .noneMatch(value -> value.equals("PERSON=Answer") || value.matches(".*=[A-D]\\.?"));
    }

    @Test
    void aLowerCaseNameStaysInTextTypedInLowerCase() {
        String typed = "eva kleist lives at Via Roma 131";

        assertThat(values(typed, TAGGER.recognize(typed), "PERSON")).containsExactly("eva kleist");
    }

    @Test
    void aPhoneNumbersTailIsNoPostcode() {
        String text = "Bonjour, j'habite au 18 boulevard Saint-Michel, 82555 Nantes. Mon numéro : +41 78 123 98 65.";

        assertThat(values(text, SCANNER.scan(text), "PHONE")).containsExactly("+41 78 123 98 65");
    }

    @Test
    void badInputGivesSpansInsideTheTextAndNoException() {
        String huge = "Anna Berg lives at Via Roma 131. ".repeat(32_000);
        String[] texts = {
            "",
            " \n\t ",
            huge,
            "Ivan Petrov Иван Петров 王小明 محمد Γιώργος Παπαδόπουλος",
            "🙂🙂 Anna 🚀 Berg 👩‍👩‍👧",
            "\u0000\u0001Anna\u0007 Berg\u001b[31m red \u007f",
            "unpaired \ud800 high and \udc00 low surrogates Anna \ud83d",
            "\ud800"
        };

        for (String text : texts) {
            for (EntitySpan span : TAGGER.recognize(text)) {
                assertThat(span.start()).isBetween(0, text.length());
                assertThat(span.end()).isBetween(span.start() + 1, text.length());
            }
        }
        assertThat(TAGGER.recognize("")).isEmpty();
        assertThat(TAGGER.recognize(huge)).hasSizeGreaterThan(32_000);
    }

    private static List<String> values(String text, List<EntitySpan> spans, String type) {
        return spans.stream()
                .filter(span -> span.type().name().equals(type))
                .map(span -> text.substring(span.start(), span.end()))
                .toList();
    }
}
