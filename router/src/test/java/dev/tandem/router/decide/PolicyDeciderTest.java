package dev.tandem.router.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Language;
import dev.tandem.core.assessment.PrivacyAssessment;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.assessment.TokenEstimate;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Escalation;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.BudgetEvent;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Locality;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.budget.InMemoryBudgetStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyDeciderTest {

    static final Instant WEDNESDAY_NOON = Instant.parse("2026-03-11T12:00:00Z");

    static Assessment assessment(double difficulty, int promptTokens, EntityType... found) {
        List<PrivacyFinding> findings = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            findings.add(new PrivacyFinding(0, new EntitySpan(found[i], i * 10, i * 10 + 5, 1.0)));
        }
        Sensitivity sensitivity = found.length == 0 ? Sensitivity.NONE : Sensitivity.HIGH;
        return new Assessment(
                new PrivacyAssessment(sensitivity, findings),
                new Difficulty(difficulty, List.of()),
                new Language(Character.UnicodeScript.LATIN, 1.0),
                new TokenEstimate(promptTokens, 256));
    }

    static TandemRequest request(CallerMetadata caller) {
        return new TandemRequest(
                "req-1", ChatRequest.builder().messages(UserMessage.from("hi")).build(), caller);
    }

    static PolicyDecider decider(String yaml, Clock clock) {
        Policy policy = PolicyLoader.parse(yaml, "test.yaml", Map.of());
        return PolicyDecider.builder(policy).assumeDeclaredTiers().clock(clock).build();
    }

    static final String TIERS = """
            name: test
            tiers:
              local: {locality: local, context-window: 4096}
              remote: {locality: remote, context-window: 128000, input-price-per-million: 10, output-price-per-million: 30}
            """;

    @Test
    void rulesAreEvaluatedInOrderAndTheFirstMatchDecides() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: first, when: {difficulty-at-least: 0.5}, route: {tier: remote}}
                  - {name: second, when: {difficulty-at-least: 0.1}, keep-local: {}}
                default: {keep-local: {}}
                """, Clock.systemUTC());

        Decision decision = decider.decide(assessment(0.7, 10));

        assertThat(decision.reasons().get(0).rule()).isEqualTo("first");
        assertThat(decision.tier()).isEqualTo("remote");
    }

    @Test
    void theSameInputAlwaysGivesTheSameDecision() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: a, when: {tags-any: [x, y, z]}, keep-local: {}}
                  - {name: b, when: {difficulty-at-least: 0.4}, route: {tier: remote, fallback: [local]}}
                default: {keep-local: {}}
                """, Clock.fixed(WEDNESDAY_NOON, ZoneOffset.UTC));
        TandemRequest request = request(CallerMetadata.builder().tag("y").build());

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            decisions.add(decider.decide(request, assessment(0.5, 10)));
        }

        assertThat(decisions).allSatisfy(d -> assertThat(d).isEqualTo(decisions.get(0)));
        assertThat(decisions.get(0).reasons().get(0).describe()).isEqualTo("a: tags [y] include [x, y, z]");
    }

    @Test
    void callerMetadataConditionsMatchTenantTagsAndHeaders() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - name: eu
                    when: {tenant-matches: "eu-.*", headers: {x-region: "(?i)eu"}, tags-all: [gold]}
                    route: {tier: remote}
                default: {keep-local: {}}
                """, Clock.systemUTC());
        CallerMetadata eu = CallerMetadata.builder()
                .tenant("eu-acme")
                .tag("gold")
                .header("X-Region", "EU")
                .build();
        CallerMetadata us = CallerMetadata.builder()
                .tenant("us-acme")
                .tag("gold")
                .header("X-Region", "EU")
                .build();

        assertThat(decider.decide(request(eu), assessment(0.1, 10)).tier()).isEqualTo("remote");
        assertThat(decider.decide(request(us), assessment(0.1, 10)).tier()).isEqualTo("local");
    }

    @Test
    void aCatastrophicBacktrackingPatternAgainstALongCallerValueIsDecidedInLinearTime() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - name: redos-tenant
                    when: {tenant-matches: "(a+)+b"}
                    route: {tier: remote}
                  - name: redos-header
                    when: {headers: {x-trace: "(a|aa)+c"}}
                    route: {tier: remote}
                  - name: any-short-tenant
                    when: {tenant-matches: "z.*"}
                    route: {tier: remote}
                default: {keep-local: {}}
                """, Clock.systemUTC());
        // With java.util.regex each of these takes exponential time (2^1000 paths); re2j is linear.
        String almost = "a".repeat(1_000) + "!";
        CallerMetadata hostile = CallerMetadata.builder()
                .tenant(almost)
                .header("X-Trace", almost)
                .build();
        CallerMetadata matching =
                CallerMetadata.builder().tenant("a".repeat(1_000) + "b").build();
        CallerMetadata overTheCap =
                CallerMetadata.builder().tenant("z".repeat(1_025)).build();
        CallerMetadata atTheCap =
                CallerMetadata.builder().tenant("z".repeat(1_024)).build();

        Decision hostileDecision = decider.decide(request(hostile), assessment(0.1, 10));

        assertThat(hostileDecision.tier()).isEqualTo("local");
        assertThat(decider.decide(request(matching), assessment(0.1, 10)).tier())
                .isEqualTo("remote");
        assertThat(decider.decide(request(overTheCap), assessment(0.1, 10)).tier())
                .isEqualTo("local");
        assertThat(decider.decide(request(atTheCap), assessment(0.1, 10)).tier())
                .isEqualTo("remote");
    }

    @Test
    void timeOfDayWindowsWrapPastMidnightInTheirZone() {
        String yaml = TIERS + """
                rules:
                  - name: night
                    when: {time-of-day: {from: "22:00", to: "06:00", zone: Europe/Berlin, days: [tue]}}
                    keep-local: {}
                default: {route: {tier: remote}}
                """;
        // 03:30 Berlin on Wednesday belongs to Tuesday's night window.
        Clock wednesdayNight = Clock.fixed(Instant.parse("2026-03-11T02:30:00Z"), ZoneOffset.UTC);
        Clock wednesdayNoon = Clock.fixed(WEDNESDAY_NOON, ZoneOffset.UTC);

        assertThat(decider(yaml, wednesdayNight).decide(assessment(0.1, 10)).tier())
                .isEqualTo("local");
        assertThat(decider(yaml, wednesdayNoon).decide(assessment(0.1, 10)).tier())
                .isEqualTo("remote");
    }

    @Test
    void costAndContextWindowConditionsUseTheTierSpecs() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: too-long, when: {exceeds-context-of: local}, route: {tier: remote}}
                  - {name: pricey, when: {estimated-cost-over: {tier: remote, usd: 0.01}}, keep-local: {}}
                default: {route: {tier: remote}}
                """, Clock.systemUTC());

        Decision longOne = decider.decide(assessment(0.1, 5000));
        Decision pricey = decider.decide(assessment(0.1, 1200));
        Decision cheap = decider.decide(assessment(0.1, 100));

        assertThat(longOne.reasons().get(0).describe())
                .isEqualTo("too-long: ~5256 tokens (prompt and answer) do not fit local's context window of 4096");
        assertThat(pricey.reasons().get(0).rule()).isEqualTo("pricey");
        assertThat(cheap.reasons().get(0).rule()).isEqualTo("default");
    }

    @Test
    void anUnhealthyTierCanBeRoutedAround() {
        Policy policy = PolicyLoader.preset("latency-first");
        PolicyDecider decider = PolicyDecider.builder(policy)
                .assumeDeclaredTiers()
                .tierHealth(tier -> !tier.equals("remote"))
                .build();

        Decision decision = decider.decide(assessment(0.9, 2000));

        assertThat(decision.reasons().get(0).rule()).isEqualTo("remote-down-serve-locally");
        assertThat(decision.remoteAllowed()).isFalse();
    }

    @Test
    void localFirstCarriesTheEscalationTargetAndMinimumConfidence() {
        PolicyDecider decider = PolicyDecider.builder(PolicyLoader.preset("latency-first"))
                .assumeDeclaredTiers()
                .build();

        Decision decision = decider.decide(assessment(0.2, 10));

        assertThat(decision.tier()).isEqualTo("local");
        assertThat(decision.fallbacks()).containsExactly("remote");
        assertThat(decision.escalation()).contains(new Escalation("remote", 0.6));
    }

    @Test
    void redactThenRemotePlansRedactionOfEveryEntityFound() {
        PolicyDecider decider = PolicyDecider.builder(PolicyLoader.preset("quality-first"))
                .assumeDeclaredTiers()
                .build();

        Decision decision = decider.decide(assessment(0.2, 10, EntityType.EMAIL, EntityType.PHONE));

        assertThat(decision.tier()).isEqualTo("remote");
        assertThat(decision.redaction().types()).containsExactly(EntityType.EMAIL, EntityType.PHONE);
        assertThat(decision.reasons())
                .extracting(Reason::rule)
                .contains("personal-data-is-redacted", "redact-then-remote");
    }

    @Test
    void aRefusalThrowsBeforeAnyTierIsChosen() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: blocked, when: {tenant: [bad-co]}, refuse: {message: Account suspended.}}
                default: {route: {tier: remote}}
                """, Clock.systemUTC());

        assertThatThrownBy(() -> decider.decide(
                        request(CallerMetadata.builder().tenant("bad-co").build()), assessment(0.1, 10)))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("blocked");
                    assertThat(e.getMessage()).isEqualTo("Request req-1 refused by blocked: Account suspended.");
                });
    }

    @Test
    void anExhaustedBudgetReplacesTheActionAndEmitsAnEvent() {
        List<BudgetEvent> events = new ArrayList<>();
        Policy policy = PolicyLoader.parse(TIERS + """
                default: {route: {tier: remote, fallback: [local]}}
                budgets:
                  limits:
                    - {name: spend, max-cost: 0.01, tiers: [remote], when-exceeded: {keep-local: {}}}
                """, "test.yaml", Map.of());
        PolicyDecider decider = PolicyDecider.builder(policy)
                .assumeDeclaredTiers()
                .budgetStore(new InMemoryBudgetStore())
                .budgetEvents(events::add)
                .build();
        TandemRequest acme = request(CallerMetadata.builder().tenant("acme").build());
        Outcome answered =
                new Outcome("remote", Locality.REMOTE, "m", List.of(), Duration.ZERO, new TokenCounts(1000, 100));

        Decision before = decider.decide(acme, assessment(0.1, 10));
        decider.record(acme, assessment(0.1, 10), answered);
        Decision after = decider.decide(acme, assessment(0.1, 10));
        Decision otherTenant =
                decider.decide(request(CallerMetadata.builder().tenant("globex").build()), assessment(0.1, 10));

        assertThat(before.tier()).isEqualTo("remote");
        assertThat(after.tier()).isEqualTo("local");
        assertThat(after.remoteAllowed()).isFalse();
        assertThat(after.reasons()).extracting(Reason::rule).contains("budget:spend");
        assertThat(otherTenant.tier()).isEqualTo("remote");
        assertThat(events).extracting(BudgetEvent::kind).containsExactly(BudgetEvent.Kind.EXCEEDED);
    }

    @Test
    void explainShowsEveryRuleInOrderWithWhyItMatchedOrNot() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: private, when: {sensitivity-at-least: high}, keep-local: {}}
                  - {name: hard, when: {difficulty-at-least: 0.6}, route: {tier: remote, fallback: [local]}}
                  - {name: never-reached, keep-local: {}}
                default: {keep-local: {}}
                """, Clock.systemUTC());

        Explanation explanation = decider.explain(request(CallerMetadata.none()), assessment(0.72, 10));

        assertThat(explanation.rules())
                .extracting(Explanation.RuleTrace::name, Explanation.RuleTrace::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("private", Explanation.RuleStatus.NOT_MATCHED),
                        org.assertj.core.groups.Tuple.tuple("hard", Explanation.RuleStatus.MATCHED),
                        org.assertj.core.groups.Tuple.tuple("never-reached", Explanation.RuleStatus.NOT_EVALUATED));
        assertThat(explanation.rules().get(0).clauses().get(0).detail()).isEqualTo("sensitivity none < high");
        assertThat(explanation.decision().orElseThrow().tier()).isEqualTo("remote");
        assertThat(explanation.render())
                .contains("   1. private: no match")
                .contains("        no  sensitivity-at-least: sensitivity none < high")
                .contains("   2. hard: MATCHED")
                .contains("        yes difficulty-at-least: difficulty 0.72 >= 0.60")
                .contains("decision: remote (remote), then local");
    }

    @Test
    void aPolicySourceIsReadForEachDecision() {
        Policy toLocal = PolicyLoader.parse(TIERS + "default: {keep-local: {}}\n", "a.yaml", Map.of());
        Policy toRemote = PolicyLoader.parse(TIERS + "default: {route: {tier: remote}}\n", "b.yaml", Map.of());
        java.util.concurrent.atomic.AtomicReference<Policy> current =
                new java.util.concurrent.atomic.AtomicReference<>(toLocal);
        PolicyDecider decider =
                PolicyDecider.builder(current::get).assumeDeclaredTiers().build();

        String first = decider.decide(assessment(0.1, 10)).tier();
        current.set(toRemote);
        String second = decider.decide(assessment(0.1, 10)).tier();

        assertThat(first).isEqualTo("local");
        assertThat(second).isEqualTo("remote");
    }

    @Test
    void scriptConditionMatchesTheDominantScript() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: cjk, when: {script: [han]}, route: {tier: remote}}
                default: {keep-local: {}}
                """, Clock.systemUTC());
        Assessment chinese = new Assessment(
                PrivacyAssessment.none(),
                new Difficulty(0.1, List.of()),
                new Language(Character.UnicodeScript.HAN, 0.9),
                new TokenEstimate(10, 10));

        assertThat(decider.decide(chinese).tier()).isEqualTo("remote");
        assertThat(decider.decide(assessment(0.1, 10)).tier()).isEqualTo("local");
        assertThat(Set.of()).isEmpty();
    }

    @Test
    void calibratedComparesTheScoreWithTheCalibrationsOwnThreshold() {
        PolicyDecider decider = decider(TIERS + """
                rules:
                  - {name: hard, when: {difficulty-at-least: calibrated}, route: {tier: remote}}
                default: {keep-local: {}}
                """, Clock.systemUTC());

        Decision above = decider.decide(withDifficulty(new Difficulty(0.40, List.of(), OptionalDouble.of(0.33))));
        Decision below = decider.decide(withDifficulty(new Difficulty(0.30, List.of(), OptionalDouble.of(0.33))));

        assertThat(above.tier()).isEqualTo("remote");
        assertThat(above.reasons().get(0).describe()).isEqualTo("hard: difficulty 0.40 >= 0.33 (calibrated)");
        assertThat(below.tier()).isEqualTo("local");
        assertThat(below.reasons().get(0).describe())
                .isEqualTo("default: no rule matched (difficulty 0.30," + " sensitivity none, ~10 prompt tokens)");
    }

    @Test
    void calibratedFallsBackToTheHardThresholdForAnEstimatorWithoutCalibration() {
        PolicyDecider decider = decider(TIERS + """
                assessment:
                  difficulty:
                    thresholds: {hard: 0.7}
                rules:
                  - {name: easy-stays, when: {difficulty-below: calibrated}, keep-local: {}}
                default: {route: {tier: remote}}
                """, Clock.systemUTC());

        Decision easy = decider.decide(withDifficulty(new Difficulty(0.65, List.of())));
        Decision hard = decider.decide(withDifficulty(new Difficulty(0.75, List.of())));

        assertThat(easy.tier()).isEqualTo("local");
        assertThat(easy.reasons().get(0).describe()).isEqualTo("easy-stays: difficulty 0.65 < 0.70 (calibrated)");
        assertThat(hard.tier()).isEqualTo("remote");
    }

    private static Assessment withDifficulty(Difficulty difficulty) {
        return new Assessment(
                PrivacyAssessment.none(),
                difficulty,
                new Language(Character.UnicodeScript.LATIN, 1.0),
                new TokenEstimate(10, 256));
    }
}
