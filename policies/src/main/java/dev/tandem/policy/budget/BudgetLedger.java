package dev.tandem.policy.budget;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.event.BudgetEvent;
import dev.tandem.policy.Budget;
import dev.tandem.policy.BudgetSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and records per-tenant budgets against a {@link BudgetStore}. A budget is checked before a
 * request is routed (is any counter at or over its limit?) and recorded after the request is answered
 * (one request, its tokens and its cost, added atomically). Between the check and the record, other
 * in-flight requests of the same tenant may pass too, so a budget can overshoot by at most what those
 * requests use.
 *
 * <p>Counters are kept per budget, tenant and period (a day or a month in the budgets' zone) under
 * {@code PREFIX:budget:NAME:TENANT:PERIOD}. When the store is unreachable, a check applies the budget's
 * fail-open or fail-closed setting and reports it with a {@link BudgetEvent}. Thread-safe.
 */
public final class BudgetLedger {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);

    private final BudgetSettings settings;
    private final BudgetStore store;
    private final Clock clock;

    public BudgetLedger(BudgetSettings settings, BudgetStore store, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The outcome of a check. */
    public enum Status {
        WITHIN,
        EXCEEDED,
        UNAVAILABLE_FAILED_OPEN,
        UNAVAILABLE_FAILED_CLOSED;

        /** Whether the budget's when-exceeded action applies. */
        public boolean exhausted() {
            return this == EXCEEDED || this == UNAVAILABLE_FAILED_CLOSED;
        }
    }

    /** A check's outcome, the usage seen (zero when the store was unreachable) and a sentence for people. */
    public record Check(Status status, Usage usage, String detail) {}

    /**
     * Checks {@code budget} for {@code tenant} and reports an exceeded budget or an unreachable store to
     * {@code events}.
     */
    public Check check(String requestId, String tenant, Budget budget, Consumer<BudgetEvent> events) {
        Instant now = clock.instant();
        Usage usage;
        try {
            usage = store.get(key(budget, tenant, now));
        } catch (BudgetStoreUnavailableException e) {
            Status status = budget.failClosed() ? Status.UNAVAILABLE_FAILED_CLOSED : Status.UNAVAILABLE_FAILED_OPEN;
            String detail = e.getMessage() + "; budget treated as "
                    + (budget.failClosed() ? "exceeded (fail-closed)" : "not exceeded (fail-open)");
            LOG.warn("Budget {} for tenant {}: {}", budget.name(), tenant, detail);
            events.accept(new BudgetEvent(
                    requestId,
                    now,
                    budget.name(),
                    tenant,
                    budget.failClosed()
                            ? BudgetEvent.Kind.STORE_UNAVAILABLE_FAILED_CLOSED
                            : BudgetEvent.Kind.STORE_UNAVAILABLE_FAILED_OPEN,
                    detail));
            return new Check(status, Usage.zero(), detail);
        }
        String over = over(budget, usage);
        if (over.isEmpty()) {
            return new Check(Status.WITHIN, usage, "within budget");
        }
        String detail = "budget '" + budget.name() + "' for tenant " + tenant + " is used up this "
                + budget.period().wireName() + ": " + over;
        events.accept(new BudgetEvent(requestId, now, budget.name(), tenant, BudgetEvent.Kind.EXCEEDED, detail));
        return new Check(Status.EXCEEDED, usage, detail);
    }

    /**
     * Records one answered request on {@code tier} against every budget of the tenant that counts the
     * tier. A store failure is reported, never thrown: the request was already answered.
     */
    public void record(
            String requestId, String tenant, String tier, long tokens, double usd, Consumer<BudgetEvent> events) {
        Instant now = clock.instant();
        for (Budget budget : settings.budgets()) {
            if (!budget.appliesTo(tenant) || !budget.counts(tier)) {
                continue;
            }
            try {
                store.add(
                        key(budget, tenant, now),
                        Usage.ofRequest(tokens, usd),
                        Duration.between(now, expiry(budget, now)));
            } catch (BudgetStoreUnavailableException e) {
                LOG.warn("Budget {} for tenant {}: usage not recorded: {}", budget.name(), tenant, e.getMessage());
                events.accept(new BudgetEvent(
                        requestId,
                        now,
                        budget.name(),
                        tenant,
                        BudgetEvent.Kind.RECORD_FAILED,
                        e.getMessage() + "; this request's usage is not counted"));
            }
        }
    }

    /** The current usage of a budget for a tenant (for tests and status pages). */
    public Usage usage(String tenant, Budget budget) {
        return store.get(key(budget, tenant, clock.instant()));
    }

    public BudgetSettings settings() {
        return settings;
    }

    /** The counter key of a budget, tenant and period. */
    String key(Budget budget, String tenant, Instant now) {
        ZonedDateTime at = now.atZone(settings.zone());
        String period = budget.period() == Budget.Period.DAY
                ? at.toLocalDate().toString()
                : String.format(Locale.ROOT, "%04d-%02d", at.getYear(), at.getMonthValue());
        return settings.keyPrefix() + ":budget:" + budget.name() + ":"
                + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + ":" + period;
    }

    /** The end of the period plus a day, so a counter outlives its period only briefly. */
    private Instant expiry(Budget budget, Instant now) {
        ZoneId zone = settings.zone();
        LocalDate day = now.atZone(zone).toLocalDate();
        LocalDate end = budget.period() == Budget.Period.DAY
                ? day.plusDays(1)
                : day.withDayOfMonth(1).plusMonths(1);
        return end.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static String over(Budget budget, Usage usage) {
        if (budget.maxRequests().isPresent()
                && usage.requests() >= budget.maxRequests().getAsLong()) {
            return usage.requests() + " requests >= max-requests "
                    + budget.maxRequests().getAsLong();
        }
        if (budget.maxTokens().isPresent()
                && usage.tokens() >= budget.maxTokens().getAsLong()) {
            return usage.tokens() + " tokens >= max-tokens "
                    + budget.maxTokens().getAsLong();
        }
        if (budget.maxCost().isPresent()
                && usage.microUsd() >= Math.round(budget.maxCost().getAsDouble() * 1_000_000.0)) {
            return String.format(
                    Locale.ROOT,
                    "$%.2f >= max-cost $%.2f",
                    usage.usd(),
                    budget.maxCost().getAsDouble());
        }
        return "";
    }
}
