package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The task types a policy adds reach the router's task classifier. */
class PolicyTaskTypesTest {

    private static final Policy LEGAL = PolicyLoader.parse("""
            name: legal
            extends: privacy-first
            assessment:
              difficulty:
                task-types:
                  legal-drafting:
                    - Draft a non-disclosure agreement between two companies.
                    - Write the termination clause of a service contract.
                    - Draft an indemnification clause for a software licence.
            """, "legal.yaml");

    @Test
    void aPolicysNewTaskTypeClassifiesPromptsLikeItsExemplars() {
        CalibratedDifficultyEstimator estimator =
                (CalibratedDifficultyEstimator) DifficultyEstimators.forPolicy(LEGAL, Optional.empty());

        DifficultyFeatures features = estimator.features("Draft a confidentiality agreement between our two firms.");

        assertThat(estimator.config().taskExemplars().taskTypes()).contains("legal-drafting", "coding");
        assertThat(features.taskType()).contains("legal-drafting");
        // The built-in calibration does not weigh the new type, so the score is still explained by
        // calibrated signals only.
        assertThat(estimator.estimate("Draft a confidentiality agreement.").signals())
                .noneMatch(signal -> signal.name().equals("task.legal-drafting"));
    }

    @Test
    void aPolicyWithoutTaskTypesKeepsTheSharedDefaultEstimator() {
        assertThat(DifficultyEstimators.forPolicy(PolicyLoader.preset("privacy-first"), Optional.empty()))
                .isSameAs(CalibratedDifficultyEstimator.ofDefaults());
    }
}
