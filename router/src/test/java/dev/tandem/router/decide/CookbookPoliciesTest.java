package dev.tandem.router.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.tier.Locality;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.budget.InMemoryBudgetStore;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each cookbook policy in samples/policies, loaded from its file and exercised on real assessments. */
class CookbookPoliciesTest {

    private static final Path SAMPLES = Path.of("../samples/policies");
    private static final String HARD = "Prove step by step that the sum of the first n odd numbers is n^2, then derive"
            + " the integral of x^2 and analyze the complexity of computing it.";

    private final Assessor assessor = new Assessor(PrivacyScanners.defaults(), new HeuristicDifficultyEstimator());

    private static Policy load(String name) {
        return PolicyLoader.load(SAMPLES.resolve(name), Map.of());
    }

    private static TandemRequest request(String text, CallerMetadata caller) {
        return TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(text)).build(), caller);
    }

    private Decision decide(PolicyDecider decider, Assessor using, String text, CallerMetadata caller) {
        TandemRequest request = request(text, caller);
        Assessment assessment = using.assess(request);
        return decider.decide(request, assessment);
    }

    @Test
    void healthDataNeverLeavesTheMachine() {
        // A small real recognizer for medical record numbers, standing in for a health-data scanner.
        PrivacyScanner defaults = PrivacyScanners.defaults();
        Pattern mrn = Pattern.compile("MRN-\\d{6}");
        PrivacyScanner withHealth = text -> {
            List<EntitySpan> spans = new ArrayList<>(defaults.scan(text));
            Matcher m = mrn.matcher(text);
            while (m.find()) {
                spans.add(new EntitySpan(EntityType.of("MEDICAL_RECORD"), m.start(), m.end(), 1.0));
            }
            spans.sort(java.util.Comparator.comparingInt(EntitySpan::start));
            return spans;
        };
        Assessor healthAssessor = new Assessor(withHealth, new HeuristicDifficultyEstimator());
        PolicyDecider decider = PolicyDecider.builder(load("health-data-stays-local.yaml"))
                .assumeDeclaredTiers()
                .build();

        Decision tagged = decide(
                decider,
                healthAssessor,
                HARD,
                CallerMetadata.builder().tag("health").build());
        Decision detected = decide(decider, healthAssessor, HARD + " Patient MRN-123456.", CallerMetadata.none());
        Decision plain = decide(decider, healthAssessor, HARD, CallerMetadata.none());

        assertThat(tagged.remoteAllowed()).isFalse();
        assertThat(tagged.reasons().get(0).rule()).isEqualTo("tagged-health-data-stays-local");
        assertThat(detected.remoteAllowed()).isFalse();
        assertThat(detected.reasons().get(0).describe())
                .isEqualTo("detected-health-data-stays-local: found MEDICAL_RECORD");
        assertThat(plain.tier()).isEqualTo("remote");
    }

    @Test
    void euTenantsOnlyGoToTheEuEndpoint() {
        PolicyDecider decider = PolicyDecider.builder(load("eu-tenants-eu-endpoint.yaml"))
                .assumeDeclaredTiers()
                .build();

        Decision euHard = decide(
                decider,
                assessor,
                HARD,
                CallerMetadata.builder().tenant("eu-acme").build());
        Decision euEasy = decide(
                decider,
                assessor,
                "hello",
                CallerMetadata.builder().tenant("eu-acme").build());
        Decision headerHard = decide(
                decider,
                assessor,
                HARD,
                CallerMetadata.builder()
                        .tenant("acme")
                        .header("X-Data-Region", "EU")
                        .build());
        Decision usHard = decide(
                decider,
                assessor,
                HARD,
                CallerMetadata.builder().tenant("us-acme").build());

        assertThat(euHard.candidates()).containsExactly("remote-eu", "local");
        assertThat(euEasy.candidates()).containsExactly("local");
        assertThat(euEasy.remoteAllowed()).isFalse();
        assertThat(headerHard.candidates()).containsExactly("remote-eu", "local");
        assertThat(usHard.tier()).isEqualTo("remote");
        assertThat(List.of(euHard, euEasy, headerHard))
                .allSatisfy(d -> assertThat(d.candidates()).doesNotContain("remote"));
    }

    @Test
    void longDocumentsGoRemoteUnlessTheyContainCustomerDataThenTheyAreRedacted() {
        PolicyDecider decider = PolicyDecider.builder(load("long-documents-redacted.yaml"))
                .assumeDeclaredTiers()
                .build();
        String document = "The quarterly report covers revenue, costs and outlook in detail. ".repeat(250);

        Decision plainLong = decide(decider, assessor, document, CallerMetadata.none());
        Decision customerLong =
                decide(decider, assessor, document + " Contact jane.doe@example.com.", CallerMetadata.none());
        Decision customerShort = decide(decider, assessor, "Contact jane.doe@example.com.", CallerMetadata.none());

        assertThat(plainLong.tier()).isEqualTo("remote");
        assertThat(plainLong.redaction().isEmpty()).isTrue();
        assertThat(customerLong.tier()).isEqualTo("remote");
        assertThat(customerLong.reasons().get(0).rule()).isEqualTo("long-documents-with-customer-data-are-redacted");
        assertThat(customerLong.redaction().types()).containsExactly(EntityType.EMAIL);
        assertThat(customerShort.remoteAllowed()).isFalse();
    }

    @Test
    void remoteSpendIsCappedAtFiftyDollarsADayPerTenantThenServedLocally() {
        PolicyDecider decider = PolicyDecider.builder(load("remote-spend-cap.yaml"))
                .assumeDeclaredTiers()
                .budgetStore(new InMemoryBudgetStore())
                .build();
        CallerMetadata acme = CallerMetadata.builder().tenant("acme").build();
        TandemRequest request = request(HARD, acme);
        Assessment assessment = assessor.assess(request);

        Decision first = decider.decide(request, assessment);
        // 1M input tokens at $2.50 and 4.8M output tokens at $10 per million: $50.50 spent on remote.
        decider.record(
                request,
                assessment,
                new Outcome(
                        "remote",
                        Locality.REMOTE,
                        "m",
                        List.of(),
                        Duration.ZERO,
                        new TokenCounts(1_000_000, 4_800_000)));
        Decision capped = decider.decide(request, assessment);
        Decision otherTenant = decider.decide(
                request(HARD, CallerMetadata.builder().tenant("globex").build()), assessment);

        assertThat(first.tier()).isEqualTo("remote");
        assertThat(capped.tier()).isEqualTo("local");
        assertThat(capped.remoteAllowed()).isFalse();
        assertThat(capped.reasons())
                .extracting(Reason::describe)
                .contains("budget:remote-spend: budget 'remote-spend' for tenant acme is used up this day:"
                        + " $50.50 >= max-cost $50.00");
        assertThat(otherTenant.tier()).isEqualTo("remote");
    }
}
