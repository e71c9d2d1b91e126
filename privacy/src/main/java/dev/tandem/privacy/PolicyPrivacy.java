package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.policy.AssessmentSettings;

/**
 * Turns a policy's {@code assessment.privacy} section into what the assess stage uses: a {@link
 * PrivacyScanner} with the policy's deny-lists, patterns and allow-lists on top of a base scanner, and
 * the {@link SensitivityLevels} with the policy's {@code entity-levels}.
 *
 * <pre>{@code
 * AssessmentSettings settings = policy.assessment();
 * PrivacyScanner scanner = PolicyPrivacy.scanner(settings, PrivacyScanners.defaults());
 * SensitivityLevels levels = PolicyPrivacy.levels(settings);
 * }</pre>
 *
 * <p>When the base scanner is {@link PrivacyScanners#defaults()}, the policy's recognizers join the
 * built-in ones in one scanner, so context words, allow-lists and overlap resolution apply to all of
 * them; any other base scanner's findings are taken as they are and the allow-lists apply to them too.
 */
public final class PolicyPrivacy {

    private PolicyPrivacy() {}

    /** The base scanner, extended with the policy's recognizers and allow-lists when it has any. */
    public static PrivacyScanner scanner(AssessmentSettings settings, PrivacyScanner base) {
        requireNonNull(settings, "settings");
        requireNonNull(base, "base");
        if (!settings.hasCustomRecognizers()) {
            return base;
        }
        PrivacyScanners.Builder builder = PrivacyScanners.builder();
        if (base != PrivacyScanners.defaults()) {
            builder.withoutBuiltIns().recognizer(new Recognizer() {
                @Override
                public java.util.List<dev.tandem.core.assessment.EntitySpan> recognize(String text) {
                    return base.scan(text);
                }

                @Override
                public String toString() {
                    return base.toString();
                }
            });
        }
        for (AssessmentSettings.DenyListSpec spec : settings.denyLists()) {
            builder.recognizer(DenyList.builder(spec.type())
                    .terms(spec.terms())
                    .caseSensitive(spec.caseSensitive())
                    .wholeWords(spec.wholeWords())
                    .score(spec.score())
                    .build());
        }
        for (AssessmentSettings.PatternSpec spec : settings.patterns()) {
            builder.recognizer(PatternRule.builder(spec.type())
                    .pattern(spec.regex())
                    .score(spec.score())
                    .build());
        }
        for (AssessmentSettings.AllowListSpec spec : settings.allowLists()) {
            AllowList.Builder allow = AllowList.builder().terms(spec.terms());
            spec.patterns().forEach(allow::pattern);
            allow.onlyFor(spec.onlyFor().toArray(EntityType[]::new));
            builder.allowList(allow.build());
        }
        return builder.build();
    }

    /** The default levels with the policy's {@code entity-levels} applied. */
    public static SensitivityLevels levels(AssessmentSettings settings) {
        if (settings.entityLevels().isEmpty()) {
            return SensitivityLevels.ofDefaults();
        }
        SensitivityLevels.Builder levels = SensitivityLevels.custom();
        settings.entityLevels().forEach(levels::level);
        return levels.build();
    }
}
