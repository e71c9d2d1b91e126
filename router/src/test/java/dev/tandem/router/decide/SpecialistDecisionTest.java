package dev.tandem.router.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.DetectedLanguage;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Language;
import dev.tandem.core.assessment.PrivacyAssessment;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.assessment.TaskScore;
import dev.tandem.core.assessment.TokenEstimate;
import dev.tandem.core.assessment.TokenTax;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The task and language conditions and group routing, decided on hand-made assessments. */
class SpecialistDecisionTest {

    private static final String POLICY = """
            name: specialists
            tiers:
              general: {locality: local, context-window: 4096, languages: [en]}
              coder: {locality: local, context-window: 8192, languages: [en]}
              polyglot: {locality: local, context-window: 32768, languages: [en, de, th]}
              remote: {locality: remote, context-window: 128000}
            groups:
              specialists: [general, coder, polyglot]
            rules:
              - name: code
                when:
                  task: {types: [coding], min-confidence: 0.5}
                route: {tier: coder, fallback: [remote]}
              - name: german
                when:
                  language: {languages: [de], min-confidence: 0.8}
                route: {tier: polyglot}
            default:
              route: {group: specialists, choose: lowest-token-tax, fallback: [remote]}
            """;

    private static final PolicyDecider DECIDER = decider(POLICY);

    private static PolicyDecider decider(String yaml) {
        Policy policy = PolicyLoader.parse(yaml, "specialists.yaml", Map.of());
        return PolicyDecider.builder(policy).assumeDeclaredTiers().build();
    }

    private static Assessment assessment(
            List<TaskScore> tasks, Optional<DetectedLanguage> language, Map<String, TokenTax> tax) {
        return new Assessment(
                new PrivacyAssessment(Sensitivity.NONE, List.of()),
                new Difficulty(0.2, List.of(), tasks),
                new Language(Character.UnicodeScript.LATIN, 1.0, language),
                new TokenEstimate(40, 256),
                tax);
    }

    private static final Map<String, TokenTax> EVEN_TAX =
            Map.of("general", new TokenTax(40, 1.0), "coder", new TokenTax(40, 1.0), "polyglot", new TokenTax(44, 1.1));

    @Test
    void aConfidentCodingTaskGoesToTheCoder() {
        Assessment coding = assessment(
                List.of(new TaskScore("coding", 0.8), new TaskScore("maths", 0.2)), Optional.empty(), EVEN_TAX);

        Decision decision = DECIDER.decide(coding);

        assertThat(decision.tier()).isEqualTo("coder");
        assertThat(decision.reasons().get(0).describe())
                .isEqualTo("code: task coding is one of [coding] with probability >= 0.50 (top types: coding 0.80,"
                        + " maths 0.20)");
    }

    @Test
    void aCodingTaskBelowTheMinimumConfidenceDoesNotMatch() {
        Assessment unsure = assessment(
                List.of(new TaskScore("coding", 0.4), new TaskScore("maths", 0.35)), Optional.empty(), EVEN_TAX);

        Decision decision = DECIDER.decide(unsure);

        assertThat(decision.reasons()).extracting(Reason::rule).doesNotContain("code");
    }

    @Test
    void germanAboveTheConfidenceGoesToThePolyglot() {
        Assessment german = assessment(List.of(), Optional.of(new DetectedLanguage("de", 0.97)), EVEN_TAX);

        Decision decision = DECIDER.decide(german);

        assertThat(decision.tier()).isEqualTo("polyglot");
        assertThat(decision.reasons().get(0).describe())
                .isEqualTo("german: language de (confidence 0.97) is one of [de] with confidence >= 0.80");
    }

    @Test
    void theGroupPicksTheFewestTokensAndBreaksTiesByContextRoom() {
        Assessment english = assessment(List.of(), Optional.of(new DetectedLanguage("en", 0.99)), EVEN_TAX);

        Decision decision = DECIDER.decide(english);

        // general and coder both need 40 tokens; coder's 8,192-token window leaves more room than 4,096.
        assertThat(decision.tier()).isEqualTo("coder");
        assertThat(decision.fallbacks()).containsExactly("general", "polyglot", "remote");
        Reason tax = decision.reasons().stream()
                .filter(r -> r.rule().equals("lowest-token-tax"))
                .findFirst()
                .orElseThrow();
        assertThat(tax.describe())
                .isEqualTo("lowest-token-tax: coder needs the fewest tokens for the prompt in group specialists:"
                        + " coder 40 tokens (tax 1.00), window 8192; general 40 tokens (tax 1.00), window 4096;"
                        + " polyglot 44 tokens (tax 1.10), window 32768");
        assertThat(tax.scores()).containsEntry("token_tax", 1.0).containsEntry("prompt_tokens", 40.0);
    }

    @Test
    void onlyTheTiersListingTheDetectedLanguageAreTried() {
        Assessment thai = assessment(
                List.of(),
                Optional.of(new DetectedLanguage("th", 0.99)),
                Map.of(
                        "general",
                        new TokenTax(120, 4.0),
                        "coder",
                        new TokenTax(110, 3.7),
                        "polyglot",
                        new TokenTax(35, 1.2)));

        Decision decision = DECIDER.decide(thai);

        assertThat(decision.tier()).isEqualTo("polyglot");
        assertThat(decision.fallbacks()).containsExactly("remote");
        assertThat(decision.reasons())
                .extracting(Reason::describe)
                .contains("language: detected th (confidence 0.99); skipped general takes en; coder takes en");
    }

    @Test
    void aLanguageNoLocalTierTakesGoesToTheFallbackAndTheReasonsSayWhy() {
        Assessment unknown = assessment(List.of(), Optional.empty(), EVEN_TAX);

        Decision decision = decider(POLICY.replace("[en, de, th]", "[de, th]")).decide(unknown);

        assertThat(decision.tier()).isEqualTo("remote");
        assertThat(decision.reasons())
                .extracting(Reason::describe)
                .contains("language: group specialists has no local tier for the prompt's language (none the"
                        + " policy names was detected) (general takes en; coder takes en; polyglot takes de, th),"
                        + " so the route's fallback serves it: remote");
    }

    @Test
    void inOrderKeepsTheGroupOrder() {
        PolicyDecider inOrder = decider(POLICY.replace("choose: lowest-token-tax", "choose: in-order"));

        Decision decision =
                inOrder.decide(assessment(List.of(), Optional.of(new DetectedLanguage("en", 0.9)), EVEN_TAX));

        assertThat(decision.tier()).isEqualTo("general");
        assertThat(decision.fallbacks()).containsExactly("coder", "polyglot", "remote");
    }

    @Test
    void explainShowsTheTopTaskTypesAndTheLanguage() {
        Assessment german = assessment(
                List.of(new TaskScore("translation", 0.6), new TaskScore("coding", 0.3), new TaskScore("maths", 0.1)),
                Optional.of(new DetectedLanguage("de", 0.91)),
                EVEN_TAX);

        String explained = DECIDER.explain(PolicyDeciderTest.request(CallerMetadata.none()), german)
                .render();

        assertThat(explained)
                .contains("no  task: task translation is not one of [coding] with probability >= 0.50 (top types:"
                        + " translation 0.60, coding 0.30, maths 0.10)")
                .contains("yes language: language de (confidence 0.91) is one of [de] with confidence >= 0.80");
    }
}
