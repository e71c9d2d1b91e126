package dev.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitivityLevelsTest {

    @Test
    void defaultsFollowTheIssue() {
        SensitivityLevels levels = SensitivityLevels.ofDefaults();

        assertThat(levels.levelOf(PrivacyEntityTypes.CREDIT_CARD)).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(levels.levelOf(PrivacyEntityTypes.HEALTH)).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(levels.levelOf(PrivacyEntityTypes.SECRET)).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(levels.levelOf(PrivacyEntityTypes.EMAIL)).isEqualTo(Sensitivity.HIGH);
        assertThat(levels.levelOf(PrivacyEntityTypes.PERSON)).isEqualTo(Sensitivity.HIGH);
        assertThat(levels.levelOf(PrivacyEntityTypes.IP_ADDRESS)).isEqualTo(Sensitivity.LOW);
        assertThat(levels.levelOf(PrivacyEntityTypes.POSTCODE)).isEqualTo(Sensitivity.LOW);
    }

    @Test
    void unknownTypesAreHighByDefault() {
        Sensitivity level = SensitivityLevels.ofDefaults().levelOf(EntityType.of("PROJECT"));

        assertThat(level).isEqualTo(Sensitivity.HIGH);
    }

    @Test
    void customLevelsOverrideTheDefaultsAndKeepTheRest() {
        SensitivityLevels levels = SensitivityLevels.custom()
                .level(PrivacyEntityTypes.IP_ADDRESS, Sensitivity.HIGH)
                .unknownLevel(Sensitivity.LOW)
                .build();

        assertThat(levels.levelOf(PrivacyEntityTypes.IP_ADDRESS)).isEqualTo(Sensitivity.HIGH);
        assertThat(levels.levelOf(PrivacyEntityTypes.IBAN)).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(levels.levelOf(EntityType.of("PROJECT"))).isEqualTo(Sensitivity.LOW);
    }

    @Test
    void fromCopiesAnotherConfiguration() {
        SensitivityLevels base =
                SensitivityLevels.custom().unknownLevel(Sensitivity.NONE).build();

        SensitivityLevels copy = SensitivityLevels.from(base).build();

        assertThat(copy.levels()).isEqualTo(base.levels());
        assertThat(copy.unknownLevel()).isEqualTo(Sensitivity.NONE);
    }

    @Test
    void highestLevelIsNoneWithoutTypes() {
        SensitivityLevels levels = SensitivityLevels.ofDefaults();

        assertThat(levels.highestLevel(List.of())).isEqualTo(Sensitivity.NONE);
        assertThat(levels.highestLevel(List.of(PrivacyEntityTypes.AGE, PrivacyEntityTypes.IBAN)))
                .isEqualTo(Sensitivity.RESTRICTED);
    }
}
