package dev.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomRecognizersTest {

    private static final EntityType PROJECT = EntityType.of("PROJECT");
    private static final EntityType EMPLOYEE_ID = EntityType.of("EMPLOYEE_ID");

    private static List<String> values(String text, List<EntitySpan> spans) {
        return spans.stream()
                .map(span -> span.type() + "=" + text.substring(span.start(), span.end()))
                .toList();
    }

    @Test
    void denyListMatchesWholeWordsIgnoringCase() {
        DenyList projects =
                DenyList.builder(PROJECT).terms("Bluebird", "Night Jar").build();
        String text = "status of BLUEBIRD and night jar, not bluebirds";

        List<EntitySpan> spans = projects.recognize(text);

        assertThat(values(text, spans)).containsExactly("PROJECT=BLUEBIRD", "PROJECT=night jar");
    }

    @Test
    void denyListCanBeCaseSensitive() {
        DenyList projects =
                DenyList.builder(PROJECT).terms("Bluebird").caseSensitive(true).build();

        List<EntitySpan> spans = projects.recognize("bluebird and Bluebird");

        assertThat(spans).extracting(EntitySpan::start).containsExactly(13);
    }

    @Test
    void denyListWithoutTermsIsRejected() {
        DenyList.Builder builder = DenyList.builder(PROJECT);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("deny-list for PROJECT has no terms; add at least one");
    }

    @Test
    void patternRuleUsesItsGroupAndValidator() {
        PatternRule rule = PatternRule.builder(EMPLOYEE_ID)
                .pattern("EMP-(\\d{6})")
                .group(1)
                .validator(value -> value.charAt(0) != '0')
                .build();
        String text = "EMP-123456 and EMP-012345";

        List<EntitySpan> spans = rule.recognize(text);

        assertThat(values(text, spans)).containsExactly("EMPLOYEE_ID=123456");
    }

    @Test
    void patternRuleRejectsSyntaxRe2jCannotRun() {
        PatternRule.Builder builder = PatternRule.builder(EMPLOYEE_ID).pattern("(a)\\1");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pattern '(a)\\1' for EMPLOYEE_ID is not a valid re2j regex: ")
                .hasMessageEndingWith("(re2j has no look-around or back-references)");
    }

    @Test
    void patternRuleRejectsAMissingGroup() {
        PatternRule.Builder builder =
                PatternRule.builder(EMPLOYEE_ID).pattern("EMP-\\d+").group(1);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group 1 does not exist in pattern 'EMP-\\d+', which has 0 groups");
    }

    @Test
    void patternRuleWithoutPatternIsRejected() {
        PatternRule.Builder builder = PatternRule.builder(EMPLOYEE_ID);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pattern rule for EMPLOYEE_ID has no pattern; call pattern(...)");
    }

    @Test
    void patternRuleMatchesPathologicalInputInLinearTime() {
        PatternRule rule = PatternRule.builder(EMPLOYEE_ID).pattern("(a+)+b").build();

        List<EntitySpan> spans = rule.recognize("a".repeat(50_000));

        assertThat(spans).isEmpty();
    }

    @Test
    void scannerRunsCustomRecognizersNextToTheBuiltIns() {
        PrivacyScanner scanner = PrivacyScanners.builder()
                .recognizer(DenyList.builder(PROJECT).terms("Bluebird").build())
                .build();
        String text = "Bluebird launch, mail ops@acme.io";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(values(text, spans)).containsExactly("PROJECT=Bluebird", "EMAIL=ops@acme.io");
    }

    @Test
    void allowListSuppressesTermsAndPatternsForItsTypes() {
        PrivacyScanner scanner = PrivacyScanners.builder()
                .allowList(AllowList.builder()
                        .terms("support@acme.io")
                        .pattern(".*@example\\.org")
                        .onlyFor(PrivacyEntityTypes.EMAIL)
                        .build())
                .build();
        String text = "write support@acme.io, test@example.org or jane@web.de";

        List<EntitySpan> spans = scanner.scan(text);

        assertThat(values(text, spans)).containsExactly("EMAIL=jane@web.de");
    }

    @Test
    void allowListRejectsABadPattern() {
        AllowList.Builder builder = AllowList.builder();

        assertThatThrownBy(() -> builder.pattern("(unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allow-list pattern '(unclosed' is not a valid re2j regex: ");
    }

    @Test
    void disabledTypesAreNeverReported() {
        PrivacyScanner scanner =
                PrivacyScanners.builder().disable(PrivacyEntityTypes.EMAIL).build();

        List<EntitySpan> spans = scanner.scan("mail jane@web.de");

        assertThat(spans).isEmpty();
    }

    @Test
    void withoutBuiltInsOnlyCustomRecognizersRun() {
        PrivacyScanner scanner = PrivacyScanners.builder()
                .withoutBuiltIns()
                .recognizer(DenyList.builder(PROJECT).terms("Bluebird").build())
                .build();

        List<EntitySpan> spans = scanner.scan("Bluebird, jane@web.de");

        assertThat(spans).extracting(EntitySpan::type).containsExactly(PROJECT);
    }

    @Test
    void minScoreOutsideTheUnitIntervalIsRejected() {
        PrivacyScanners.Builder builder = PrivacyScanners.builder();

        assertThatThrownBy(() -> builder.minScore(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minScore 1.5 is outside [0, 1]");
    }

    @Test
    void toStringsShowConfigurationButNeverValues() {
        DenyList denyList = DenyList.builder(PROJECT).terms("Bluebird").build();
        AllowList allowList = AllowList.builder().terms("support@acme.io").build();
        String text = "Bluebird jane@web.de 4111 1111 1111 1111";

        PrivacyScanner scanner = PrivacyScanners.builder()
                .recognizer(denyList)
                .allowList(allowList)
                .build();
        scanner.scan(text);

        assertThat(denyList.toString())
                .isEqualTo("DenyList[type=PROJECT, terms=1, caseSensitive=false, wholeWords=true, score=0.9]");
        assertThat(allowList.toString()).doesNotContain("support").doesNotContain("acme");
        assertThat(scanner.toString())
                .doesNotContain("Bluebird")
                .doesNotContain("jane")
                .doesNotContain("4111");
    }
}
