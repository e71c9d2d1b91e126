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

    @Test
    void rejectsAFallbackCycleBetweenTiers() {
        Policy.Builder builder = Policy.builder("cycle")
                .tier(TierSpec.local("a").fallback("b").build())
                .tier(TierSpec.remote("b").fallback("a").build())
                .defaultAction(new Action.Route("a", List.of()));

        assertThatThrownBy(builder::build)
                .hasMessageContaining("tiers.a.fallback: fallback cycle a -> b -> a;")
                .hasMessageContaining("tiers.b.fallback: fallback cycle b -> a -> b;");
    }

    @Test
    void rejectsATierFallingBackToItself() {
        assertThatThrownBy(() -> TierSpec.local("a").fallback("a")).hasMessage("tier 'a' cannot fall back to itself");
    }

    @Test
    void rejectsRemoteSettingsOnALocalTier() {
        assertThatThrownBy(() -> TierSpec.local("a").apiKey(Secret.of("k")))
                .hasMessage("'api-key' is only for remote tiers");
    }

    @Test
    void rejectsLanguagesOnARemoteTier() {
        assertThatThrownBy(() -> TierSpec.remote("a").languages(List.of("en")))
                .hasMessage("'languages' is only for local tiers");
    }

    @Test
    void rejectsANonHttpBaseUrl() {
        assertThatThrownBy(() -> TierSpec.remote("a").baseUrl(java.net.URI.create("file:///tmp")))
                .hasMessage("base-url must be an http or https URL with a host, like https://api.openai.com/v1");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> TierSpec.remote("a").callTimeout(java.time.Duration.ZERO))
                .hasMessage("timeouts.call must be positive, was PT0S");
    }

    @Test
    void rejectsANegativePrice() {
        assertThatThrownBy(() -> TierSpec.remote("a").pricesPerMillion(-1, 0))
                .hasMessage("input-price-per-million must be a price of at least 0, was -1.0");
    }

    @Test
    void rejectsAContextWindowBelowOne() {
        assertThatThrownBy(() -> TierSpec.local("a").contextWindow(0))
                .hasMessage("context-window must be at least 1, was 0");
    }

    @Test
    void rejectsAnInvalidRegularExpression() {
        assertThatThrownBy(() -> Condition.builder().tenantMatches("eu-("))
                .hasMessage("invalid regular expression 'eu-(': missing closing ) (re2j syntax: no look-around or"
                        + " back-references)");
    }

    @Test
    void rejectsAnEmptyTimeWindow() {
        assertThatThrownBy(() -> Condition.builder()
                        .timeOfDay(
                                java.time.LocalTime.NOON,
                                java.time.LocalTime.NOON,
                                java.time.ZoneOffset.UTC,
                                java.util.Set.of()))
                .hasMessage("time-of-day window is empty: from and to are both 12:00");
    }

    @Test
    void rejectsAMinConfidenceOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new Action.LocalFirst(Optional.empty(), "remote", 1.2, List.of()))
                .hasMessage("min-confidence must be in [0, 1], was 1.2");
    }

    @Test
    void rejectsARefusalWithoutMessage() {
        assertThatThrownBy(() -> new Action.Refuse(" ")).hasMessage("refuse needs a message for the caller");
    }

    @Test
    void rejectsABudgetWithoutLimit() {
        assertThatThrownBy(() -> Budget.builder("spend").build())
                .hasMessage("budget 'spend' sets no limit; give max-requests, max-tokens or max-cost");
    }

    @Test
    void rejectsABudgetWhoseWhenExceededIsLocalFirst() {
        assertThatThrownBy(() -> Budget.builder("spend")
                        .whenExceeded(new Action.LocalFirst(Optional.empty(), "remote", 0.5, List.of())))
                .hasMessage("when-exceeded must be keep-local, refuse or route, not local-first");
    }

    @Test
    void rejectsANonPositiveMaxCost() {
        assertThatThrownBy(() -> Budget.builder("spend").maxCost(0))
                .hasMessage("max-cost must be more than 0 US dollars, was 0.0");
    }

    @Test
    void rejectsARedisStoreWithoutUrl() {
        assertThatThrownBy(() -> new BudgetSettings(
                        BudgetSettings.StoreType.REDIS,
                        Optional.empty(),
                        "tandem",
                        java.time.ZoneOffset.UTC,
                        List.of()))
                .hasMessage("a redis store needs a url, like redis://localhost:6379");
    }

    @Test
    void rejectsRedactThenRemoteToALocalTier() {
        Policy.Builder builder = Policy.builder("redact")
                .tier("local", Locality.LOCAL)
                .defaultAction(new Action.RedactThenRemote("local", List.of()));

        assertThatThrownBy(builder::build)
                .hasMessageContaining(
                        "default.redact-then-remote.tier: tier 'local' is local; redact-then-remote needs a remote tier");
    }

    @Test
    void rejectsAConditionOnAnUndeclaredTier() {
        Policy.Builder builder = Policy.builder("health")
                .tier("local", Locality.LOCAL)
                .rule(new Rule(
                        "r",
                        Condition.builder().tierUnhealthy("remote").build(),
                        new Action.KeepLocal(Optional.empty())))
                .defaultAction(new Action.KeepLocal(Optional.empty()));

        assertThatThrownBy(builder::build)
                .hasMessageContaining(
                        "rules[0].when.tier-unhealthy: tier 'remote' is not declared under tiers (declared: local)");
    }

    @Test
    void rejectsADifficultyThresholdNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> AssessmentSettings.builder().difficultyThreshold("Very Hard", 0.9))
                .hasMessage("threshold name 'Very Hard' must match [a-z][a-z0-9-]*");
    }
}
