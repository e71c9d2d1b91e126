package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.tier.Locality;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyBuilderTest {

    @Test
    void rejectsAPolicyWithoutTiers() {
        Policy.Builder builder = Policy.builder("empty").defaultAction(new Action.Route("local", List.of()));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("<java>: tiers: declare at least one tier");
    }

    @Test
    void rejectsAPolicyWithoutDefault() {
        Policy.Builder builder = Policy.builder("no-default").tier("local", Locality.LOCAL);

        assertThatThrownBy(builder::build)
                .hasMessageContaining("<java>: default: say what happens when no rule matches");
    }

    @Test
    void rejectsDuplicateRuleNames() {
        Rule rule = new Rule("same", Condition.always(), new Action.Route("local", List.of()));
        Policy.Builder builder = Policy.builder("dupes")
                .tier("local", Locality.LOCAL)
                .rule(rule)
                .rule(rule)
                .defaultAction(new Action.Route("local", List.of()));

        assertThatThrownBy(builder::build)
                .hasMessageContaining("rules[1].name: rule name 'same' is used twice; names must be unique");
    }

    @Test
    void rejectsATierRepeatedInARoute() {
        Policy.Builder builder = Policy.builder("repeat")
                .tier("local", Locality.LOCAL)
                .tier("remote", Locality.REMOTE)
                .defaultAction(new Action.Route("local", List.of("remote", "local")));

        assertThatThrownBy(builder::build)
                .hasMessageContaining("default.route.fallback[1]: tier 'local' appears twice in this route");
    }

    @Test
    void rejectsKeepLocalOnARemoteTier() {
        Policy.Builder builder = Policy.builder("keep")
                .tier("local", Locality.LOCAL)
                .tier("remote", Locality.REMOTE)
                .defaultAction(new Action.KeepLocal(Optional.of("remote")));

        assertThatThrownBy(builder::build)
                .hasMessageContaining(
                        "default.keep-local.tier: tier 'remote' is remote; keep-local needs a local tier");
    }

    @Test
    void rejectsBadNames() {
        Policy.Builder builder = Policy.builder("Bad Name")
                .tier("Local", Locality.LOCAL)
                .defaultAction(new Action.Route("Local", List.of()));

        assertThatThrownBy(builder::build)
                .hasMessageContaining("name: policy name 'Bad Name' must match [a-z][a-z0-9-]*")
                .hasMessageContaining("tiers.Local: tier name 'Local' must match [a-z][a-z0-9-]*");
    }

    @Test
    void rejectsADifficultyThresholdOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Condition.builder().difficultyAtLeast(-0.1))
                .hasMessage("difficulty-at-least must be in [0, 1], was -0.1");
    }

    @Test
    void rejectsANonPositiveTokenThreshold() {
        assertThatThrownBy(() -> Condition.builder().promptTokensOver(0))
                .hasMessage("prompt-tokens-over must be at least 1, was 0");
    }
}
