package dev.tandem.router.metrics;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.AuditFailureEvent;
import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.event.BudgetEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.FirstTokenEvent;
import dev.tandem.core.event.PolicyRejectedEvent;
import dev.tandem.core.event.PolicyReloadedEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.outcome.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Records routed requests as Micrometer meters on any {@link MeterRegistry}: requests by tier, outcome
 * and deciding rule; latency histograms per tier; tokens; estimated cost and savings; redactions by
 * type; fallbacks; breaker states; policy reloads.
 *
 * <pre>{@code
 * TandemMetrics metrics = TandemMetrics.builder(registry)
 *         .price("local", Price.free())
 *         .price("remote", Price.perMillion(0.15, 0.60))
 *         .referenceTier("remote")        // savings = what "everything remote" would have cost, minus the cost
 *         .build();
 * TandemRouter router = TandemRouter.builder().tier(local).tier(remote).listener(metrics).build();
 * }</pre>
 *
 * <p>Tags hold tier names, rule names, entity types, statuses and exception type names only, so their
 * cardinality is bounded by the policy and the code, never by the traffic. Every meter, its tags and
 * its unit are listed in {@code docs/observability.md}.
 *
 * <p>Defaults: no prices (every tier counts as free, so cost and savings stay 0) and the reference tier
 * {@code remote}. A tier without a price counts as free. Thread-safe.
 */
public final class TandemMetrics implements TandemListener {

    public static final String REQUESTS = "tandem.requests";
    public static final String REQUEST_LATENCY = "tandem.request.latency";
    public static final String ATTEMPTS = "tandem.attempts";
    public static final String ATTEMPT_LATENCY = "tandem.attempt.latency";
    public static final String TIME_TO_FIRST_TOKEN = "tandem.time.to.first.token";
    public static final String TOKENS = "tandem.tokens";
    public static final String COST = "tandem.cost.estimated";
    public static final String COST_REFERENCE = "tandem.cost.reference";
    public static final String SAVINGS = "tandem.savings.estimated";
    public static final String REDACTIONS = "tandem.redactions";
    public static final String FALLBACKS = "tandem.fallbacks";
    public static final String ESCALATIONS = "tandem.escalations";
    public static final String BREAKER_STATE = "tandem.breaker.state";
    public static final String POLICY_RELOADS = "tandem.policy.reloads";
    public static final String BUDGET_EVENTS = "tandem.budget.events";
    public static final String AUDIT_FAILURES = "tandem.audit.failures";
    public static final String LOCAL_MODELS_LOADED = "tandem.local.models.loaded";
    public static final String LOCAL_MODELS_MEMORY_HELD = "tandem.local.models.memory.held";
    public static final String LOCAL_MODELS_MEMORY_CAP = "tandem.local.models.memory.cap";
    public static final String LOCAL_MODELS_EVICTIONS = "tandem.local.models.evictions";

    /** The tag value used when a request has no tier, rule or error to name. */
    public static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<String, Price> prices;
    private final String referenceTier;
    /**
     * Requests decided and not ended yet, each with the rule that tags its count when it ends. A cancelled
     * stream never ends, so beyond this many the oldest are forgotten (their count, if they end after all,
     * says {@value #NONE}): the map cannot grow with the traffic.
     */
    static final int MAX_TRACKED_REQUESTS = 16_384;

