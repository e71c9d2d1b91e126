package dev.tandem.privacy;

import static dev.tandem.privacy.PrivacyEntityTypes.PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.spi.PrivacyScanner;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Phone numbers that libphonenumber rejects are phones when a phone cue stands right before them. */
class PhoneInContextTest {

    private final PrivacyScanner scanner = PrivacyScanners.defaults();

    private List<String> phones(String text) {
        return scanner.scan(text).stream()
                .filter(span -> span.type().equals(PHONE))
                .map(span -> text.substring(span.start(), span.end()))
                .toList();
    }

    // Mistyped or truncated numbers (a North American area code cannot start with 1, short German and
    // Greek numbers, nine Spanish digits starting with 5): found because of the cue, whatever validation says.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Call me at 123-456-7890 after six.|123-456-7890",
                "my phone number is 555 0100 22|555 0100 22",
                "Telefon: 0171 234 56|0171 234 56",
                "Mein Handy 01999 12345 ist aus.|01999 12345",
                "Mon téléphone : 06 00 00 00 0|06 00 00 00 0",
                "Mi móvil es 512 345 678|512 345 678",
                "il mio cellulare 301 234 56|301 234 56",
                "Bel me op 0612 3456 7|0612 3456 7",
                "tlf 1234 5678 9|1234 5678 9",
                "puh. 040 123 456 7|040 123 456 7",
                "τηλ. 210 000 00 1|210 000 00 1",
                "Ring mig på 070 123 45 6|070 123 45 6"
            })
    void findsAnInvalidNumberNextToAPhoneCue(String text, String number) {
        assertThat(phones(text)).containsExactly(number);
    }

    @Test
    void withoutACueValidationStillDecides() {
        String invalid = "The result was 123-456-7890 yesterday.";
        String valid = "The result was +44 20 7946 0958 yesterday.";

        assertThat(phones(invalid)).isEmpty();
        assertThat(phones(valid)).containsExactly("+44 20 7946 0958");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Please call about order 1234-5678-90 today.",
                "Phone the shop with invoice 123 456 7890 ready.",
                "Call the vendor, the phone firmware 10.2.3.4567 is broken.",
                "Call me when ticket 55512-3489 is closed.",
                "Phone\n123-456-7890 is the order total.",
                "Our phone plan costs 45 euros; call volume was 1200 in week 12.",
                "2024-03-14 09:21:09,114 ERROR [pool-3-thread-7] c.a.s.s3.AmazonS3Client - call failed"
            })
    void ignoresOrderIdsVersionsAndNumbersACueDoesNotReach(String text) {
        assertThat(phones(text)).isEmpty();
    }
}
