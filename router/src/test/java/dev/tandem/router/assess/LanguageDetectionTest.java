package dev.tandem.router.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.DetectedLanguage;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LanguageDetectionTest {

    private static final LanguageDetection GERMAN_THAI = LanguageDetection.of(Set.of("de", "th"));

    @Test
    void detectsTheNamedLanguagesAndEnglish() {
        Optional<DetectedLanguage> german =
                GERMAN_THAI.detect("Wie kann ich mein Passwort für das Kundenkonto ändern?");
        Optional<DetectedLanguage> thai = GERMAN_THAI.detect("ฉันจะเปลี่ยนรหัสผ่านของบัญชีได้อย่างไร");
        Optional<DetectedLanguage> english = GERMAN_THAI.detect("How do I change the password of my account?");

        assertThat(german).map(DetectedLanguage::isoCode).contains("de");
        assertThat(german.orElseThrow().confidence()).isGreaterThan(0.9);
        assertThat(thai).map(DetectedLanguage::isoCode).contains("th");
        assertThat(english).map(DetectedLanguage::isoCode).contains("en");
        assertThat(GERMAN_THAI.languages()).containsExactly("de", "en", "th");
    }

    @Test
    void aScriptNoLoadedLanguageIsWrittenInIsNotDetected() {
        Optional<DetectedLanguage> japanese = GERMAN_THAI.detect("パスワードを変更するにはどうすればいいですか");

        assertThat(japanese).isEmpty();
    }

    @Test
    void aPolicyWithoutLanguagesLoadsNoDetector() {
        Policy policy = PolicyLoader.preset("privacy-first");

        LanguageDetection detection = LanguageDetection.forPolicy(policy);

        assertThat(detection.isActive()).isFalse();
        assertThat(detection.detect("Wie kann ich mein Passwort ändern?")).isEmpty();
    }

    @Test
    void anUnknownCodeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> LanguageDetection.of(Set.of("xx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Lingua does not detect language 'xx'");
    }
}
