package dev.tandem.router.metrics;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.event.BreakerTransitionEvent.State;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TandemMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObservabilityFixture fixture = new ObservabilityFixture();

    /** Four requests: remote ok, remote failed then local, redacted remote ok, every tier failed. */
    private void routeFourRequests(TandemMetrics metrics) {
        TandemRouter router = fixture.router(metrics);
        router.chat(request("a", "hello"));
        router.chat(request("b", "hello FAIL"));
        router.chat(request("c", ObservabilityFixture.PERSONAL_PROMPT));
        try {
            router.chat(request("d", "FAIL BOTH"));
        } catch (RuntimeException expected) {
            // the failure is what is counted
        }
    }

    @Test
    void countsRequestsByTierOutcomeAndDecidingRule() {
        routeFourRequests(TandemMetrics.of(registry));

        assertThat(requests("remote", "remote", "success")).isEqualTo(2.0);
        assertThat(requests("local", "local", "degraded")).isEqualTo(1.0);
        assertThat(requests("none", "none", "failed")).isEqualTo(1.0);
        assertThat(registry.find(TandemMetrics.REQUESTS).counters())
                .hasSize(3)
                .allSatisfy(
                        counter -> assertThat(counter.getId().getTag("reason")).isEqualTo("everything-remote"));
    }

    @Test
    void countsAttemptsFallbacksAndRedactionsByType() {
        routeFourRequests(TandemMetrics.of(registry));

        assertThat(attempts("remote", "succeeded", "none")).isEqualTo(2.0);
        assertThat(attempts("remote", "failed", "TierAuthenticationException")).isEqualTo(2.0);
        assertThat(attempts("local", "succeeded", "none")).isEqualTo(1.0);
        assertThat(attempts("local", "failed", "TierAuthenticationException")).isEqualTo(1.0);
        assertThat(registry.get(TandemMetrics.FALLBACKS)
                        .tags("from", "remote", "to", "local", "error", "TierAuthenticationException")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(redactions("EMAIL")).isEqualTo(1.0);
        assertThat(redactions("CREDIT_CARD")).isEqualTo(1.0);
        assertThat(registry.find(TandemMetrics.REDACTIONS).counters()).hasSize(2);
    }

    @Test
    void recordsLatencyHistogramsAndTokensPerTier() {
        routeFourRequests(TandemMetrics.of(registry));

        assertThat(registry.get(TandemMetrics.REQUEST_LATENCY)
                        .tags("tier", "remote", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(TandemMetrics.REQUEST_LATENCY)
                        .tags("tier", "local", "outcome", "degraded")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(TandemMetrics.ATTEMPT_LATENCY)
                        .tags("tier", "remote", "status", "failed")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isPositive();
        assertThat(tokens("remote", "in")).isEqualTo(20.0);
        assertThat(tokens("remote", "out")).isEqualTo(10.0);
        assertThat(tokens("local", "in")).isEqualTo(10.0);
        assertThat(tokens("local", "out")).isEqualTo(5.0);
    }

    @Test
    void estimatesCostAndSavingsAgainstSendingEverythingToTheReferenceTier() {
        TandemMetrics metrics = TandemMetrics.builder(registry)
                .price("remote", Price.perMillion(1.0, 2.0))
                .price("local", Price.free())
                .build();

        routeFourRequests(metrics);

        // remote answered twice: 2 × (10 × 1 + 5 × 2) / 1e6; local once, for free.
        assertThat(registry.get(TandemMetrics.COST)
                        .tag("tier", "remote")
                        .counter()
                        .count())
                .isCloseTo(40e-6, within(1e-12));
        assertThat(registry.get(TandemMetrics.COST)
                        .tag("tier", "local")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get(TandemMetrics.COST_REFERENCE).counter().count()).isCloseTo(60e-6, within(1e-12));
        assertThat(registry.get(TandemMetrics.SAVINGS)
                        .tag("reference", "remote")
                        .gauge()
                        .value())
                .isCloseTo(20e-6, within(1e-12));
    }

    @Test
    void breakerStateGaugeFollowsTransitions() {
        TandemMetrics metrics = TandemMetrics.of(registry);

        metrics.onBreakerTransition(new BreakerTransitionEvent(Instant.EPOCH, "remote", State.CLOSED, State.OPEN));

        assertThat(breaker("remote", "open")).isEqualTo(1.0);
        assertThat(breaker("remote", "closed")).isEqualTo(0.0);
        assertThat(breaker("remote", "half_open")).isEqualTo(0.0);

        metrics.onBreakerTransition(new BreakerTransitionEvent(Instant.EPOCH, "remote", State.OPEN, State.HALF_OPEN));

        assertThat(breaker("remote", "open")).isEqualTo(0.0);
        assertThat(breaker("remote", "half_open")).isEqualTo(1.0);
    }

    @Test
    void timeToFirstTokenIsATimerPerTier() {
        TandemMetrics metrics = TandemMetrics.of(registry);

        metrics.recordTimeToFirstToken("local", Duration.ofMillis(120));
        metrics.recordTimeToFirstToken("local", Duration.ofMillis(80));

        var timer = registry.get(TandemMetrics.TIME_TO_FIRST_TOKEN)
                .tag("tier", "local")
                .timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
    }

    @Test
    void requestsThatNeverEndAreForgottenBeyondABoundWhileTheLatestKeepTheirRule() {
        List<DecisionEvent> decisionEvents = new ArrayList<>();
        List<CompletedEvent> completedEvents = new ArrayList<>();
        fixture.router(new TandemListener() {
                    @Override
                    public void onDecision(DecisionEvent event) {
                        decisionEvents.add(event);
                    }

                    @Override
                    public void onCompleted(CompletedEvent event) {
                        completedEvents.add(event);
                    }
                })
                .chat(request("a", "hello"));
        DecisionEvent decided = decisionEvents.get(0);
        CompletedEvent completed = completedEvents.get(0);
        TandemMetrics metrics = TandemMetrics.of(registry);
        int decisions = TandemMetrics.MAX_TRACKED_REQUESTS + 1_000;

        // Decided requests that never end, as cancelled streams do.
        for (int i = 0; i < decisions; i++) {
            metrics.onDecision(
                    new DecisionEvent("r" + i, decided.timestamp(), decided.assessment(), decided.decision()));
        }
        metrics.onCompleted(new CompletedEvent("r0", completed.timestamp(), completed.decision(), completed.outcome()));
        metrics.onCompleted(new CompletedEvent(
                "r" + (decisions - 1), completed.timestamp(), completed.decision(), completed.outcome()));

        assertThat(metrics.trackedRequests()).isEqualTo(TandemMetrics.MAX_TRACKED_REQUESTS - 1);
        assertThat(registry.find(TandemMetrics.REQUESTS)
                        .tag("reason", "none")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.find(TandemMetrics.REQUESTS)
                        .tag("reason", "everything-remote")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void tagsNeverCarryPersonalData() {
        routeFourRequests(TandemMetrics.of(registry));

        StringBuilder everything = new StringBuilder();
        for (Meter meter : registry.getMeters()) {
            everything.append(meter.getId()).append('\n');
        }
        assertThat(everything.toString())
                .contains("tandem.requests")
                .doesNotContain(ObservabilityFixture.EMAIL)
                .doesNotContain(ObservabilityFixture.CARD)
                .doesNotContain("charged");
    }

    @Test
    void rejectsANegativePriceNamingTheValue() {
        assertThatThrownBy(() -> Price.perMillion(-1.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inputPerMillion must be a price of at least 0 US dollars, was -1.0");
    }

    @Test
    void rejectsABlankReferenceTier() {
        assertThatThrownBy(() -> TandemMetrics.builder(registry).referenceTier(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the reference tier must name a tier, such as remote");
    }

    private double requests(String tier, String locality, String outcome) {
        return registry.get(TandemMetrics.REQUESTS)
                .tags("tier", tier, "locality", locality, "outcome", outcome)
                .counter()
                .count();
    }

    private double attempts(String tier, String status, String error) {
        return registry.get(TandemMetrics.ATTEMPTS)
                .tags("tier", tier, "status", status, "error", error)
                .counter()
                .count();
    }

    private double redactions(String type) {
        return registry.get(TandemMetrics.REDACTIONS)
                .tags("tier", "remote", "type", type)
                .counter()
                .count();
    }

    private double tokens(String tier, String direction) {
        return registry.get(TandemMetrics.TOKENS)
                .tags("tier", tier, "direction", direction)
                .counter()
                .count();
    }

    private double breaker(String tier, String state) {
        return registry.get(TandemMetrics.BREAKER_STATE)
                .tags("tier", tier, "state", state)
                .gauge()
                .value();
    }
}
