package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A per-tenant budget: how many requests, tokens or US dollars each tenant may use per day or month on
 * the counted tiers, and what happens once one limit is reached.
 *
 * <pre>{@code
 * Budget cap = Budget.builder("remote-spend").period(Budget.Period.DAY).maxCost(50.0)
 *         .tiers(Set.of("remote")).whenExceeded(new Action.KeepLocal(Optional.empty())).build();
 * }</pre>
 *
 * <ul>
 *   <li>{@code tenants}: the tenants it applies to; empty means every tenant (each with its own
 *       counters). Requests without a tenant count as tenant {@value #ANONYMOUS}.
 *   <li>{@code tiers}: the tiers whose usage counts; empty means every tier. The budget is only checked
 *       when the chosen action may use a counted tier.
 *   <li>limits: at least one of {@code maxRequests}, {@code maxTokens} (≥ 1) and {@code maxCost} (US
 *       dollars, &gt; 0).
 *   <li>{@code whenExceeded}: {@code keep-local}, {@code refuse} or {@code route}; default keep-local.
 *       It replaces a rule's {@code route}, {@code local-first} or {@code redact-then-remote}, never a
 *       {@code keep-local} or {@code refuse}.
 *   <li>{@code failClosed}: when the budget store is unreachable, treat the budget as exceeded (true,
 *       the default) or as not exceeded (false).
 * </ul>
 */
public record Budget(
        String name,
        Set<String> tenants,
        Period period,
        OptionalLong maxRequests,
        OptionalLong maxTokens,
        OptionalDouble maxCost,
        Set<String> tiers,
        Action whenExceeded,
        boolean failClosed) {

    /** The tenant of requests that name none. */
    public static final String ANONYMOUS = "anonymous";

    public Budget {
        requireNonNull(name, "name");
        tenants = Set.copyOf(tenants);
        requireNonNull(period, "period");
        requireNonNull(maxRequests, "maxRequests");
        requireNonNull(maxTokens, "maxTokens");
        requireNonNull(maxCost, "maxCost");
        tiers = Set.copyOf(tiers);
        requireNonNull(whenExceeded, "whenExceeded");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether this budget counts for {@code tenant}. */
    public boolean appliesTo(String tenant) {
        return tenants.isEmpty() || tenants.contains(tenant);
    }

    /** Whether usage on {@code tier} counts against this budget. */
    public boolean counts(String tier) {
        return tiers.isEmpty() || tiers.contains(tier);
    }

    /** The period a budget's counters cover; they reset at its start, in the budgets' zone. */
    public enum Period {
        DAY,
        MONTH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Builds a {@link Budget}; {@link #build()} checks that at least one limit is set. */
    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

        private final String name;
        private Set<String> tenants = Set.of();
        private Period period = Period.DAY;
        private OptionalLong maxRequests = OptionalLong.empty();
        private OptionalLong maxTokens = OptionalLong.empty();
        private OptionalDouble maxCost = OptionalDouble.empty();
        private Set<String> tiers = Set.of();
        private Action whenExceeded = new Action.KeepLocal(java.util.Optional.empty());
        private boolean failClosed = true;

        private Builder(String name) {
            requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("budget name '" + name + "' must match [a-z][a-z0-9-]*");
            }
            this.name = name;
        }

        public Builder tenants(Set<String> tenants) {
            this.tenants = Set.copyOf(tenants);
            return this;
        }

        public Builder period(Period period) {
            this.period = requireNonNull(period, "period");
            return this;
        }

        public Builder maxRequests(long requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("max-requests must be at least 1, was " + requests);
            }
            this.maxRequests = OptionalLong.of(requests);
            return this;
        }

        public Builder maxTokens(long tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("max-tokens must be at least 1, was " + tokens);
            }
            this.maxTokens = OptionalLong.of(tokens);
            return this;
        }

        /** US dollars per period, more than 0. */
        public Builder maxCost(double usd) {
            if (!(usd > 0.0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("max-cost must be more than 0 US dollars, was " + usd);
            }
            this.maxCost = OptionalDouble.of(usd);
            return this;
        }

        public Builder tiers(Set<String> tiers) {
            this.tiers = Set.copyOf(tiers);
            return this;
        }

        public Builder whenExceeded(Action action) {
            requireNonNull(action, "action");
            if (!(action instanceof Action.KeepLocal
                    || action instanceof Action.Refuse
                    || action instanceof Action.Route
                    || action instanceof Action.RouteGroup)) {
                throw new IllegalArgumentException(
                        "when-exceeded must be keep-local, refuse or route, not " + action.key());
            }
            this.whenExceeded = action;
            return this;
        }

        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        public Budget build() {
            if (maxRequests.isEmpty() && maxTokens.isEmpty() && maxCost.isEmpty()) {
                throw new IllegalArgumentException(
                        "budget '" + name + "' sets no limit; give max-requests, max-tokens or max-cost");
            }
            return new Budget(name, tenants, period, maxRequests, maxTokens, maxCost, tiers, whenExceeded, failClosed);
        }
    }
}
