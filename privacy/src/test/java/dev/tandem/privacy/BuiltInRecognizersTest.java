package dev.tandem.privacy;

import static dev.tandem.privacy.PrivacyEntityTypes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltInRecognizersTest {

    // The rule-based recognizers alone; the trained tagger that the default scanner adds has its own
    // tests (dev.tandem.privacy.tagger), and the default scanner's whole output is tested on the dev set.
    private final PrivacyScanner scanner =
            PrivacyScanners.builder().withoutTagger().build();

    private List<String> found(String text, EntityType type) {
        return scanner.scan(text).stream()
                .filter(span -> span.type().equals(type))
                .map(span -> text.substring(span.start(), span.end()))
                .toList();
    }

    @Test
    void reportsUtf16OffsetsWhenAnEmojiPrecedesTheEntity() {
        String text = "🙂👍 mail jean.dupont@exemple.fr";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(EntitySpan::type, EntitySpan::start, EntitySpan::end)
                .containsExactly(tuple(EMAIL, 10, 32));
        assertThat(text.substring(10, 32)).isEqualTo("jean.dupont@exemple.fr");
    }

    @Test
    void findsCardsOfEveryMajorSchemeThatPassLuhn() {
        String text = "visa 4111 1111 1111 1111, mc 2221 0000 0000 0009, amex 3782-822463-10005, "
                + "unionpay 6212345678901265, maestro 6759649826438453";

        List<String> cards = found(text, CREDIT_CARD);

        assertThat(cards)
                .containsExactly(
                        "4111 1111 1111 1111",
                        "2221 0000 0000 0009",
                        "3782-822463-10005",
                        "6212345678901265",
                        "6759649826438453");
    }

    @Test
    void rejectsCardNumbersWithABadLuhnDigitOrAnUnissuedPrefix() {
        String text = "card 4111 1111 1111 1112 and card 7111 1111 1111 1114";

        List<String> cards = found(text, CREDIT_CARD);

        assertThat(cards).isEmpty();
    }

    @Test
    void dropsALuhnValidNumberAfterOrderButKeepsItAfterCard() {
        String order = "order 4111111111111111";
        String card = "card 4111111111111111";

        List<String> afterOrder = found(order, CREDIT_CARD);
        List<String> afterCard = found(card, CREDIT_CARD);

        assertThat(afterOrder).isEmpty();
        assertThat(afterCard).containsExactly("4111111111111111");
    }

    @Test
    void findsIbansGroupedOrCompactAndRejectsABadChecksum() {
        String text =
                "IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX, GB82WEST12345698765432, bad DE89370400440532013001";

        List<String> ibans = found(text, IBAN);

        assertThat(ibans).containsExactly("DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"})
    void rejectsSocialSecurityNumbersInInvalidRanges(String ssn) {
        String text = "my SSN is " + ssn;

        List<String> ssns = found(text, US_SSN);

        assertThat(ssns).isEmpty();
    }

    @Test
    void findsValidSocialSecurityNumbersAndNeedsContextForBareDigits() {
        String dashed = "SSN 536-22-1234";
        String bare = "reference 536221234";
        String bareWithContext = "social security 536221234";

        assertThat(found(dashed, US_SSN)).containsExactly("536-22-1234");
        assertThat(found(bare, US_SSN)).isEmpty();
        assertThat(found(bareWithContext, US_SSN)).containsExactly("536221234");
    }

    @Test
    void findsUkNinoButNotItsForbiddenPrefixes() {
        String text = "NI number AB 12 34 56 C, not GB123456A";

        List<String> ninos = found(text, UK_NINO);

        assertThat(ninos).containsExactly("AB 12 34 56 C");
    }

    @Test
    void validatesSpanishDniLetterAndFrenchNirKey() {
        String text = "DNI 12345678Z y DNI 12345678A; NIR 2 84 05 75 123 456 47";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(span -> span.type() + "=" + text.substring(span.start(), span.end()))
                .contains("ES_DNI=12345678Z")
                .doesNotContain("ES_DNI=12345678A");
    }

    @Test
    void findsPhonesInInternationalAndNationalFormatsAcrossCountries() {
        String text = "Ruf mich an unter 030 12345678, appelle-moi au 06 12 34 56 78, llámame al 612 34 56 78, "
                + "call +44 20 7946 0958 or (650) 253-0000.";

        List<String> phones = found(text, PHONE);

        assertThat(phones)
                .containsExactly(
                        "030 12345678", "06 12 34 56 78", "612 34 56 78", "+44 20 7946 0958", "(650) 253-0000");
    }

    @Test
    void ignoresVersionsTimestampsIsbnsAndOrderNumbers() {
        String text = "After upgrading to version 2.14.3 (build 2024-03-12T10:15:30Z), order #4821-99312 and "
                + "ISBN 978-3-16-148410-0 still fail; firmware v1.2.3.4 too.";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans).isEmpty();
    }

    @Test
    void findsIpAndMacAddressesButNotTimes() {
        String text = "host 192.168.1.20 and 2001:db8::8a2e:370:7334, mac 00:1A:2B:3C:4D:5E, meeting at 12:30:45";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(span -> span.type() + "=" + text.substring(span.start(), span.end()))
                .containsExactly(
                        "IP_ADDRESS=192.168.1.20",
                        "IP_ADDRESS=2001:db8::8a2e:370:7334",
                        "MAC_ADDRESS=00:1A:2B:3C:4D:5E");
    }

    @Test
    void findsUrlsThatCarryCredentials() {
        String text = "use postgres://admin:S3cr3t@db.internal:5432/prod, not https://example.com/docs.";

        List<String> urls = found(text, URL_CREDENTIALS);

        assertThat(urls).containsExactly("postgres://admin:S3cr3t@db.internal:5432/prod");
    }

    @Test
    void findsPrefixedKeysJwtsPrivateKeysAndPasswords() {
        String text = "AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789 "
                + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U "
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- "
                + "password: Sommer2024!";

        List<String> secrets = found(text, SECRET);

        assertThat(secrets).hasSize(5).contains("AKIAIOSFODNN7EXAMPLE", "Sommer2024!");
    }

    @Test
    void ignoresHashesUuidsAndPasswordPolicyTalk() {
        String text = "commit 3f786850e387550fdab836ed7e6dc881de23001b, uuid 123e4567-e89b-12d3-a456-426614174000, "
                + "the password is incorrect and the token limit is 4096";

        List<String> secrets = found(text, SECRET);

        assertThat(secrets).isEmpty();
    }

    @Test
    void findsNamesFromHonorificsCuesAndKnownFirstNamesInFourLanguages() {
        String text = "Dear Dr. Ingeborg Okonkwo. Je m'appelle Cyprien Villeneuve. Me llamo Ximena Zubiaurre. "
                + "Meine Kollegin Anna Schmidt kommt.";

        List<String> people = found(text, PERSON);

        assertThat(people)
                .containsExactly("Ingeborg Okonkwo", "Cyprien Villeneuve", "Ximena Zubiaurre", "Anna Schmidt");
    }

    @Test
    void needsContextForALoneFirstName() {
        String alone = "Anna went home.";
        String withContext = "My colleague Ezequiel went home.";

        assertThat(found(alone, PERSON)).isEmpty();
        assertThat(found(withContext, PERSON)).containsExactly("Ezequiel");
    }

    @Test
    void aCueFollowedByWideSpacingIsNotAName() {
        // Once crashed the scan with an empty span: the cue matched, the name check refused the word.
        assertThat(found("Name :  Ezequiel", PERSON)).isEmpty();
        assertThat(found("Name: Ezequiel", PERSON)).containsExactly("Ezequiel");
    }

    @Test
    void findsOrganisationsWithALegalForm() {
        String text = "Ich arbeite bei der Nordlicht Software GmbH, she works at Talleres García S.L. now.";

        List<String> orgs = found(text, ORGANIZATION);

        assertThat(orgs).containsExactly("Nordlicht Software GmbH", "Talleres García S.L.");
    }

    @Test
    void findsStreetAddressesAndPostcodesInFourLanguages() {
        String text = "I live at 221B Baker Street, London NW1 6XE. Lieferadresse: Hauptstraße 12, 10115 Berlin. "
                + "J'habite au 12 rue de la Paix, 75002 Paris. Vivo en Calle Mayor, 5.";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(spans)
                .extracting(span -> span.type() + "=" + text.substring(span.start(), span.end()))
                .contains(
                        "STREET_ADDRESS=221B Baker Street",
                        "POSTCODE=NW1 6XE",
                        "STREET_ADDRESS=Hauptstraße 12",
                        "POSTCODE=10115",
                        "STREET_ADDRESS=12 rue de la Paix",
                        "POSTCODE=75002",
                        "STREET_ADDRESS=Calle Mayor, 5");
    }

    @Test
    void reportsADateAsBirthDateOnlyWithBirthContext() {
        String birth = "Ich bin am 1. März 1993 geboren. DOB: 1988-02-29";
        String meeting = "Meeting on 12.03.2025 at 14:30.";

        assertThat(found(birth, DATE_OF_BIRTH)).containsExactly("1. März 1993", "1988-02-29");
        assertThat(found(meeting, DATE_OF_BIRTH)).isEmpty();
    }

    @Test
    void findsAgesInExplicitForms() {
        String text = "He is 42 years old, ma mère a 67 ans, mi abuela tiene 90 años, depuis 3 ans.";

        List<String> ages = found(text, AGE);

        assertThat(ages).containsExactly("42 years old", "67 ans", "90 años");
    }

    @Test
    void reportsHealthTermsOnlyAboutAPerson() {
        String personal = "I was diagnosed with type 2 diabetes. Mein Arzt hat mir Antidepressiva verschrieben.";
        String general = "What is diabetes and how is it researched?";

        assertThat(found(personal, HEALTH)).containsExactly("type 2 diabetes", "Antidepressiva");
        assertThat(found(general, HEALTH)).isEmpty();
    }

    @Test
    void reportsAmountsAndAccountNumbersOnlyWithFinancialContext() {
        String personal = "My salary is $85,000 and my account number is 12345678. Mein Kontostand: 2.345,67 €";
        String price = "The laptop costs $1,299 and ships in 3 days.";

        assertThat(found(personal, FINANCIAL)).containsExactly("$85,000", "12345678", "2.345,67 €");
        assertThat(found(price, FINANCIAL)).isEmpty();
    }

    @Test
    void returnsSpansInAscendingOrderWithoutOverlaps() {
        String text = "Hi, this is Anna Schmidt (anna@web.de, +49 30 1234567), card 4111 1111 1111 1111, "
                + "IBAN DE89 3704 0044 0532 0130 00.";

        List<EntitySpan> spans = scanner.scan(text);

        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i).start())
                    .isGreaterThanOrEqualTo(spans.get(i - 1).end());
        }
        assertThat(spans).extracting(EntitySpan::type).containsExactly(PERSON, EMAIL, PHONE, CREDIT_CARD, IBAN);
    }
}