    private final Map<String, String> decidingRules = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_TRACKED_REQUESTS;
        }
    });
    private final Map<String, AtomicReference<BreakerTransitionEvent.State>> breakers = new ConcurrentHashMap<>();
    private final DoubleAdder savings = new DoubleAdder();

    private TandemMetrics(Builder builder) {
        this.registry = builder.registry;
        this.prices = Map.copyOf(builder.prices);
        this.referenceTier = builder.referenceTier;
        Gauge.builder(SAVINGS, savings, DoubleAdder::sum)
                .description("Estimated US dollars saved against sending every request to the reference tier")
                .baseUnit("usd")
                .tag("reference", referenceTier)
                .register(registry);
    }

    /** Metrics with no prices, on {@code registry}. */
    /**
     * Publishes a local model memory budget as gauges: {@value #LOCAL_MODELS_LOADED} (models holding
     * memory), {@value #LOCAL_MODELS_MEMORY_HELD} and {@value #LOCAL_MODELS_MEMORY_CAP} (bytes; the cap is
     * absent when unlimited) and {@value #LOCAL_MODELS_EVICTIONS} (models closed to make room).
     */
    public static void bindLocalModels(MeterRegistry registry, dev.tandem.local.ModelMemoryBudget budget) {
        Gauge.builder(LOCAL_MODELS_LOADED, budget, dev.tandem.local.ModelMemoryBudget::loadedModels)
                .description("Local models holding memory")
                .register(registry);
        Gauge.builder(LOCAL_MODELS_MEMORY_HELD, budget, dev.tandem.local.ModelMemoryBudget::heldBytes)
                .description("Bytes of model weights the loaded local models hold")
                .baseUnit("bytes")
                .register(registry);
        if (budget.capBytes() != Long.MAX_VALUE) {
            Gauge.builder(LOCAL_MODELS_MEMORY_CAP, budget, dev.tandem.local.ModelMemoryBudget::capBytes)
                    .description("The cap on the local models' weights")
                    .baseUnit("bytes")
                    .register(registry);
        }
        Gauge.builder(LOCAL_MODELS_EVICTIONS, budget, dev.tandem.local.ModelMemoryBudget::evictions)
                .description("Local models closed to make room for another")
                .register(registry);
    }

    public static TandemMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void onDecision(DecisionEvent event) {
        String rule = event.decision().reasons().isEmpty()
                ? NONE
                : event.decision().reasons().get(0).rule();
        decidingRules.put(event.requestId(), rule);
    }

    @Override
    public void onAttempt(AttemptEvent event) {
        Attempt attempt = event.attempt();
        String error = attempt.failure().map(Failure::type).orElse(NONE);
        Counter.builder(ATTEMPTS)
                .description("Tier attempts, by how they ended")
                .tag("tier", attempt.tier())
                .tag("locality", attempt.locality().wireName())
                .tag("status", attempt.status().wireName())
                .tag("error", error)
                .register(registry)
                .increment();
        if (attempt.status() != AttemptStatus.SKIPPED) {
            Timer.builder(ATTEMPT_LATENCY)
                    .description("Latency of one tier attempt")
                    .tag("tier", attempt.tier())
                    .tag("status", attempt.status().wireName())
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(attempt.latency());
        }
    }

    @Override
    public void onRedaction(RedactionEvent event) {
        event.counts()
                .forEach((type, count) -> Counter.builder(REDACTIONS)
                        .description("Entities replaced by placeholders before a remote tier saw the request")
                        .baseUnit("entities")
                        .tag("tier", event.tier())
                        .tag("type", type.name())
                        .register(registry)
                        .increment(count));
    }

    @Override
    public void onFallback(FallbackEvent event) {
        Counter.builder(FALLBACKS)
                .description("Moves from a failed tier to the next")
                .tag("from", event.fromTier())
                .tag("to", event.toTier())
                .tag("error", event.failureType())
                .register(registry)
                .increment();
    }

    @Override
    public void onEscalation(EscalationEvent event) {
        Counter.builder(ESCALATIONS)
                .description("Local-first answers escalated for low confidence")
                .tag("from", event.fromTier())
                .tag("to", event.toTier())
                .register(registry)
                .increment();
    }

    @Override
    public void onCompleted(CompletedEvent event) {
        Outcome outcome = event.outcome();
        String rule = ruleOf(event.requestId());
        String result = outcome.degraded() ? "degraded" : "success";
        countRequest(outcome.tier(), outcome.locality().wireName(), result, rule);
        Timer.builder(REQUEST_LATENCY)
                .description("End-to-end latency of an answered request, fallbacks included")
                .tag("tier", outcome.tier())
                .tag("outcome", result)
                .publishPercentileHistogram()
                .register(registry)
                .record(outcome.latency());
        tokens(outcome.tier(), "in", outcome.tokens().input());
        tokens(outcome.tier(), "out", outcome.tokens().output());
        double cost = priceOf(outcome.tier()).cost(outcome.tokens());
        Counter.builder(COST)
                .description("Estimated cost of answered requests, from the configured prices")
                .baseUnit("usd")
                .tag("tier", outcome.tier())
                .register(registry)
                .increment(cost);
        Optional.ofNullable(prices.get(referenceTier)).ifPresent(reference -> {
            double wouldHaveCost = reference.cost(outcome.tokens());
            Counter.builder(COST_REFERENCE)
                    .description("What the same requests would have cost on the reference tier")
                    .baseUnit("usd")
                    .tag("reference", referenceTier)
                    .register(registry)
                    .increment(wouldHaveCost);
            savings.add(wouldHaveCost - cost);
        });
    }

    @Override
    public void onFailed(FailedEvent event) {
        String rule = decidingRules.remove(event.requestId());
        countRequest(NONE, NONE, rule == null ? "rejected" : "failed", rule == null ? NONE : rule);
    }

    @Override
    public void onBreakerTransition(BreakerTransitionEvent event) {
        breakers.computeIfAbsent(event.tier(), this::registerBreaker).set(event.to());
    }

    @Override
    public void onPolicyReloaded(PolicyReloadedEvent event) {
        policyReload("reloaded");
    }

    @Override
    public void onPolicyRejected(PolicyRejectedEvent event) {
        policyReload("rejected");
    }

    @Override
    public void onAuditFailure(AuditFailureEvent event) {
        Counter.builder(AUDIT_FAILURES)
                .description("Audit records that could not be written, and rotations that failed")
                .tag("kind", event.kind().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }

    @Override
    public void onBudget(BudgetEvent event) {
        Counter.builder(BUDGET_EVENTS)
                .description("Budgets exceeded or whose store was unreachable")
                .tag("budget", event.budget())
                .tag("kind", event.kind().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Records the time to first token of each streamed attempt. */
    @Override
    public void onFirstToken(FirstTokenEvent event) {
        recordTimeToFirstToken(event.tier(), event.latency());
    }

    /**
     * Records the time from sending a request to a tier until its first streamed token. The router
     * records it itself for streamed requests; call it for streams the router does not see.
     */
    public void recordTimeToFirstToken(String tier, Duration latency) {
        Timer.builder(TIME_TO_FIRST_TOKEN)
                .description("Time from sending a streamed request to its first token")
                .tag("tier", requireNonNull(tier, "tier"))
                .publishPercentileHistogram()
                .register(registry)
                .record(requireNonNull(latency, "latency"));
    }

    @Override
    public String toString() {
        return "TandemMetrics[prices=" + prices.keySet() + ", reference=" + referenceTier + "]";
    }

    /** How many requests' deciding rules are held, for the test of the bound. */
    int trackedRequests() {
        return decidingRules.size();
    }

    private String ruleOf(String requestId) {
        String rule = decidingRules.remove(requestId);
        return rule == null ? NONE : rule;
    }

    private void countRequest(String tier, String locality, String outcome, String reason) {
        Counter.builder(REQUESTS)
                .description("Routed requests, by the tier that answered, how they ended and the deciding rule")
                .tag("tier", tier)
                .tag("locality", locality)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private void tokens(String tier, String direction, int count) {
        Counter.builder(TOKENS)
                .description("Tokens read (in) and written (out) by the answering tier")
                .baseUnit("tokens")
                .tag("tier", tier)
                .tag("direction", direction)
                .register(registry)
                .increment(count);
    }

    private void policyReload(String result) {
        Counter.builder(POLICY_RELOADS)
                .description("Changed policy files, applied or rejected")
                .tag("result", result)
                .register(registry)
                .increment();
    }

    private Price priceOf(String tier) {
        return prices.getOrDefault(tier, Price.free());
    }

    private AtomicReference<BreakerTransitionEvent.State> registerBreaker(String tier) {
        AtomicReference<BreakerTransitionEvent.State> state =
                new AtomicReference<>(BreakerTransitionEvent.State.CLOSED);
        for (BreakerTransitionEvent.State candidate : BreakerTransitionEvent.State.values()) {
            Gauge.builder(BREAKER_STATE, state, current -> current.get() == candidate ? 1.0 : 0.0)
                    .description("1 for the state a tier's circuit breaker is in, 0 for the others")
                    .tag("tier", tier)
                    .tag("state", candidate.wireName())
                    .register(registry);
        }
        return state;
    }

    /** Builds {@link TandemMetrics}; obtained from {@link TandemMetrics#builder(MeterRegistry)}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private final Map<String, Price> prices = new LinkedHashMap<>();
        private String referenceTier = "remote";

        private Builder(MeterRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
        }

        /** The price of one tier; replaces an earlier price for the same tier. */
        public Builder price(String tier, Price price) {
            requireNonNull(tier, "tier");
            prices.put(tier, requireNonNull(price, "price"));
            return this;
        }

        /** Prices by tier name, added to those already set. */
        public Builder prices(Map<String, Price> prices) {
            prices.forEach(this::price);
            return this;
        }

        /**
         * The tier every request is priced on to estimate savings: "what if everything went there". Default
         * {@code remote}. Without a price for it, no savings are estimated.
         */
        public Builder referenceTier(String tier) {
            if (tier.isBlank()) {
                throw new IllegalArgumentException("the reference tier must name a tier, such as remote");
            }
            this.referenceTier = tier;
            return this;
        }

        public TandemMetrics build() {
            return new TandemMetrics(this);
        }
    }
}
