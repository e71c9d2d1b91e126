package dev.tandem.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.decide.PolicyDecider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixtures measure what they claim to: sizes, rule counts, percentiles. */
class FixturesTest {

    @Test
    void promptsHaveTheRequestedSizeAndNoPersonalData() {
        for (int tokens : Prompts.SIZES) {
            String prompt = Prompts.ofTokens(tokens, 3);

            assertThat(Prompts.countTokens(prompt)).isBetween(tokens, tokens + 30);
            assertThat(PrivacyScanners.defaults().scan(prompt)).isEmpty();
        }
    }

    @Test
    void fiftyRulePolicyIsEvaluatedToItsDefault() {
        Policy policy = Fixtures.fiftyRulePolicy();
        TandemRequest request = Prompts.request(Prompts.ofTokens(200, 0));
        Assessment assessment =
                new Assessor(PrivacyScanners.defaults(), Fixtures.difficultyWithoutEmbedding()).assess(request);
        PolicyDecider decider = PolicyDecider.builder(policy)
                .tiers(Map.of(
                        "local",
                                Tier.local("local", Fixtures.stubModel("local")).build(),
                        "remote",
                                Tier.remote("remote", Fixtures.stubModel("remote"))
                                        .build()))
                .build();

        Decision decision = decider.decide(request, assessment);

        assertThat(policy.rules()).hasSize(Fixtures.POLICY_RULES);
        assertThat(decision.tier()).isEqualTo("remote");
    }

    @Test
    void quantilesUseNearestRank() {
        Samples samples = new Samples(new long[] {5_000, 1_000, 3_000, 2_000, 4_000});

        assertThat(samples.quantile(0.5)).isEqualTo(3_000);
        assertThat(samples.quantile(0.99)).isEqualTo(5_000);
        assertThat(samples.medianMicros()).isEqualTo(3.0);
    }
}
