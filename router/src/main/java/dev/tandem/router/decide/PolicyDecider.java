package dev.tandem.router.decide;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.PrivacyAssessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Escalation;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.core.event.BudgetEvent;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.exception.UnmetNeedsException;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.TierHealth;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.RequestNeeds;
import dev.tandem.core.tier.Tier;
import dev.tandem.core.tier.TierFeature;
import dev.tandem.policy.Action;
import dev.tandem.policy.Budget;
import dev.tandem.policy.BudgetSettings;
import dev.tandem.policy.Clause;
import dev.tandem.policy.Condition;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Rule;
import dev.tandem.policy.TierSpec;
import dev.tandem.policy.budget.BudgetLedger;
import dev.tandem.policy.budget.BudgetStore;
import dev.tandem.policy.budget.BudgetStores;
import dev.tandem.policy.budget.InMemoryBudgetStore;
import dev.tandem.policy.budget.RedisBudgetStore;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Stage 2: applies a {@link Policy} to an {@link Assessment} and the caller's metadata. The first rule
 * whose condition holds picks the action (the policy's default when none does). Then:
 *
 * <ul>
 *   <li>a {@code refuse} action throws {@link RequestRefusedException}; no tier is called;
 *   <li>the tenant's budgets that count a tier the action may use are checked; the first one used up
 *       (or unreachable and fail-closed) replaces the action with its {@code when-exceeded} action;
 *   <li>the action is bound to the configured tiers: a declared tier with no configured tier is dropped
 *       and the decision says so (offline mode), a tier whose context window cannot hold the prompt and
 *       the answer is dropped, and when a remote tier remains every entity found is planned for
 *       redaction before it leaves.
 * </ul>
 *
 * <p>The policy is read through a {@link Supplier} once per request, so a policy swapped in by a {@code
 * PolicyWatcher} applies from the next request on, never half-way through one.
 *
 * <pre>{@code
 * PolicyDecider decider = PolicyDecider.builder(watcher::current).tiers(tiers).clock(clock).build();
 * Decision decision = decider.decide(request, assessment);
 * Explanation why = decider.explain(request, assessment);   // every rule, step by step
 * }</pre>
 *
 * Deterministic: the same policy, assessment, caller metadata, time, tier health and budget usage
 * always give the same decision. Thread-safe.
 */
public final class PolicyDecider {

    private static final Consumer<BudgetEvent> IGNORE = event -> {};

    private final Supplier<Policy> policy;
    private final Map<String, Tier> tiers;
    private final boolean assumeDeclaredTiers;
    private final TierHealth health;
    private final Clock clock;
    private final @Nullable BudgetStore budgetStore;
    private final Consumer<BudgetEvent> budgetEvents;
    private final Map<EntityType, RedactionMethod> redactionOverrides;
    private final Map<String, BudgetStore> openedStores = new ConcurrentHashMap<>();

    /**
     * A decider for a fixed policy, with every tier healthy, the system clock and in-memory budgets.
     *
     * @param tiers the configured tiers by name; every local tier the policy declares must be among them
     */
    public PolicyDecider(Policy policy, Map<String, Tier> tiers) {
        this(builder(policy).tiers(tiers));
    }

    private PolicyDecider(Builder builder) {
        this.policy = builder.policy;
        this.tiers = Map.copyOf(builder.tiers);
        this.assumeDeclaredTiers = builder.assumeDeclaredTiers;
        this.health = builder.health;
        this.clock = builder.clock;
        this.budgetStore = builder.budgetStore;
        this.budgetEvents = builder.budgetEvents;
        this.redactionOverrides = Map.copyOf(builder.redactionOverrides);
    }

    public static Builder builder(Policy policy) {
        requireNonNull(policy, "policy");
        return new Builder(() -> policy);
    }

    /** A decider that reads the policy from {@code source} for every request (hot reload). */
    public static Builder builder(Supplier<Policy> source) {
        return new Builder(requireNonNull(source, "source"));
    }

    /** Decides for an assessment with no caller metadata. */
    public Decision decide(Assessment assessment) {
        return decide("-", CallerMetadata.none(), assessment, Set.of());
    }

    /** Whether {@code condition} (a rule's {@code when}, or another section's) holds for this request now. */
    public boolean holds(Condition condition, TandemRequest request, Assessment assessment) {
        Context context = new Context(
                policy.get(), assessment, request.caller(), clock.instant(), RequestNeeds.of(request.chatRequest()));
        for (Clause clause : condition.clauses()) {
            if (!holds(clause, context)) {
                return false;
            }
        }
        return true;
    }

    /** Decides for a request; throws {@link RequestRefusedException} when a rule or budget refuses it. */
    public Decision decide(TandemRequest request, Assessment assessment) {
        return decide(request.id(), request.caller(), assessment, RequestNeeds.of(request.chatRequest()));
    }

    private Decision decide(String requestId, CallerMetadata caller, Assessment assessment, Set<TierFeature> needs) {
        Policy current = policy.get();
        Context context = new Context(current, assessment, caller, clock.instant(), needs);
        List<Reason> reasons = new ArrayList<>(4);
        Rule matched = null;
        for (Rule rule : current.rules()) {
            if (holds(rule, context)) {
                matched = rule;
                break;
            }
        }
        Action action;
        String ruleName;
        if (matched != null) {
            reasons.add(new Reason(matched.name(), because(matched, context), scores(matched, context)));
            action = matched.action();
            ruleName = matched.name();
        } else {
            reasons.add(defaultReason(assessment));
            action = current.defaultAction();
            ruleName = "default";
        }
        BudgetOverride override = checkBudgets(requestId, current, context, action, budgetEvents);
        if (override != null) {
            reasons.add(override.reason());
            action = override.action();
            ruleName = override.reason().rule();
        }
        if (action instanceof Action.Refuse refuse) {
            throw new RequestRefusedException(requestId, ruleName, refuse.message());
        }
        return bind(requestId, current, action, assessment, needs, reasons);
    }

    /**
     * Explains, step by step, how the policy decides this request: every rule with each clause's
     * result, the budgets checked, and the decision. Calls no tier, records no usage, emits no event.
     */
    public Explanation explain(TandemRequest request, Assessment assessment) {
        Policy current = policy.get();
        Set<TierFeature> needs = RequestNeeds.of(request.chatRequest());
        Context context = new Context(current, assessment, request.caller(), clock.instant(), needs);
        List<Explanation.RuleTrace> traces = new ArrayList<>();
        Rule matched = null;
        for (int i = 0; i < current.rules().size(); i++) {
            Rule rule = current.rules().get(i);
            if (matched != null) {
                traces.add(new Explanation.RuleTrace(
                        i, rule.name(), Explanation.RuleStatus.NOT_EVALUATED, List.of(), describe(rule.action())));
                continue;
            }
            List<Explanation.ClauseTrace> clauses = new ArrayList<>();
            boolean all = true;
            for (Clause clause : rule.condition().clauses()) {
                boolean held = holds(clause, context);
                all &= held;
                clauses.add(new Explanation.ClauseTrace(clause.key(), held, detail(clause, context)));
            }
            if (all) {
                matched = rule;
            }
            traces.add(new Explanation.RuleTrace(
                    i,
                    rule.name(),
                    all ? Explanation.RuleStatus.MATCHED : Explanation.RuleStatus.NOT_MATCHED,
                    clauses,
                    describe(rule.action())));
        }
        List<Reason> reasons = new ArrayList<>();
        Action action;
        String ruleName;
        if (matched != null) {
            reasons.add(new Reason(matched.name(), because(matched, context), scores(matched, context)));
            action = matched.action();
            ruleName = matched.name();
        } else {
            reasons.add(defaultReason(assessment));
            action = current.defaultAction();
            ruleName = "default";
        }
        String decidedBy = ruleName;
        List<String> budgets = new ArrayList<>();
        BudgetOverride override = checkBudgets(request.id(), current, context, action, IGNORE);
        if (override != null) {
            budgets.add(override.reason().describe() + " -> " + describe(override.action()));
            reasons.add(override.reason());
            action = override.action();
        } else if (!current.budgets().isEmpty()) {
            budgets.add("no budget of tenant " + tenantOf(request.caller()) + " is used up");
        }
        if (action instanceof Action.Refuse refuse) {
            return new Explanation(
                    current.name(),
                    traces,
                    decidedBy,
                    budgets,
                    Optional.empty(),
                    Optional.of(refuse.message()),
                    Optional.empty());
        }
        try {
            Decision decision = bind(request.id(), current, action, assessment, needs, reasons);
            return new Explanation(
                    current.name(),
                    traces,
                    decidedBy,
                    budgets,
                    Optional.of(decision),
                    Optional.empty(),
                    Optional.empty());
        } catch (InvalidRequestException e) {
            return new Explanation(
                    current.name(),
                    traces,
                    decidedBy,
                    budgets,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(e.getMessage()));
        }
    }

    /**
     * Records an answered request against the tenant's budgets: one request, its tokens (as the tier
     * reported them, else as estimated) and its cost at the answering tier's prices.
     */
    public void record(TandemRequest request, Assessment assessment, Outcome outcome) {
        Policy current = policy.get();
        if (current.budgets().isEmpty()) {
            return;
        }
        long input = outcome.tokens().input() > 0
                ? outcome.tokens().input()
                : assessment.tokens().promptTokens();
        long output = outcome.tokens().output() > 0
                ? outcome.tokens().output()
                : assessment.tokens().expectedOutputTokens();
        TierSpec spec = current.tierSpecs().get(outcome.tier());
        double usd = spec == null ? 0.0 : spec.cost(input, output);
        ledger(current)
                .record(request.id(), tenantOf(request.caller()), outcome.tier(), input + output, usd, budgetEvents);
    }

    /** The policy in force now. */
    public Policy policy() {
        return policy.get();
    }

    // ---- evaluation

    /** What a rule is evaluated against; derived values are computed once, on first use. */
    private static final class Context {
        final Policy policy;
        final Assessment assessment;
        final CallerMetadata caller;
        final Instant now;
        final Set<TierFeature> needs;
        private @Nullable Set<EntityType> found;
        private @Nullable ZoneId zone;
        private @Nullable ZonedDateTime local;

        Context(Policy policy, Assessment assessment, CallerMetadata caller, Instant now, Set<TierFeature> needs) {
            this.needs = needs;
            this.policy = policy;
            this.assessment = assessment;
            this.caller = caller;
            this.now = now;
        }

        Set<EntityType> found() {
            if (found == null) {
                found = assessment.privacy().types();
            }
            return found;
        }

        ZonedDateTime at(ZoneId zoneId) {
            if (local == null || !zoneId.equals(zone)) {
                zone = zoneId;
                local = now.atZone(zoneId);
            }
            return local;
        }
    }

    private boolean holds(Rule rule, Context context) {
        for (Clause clause : rule.condition().clauses()) {
            if (!holds(clause, context)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(Clause clause, Context c) {
        Assessment a = c.assessment;
        return switch (clause) {
            case Clause.SensitivityAtLeast s -> a.privacy().sensitivity().isAtLeast(s.level());
            case Clause.EntityTypes e -> {
                if (a.privacy().findings().isEmpty()) {
                    yield false;
                }
                for (EntityType type : e.types()) {
                    if (c.found().contains(type)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Clause.DifficultyAtLeast d -> d.holds(a.difficulty());
            case Clause.DifficultyBelow d -> d.holds(a.difficulty());
            case Clause.PromptTokensOver p -> a.tokens().promptTokens() > p.tokens();
            case Clause.ExceedsContextOf x -> a.tokens().total() > contextWindow(c.policy, x.tier());
            case Clause.Script s -> s.scripts().contains(a.language().script());
            case Clause.Tenant t ->
                c.caller.tenant().isPresent()
                        && t.tenants().contains(c.caller.tenant().get());
            case Clause.TenantMatches t ->
                c.caller.tenant().isPresent() && t.matches(c.caller.tenant().get());
            case Clause.TagsAny t -> {
                for (String tag : t.tags()) {
                    if (c.caller.tags().contains(tag)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Clause.TagsAll t -> c.caller.tags().containsAll(t.tags());
            case Clause.Needs n -> n.features().stream().anyMatch(c.needs::contains);
            case Clause.Header h -> {
                String value = c.caller.headers().get(h.name());
                yield value != null && h.matches(value);
            }
            case Clause.EstimatedCostOver e -> estimatedCost(c, e.tier()) > e.usd();
            case Clause.TierUnhealthy t -> !health.isHealthy(t.tier());
            case Clause.TierHealthy t -> health.isHealthy(t.tier());
            case Clause.TimeOfDay t -> inWindow(t, c.at(t.zone()));
            case Clause.Task t ->
                a.difficulty()
                        .topTask()
                        .filter(top -> t.types().contains(top.type()) && top.probability() >= t.minConfidence())
                        .isPresent();
            case Clause.Language l ->
                a.language()
                        .detected()
                        .filter(d -> l.languages().contains(d.isoCode()) && d.confidence() >= l.minConfidence())
                        .isPresent();
        };
    }

    private static boolean inWindow(Clause.TimeOfDay window, ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        DayOfWeek day = at.getDayOfWeek();
        if (window.from().isBefore(window.to())) {
            return !time.isBefore(window.from())
                    && time.isBefore(window.to())
                    && window.days().contains(day);
        }
        // The window wraps past midnight: it belongs to the day on which it started.
        return (!time.isBefore(window.from()) && window.days().contains(day))
                || (time.isBefore(window.to()) && window.days().contains(day.minus(1)));
    }

    private static double estimatedCost(Context c, String tier) {
        TierSpec spec = c.policy.tierSpecs().get(tier);
        return spec == null
                ? 0.0
                : spec.cost(
                        c.assessment.tokens().promptTokens(),
                        c.assessment.tokens().expectedOutputTokens());
    }

    private int contextWindow(Policy current, String tier) {
        Tier configured = tiers.get(tier);
        if (configured != null) {
            return configured.contextWindow();
        }
        TierSpec spec = current.tierSpecs().get(tier);
        return spec != null && spec.contextWindow().isPresent()
                ? spec.contextWindow().getAsInt()
                : Tier.DEFAULT_CONTEXT_WINDOW;
    }

    private String because(Rule rule, Context context) {
        if (rule.condition().isAlways()) {
            return "matches every request";
        }
        return rule.condition().clauses().stream()
                .map(clause -> detail(clause, context))
                .collect(Collectors.joining(" and "));
    }

    private static Map<String, Double> scores(Rule rule, Context c) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Clause clause : rule.condition().clauses()) {
            switch (clause) {
                case Clause.SensitivityAtLeast s ->
                    scores.put("sensitivity", (double)
                            c.assessment.privacy().sensitivity().ordinal());
                case Clause.DifficultyAtLeast d ->
                    scores.put("difficulty", c.assessment.difficulty().score());
                case Clause.DifficultyBelow d ->
                    scores.put("difficulty", c.assessment.difficulty().score());
                case Clause.PromptTokensOver p ->
                    scores.put("prompt_tokens", (double) c.assessment.tokens().promptTokens());
                case Clause.ExceedsContextOf x ->
                    scores.put("tokens", (double) c.assessment.tokens().total());
                case Clause.EstimatedCostOver e -> scores.put("estimated_cost_usd", estimatedCost(c, e.tier()));
                case Clause.Task t ->
                    c.assessment
                            .difficulty()
                            .topTask()
                            .ifPresent(top -> scores.put("task_probability", top.probability()));
                case Clause.Language l ->
                    c.assessment
                            .language()
                            .detected()
                            .ifPresent(d -> scores.put("language_confidence", d.confidence()));
                default -> {}
            }
        }
        return scores;
    }

    /** What a clause compared, for reasons and explanations; never request text or header values. */
    private String detail(Clause clause, Context c) {
        Assessment a = c.assessment;
        return switch (clause) {
            case Clause.SensitivityAtLeast s ->
                "sensitivity " + a.privacy().sensitivity().wireName()
                        + (holds(clause, c) ? " >= " : " < ") + s.level().wireName()
                        + describeCounts(a.privacy().countsByType());
            case Clause.EntityTypes e -> {
                List<String> hits = e.types().stream()
                        .filter(c.found()::contains)
                        .map(EntityType::name)
                        .toList();
                yield hits.isEmpty() ? "none of " + names(e.types()) + " found" : "found " + String.join(", ", hits);
            }
            case Clause.DifficultyAtLeast d ->
                String.format(
                        Locale.ROOT,
                        "difficulty %.2f %s %.2f%s",
                        a.difficulty().score(),
                        holds(clause, c) ? ">=" : "<",
                        d.thresholdFor(a.difficulty()),
                        d.name().map(n -> " (" + n + ")").orElse(""));
            case Clause.DifficultyBelow d ->
                String.format(
                        Locale.ROOT,
                        "difficulty %.2f %s %.2f%s",
                        a.difficulty().score(),
                        holds(clause, c) ? "<" : ">=",
                        d.thresholdFor(a.difficulty()),
                        d.name().map(n -> " (" + n + ")").orElse(""));
            case Clause.PromptTokensOver p ->
                "~" + a.tokens().promptTokens() + " prompt tokens " + (holds(clause, c) ? "> " : "<= ") + p.tokens();
            case Clause.ExceedsContextOf x ->
                "~" + a.tokens().total() + " tokens (prompt and answer) "
                        + (holds(clause, c) ? "do not fit " : "fit ") + x.tier() + "'s context window of "
                        + contextWindow(c.policy, x.tier());
            case Clause.Script s ->
                "script " + a.language().scriptName() + (holds(clause, c) ? " is" : " is not")
                        + " one of "
                        + s.scripts().stream()
                                .map(sc -> sc.name().toLowerCase(Locale.ROOT))
                                .sorted()
                                .collect(Collectors.joining(", "));
            case Clause.Tenant t ->
                "tenant " + tenantOf(c.caller) + (holds(clause, c) ? " is" : " is not") + " one of "
                        + t.tenants().stream().sorted().collect(Collectors.joining(", "));
            case Clause.TenantMatches t ->
                "tenant " + tenantOf(c.caller) + (holds(clause, c) ? " matches " : " does not match ")
                        + t.pattern().pattern();
            case Clause.TagsAny t ->
                "tags " + sorted(c.caller.tags()) + (holds(clause, c) ? " include" : " include none of") + " "
                        + sorted(t.tags());
            case Clause.TagsAll t ->
                "tags " + sorted(c.caller.tags()) + (holds(clause, c) ? " include all of " : " lack some of ")
                        + sorted(t.tags());
            case Clause.Needs n ->
                "the request needs " + (c.needs.isEmpty() ? "nothing beyond text" : features(c.needs))
                        + (holds(clause, c) ? ", which includes one of " : ", none of ") + features(n.features());
            case Clause.Header h ->
                "header " + h.name()
                        + (c.caller.headers().containsKey(h.name())
                                ? (holds(clause, c) ? " matches " : " does not match ")
                                        + h.pattern().pattern()
                                : " is absent");
            case Clause.EstimatedCostOver e ->
                String.format(
                        Locale.ROOT,
                        "estimated cost on %s $%.6f %s $%.6f",
                        e.tier(),
                        estimatedCost(c, e.tier()),
                        holds(clause, c) ? ">" : "<=",
                        e.usd());
            case Clause.TierUnhealthy t -> "tier " + t.tier() + (holds(clause, c) ? " is unhealthy" : " is healthy");
            case Clause.TierHealthy t -> "tier " + t.tier() + (holds(clause, c) ? " is healthy" : " is unhealthy");
            case Clause.TimeOfDay t -> {
                ZonedDateTime at = c.at(t.zone());
                yield String.format(
                        Locale.ROOT,
                        "%s %s %s %s window %s-%s",
                        at.getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT),
                        at.toLocalTime().withNano(0),
                        t.zone(),
                        holds(clause, c) ? "is in the" : "is outside the",
                        t.from(),
                        t.to());
            }
            case Clause.Task t -> {
                List<dev.tandem.core.assessment.TaskScore> top =
                        a.difficulty().tasks().stream().limit(3).toList();
                if (top.isEmpty()) {
                    yield "no task type (the difficulty estimator classifies no task)";
                }
                String scores = top.stream()
                        .map(task -> String.format(Locale.ROOT, "%s %.2f", task.type(), task.probability()))
                        .collect(Collectors.joining(", "));
                yield "task " + top.get(0).type() + (holds(clause, c) ? " is" : " is not") + " one of "
                        + sorted(t.types())
                        + (t.minConfidence() > 0
                                ? String.format(Locale.ROOT, " with probability >= %.2f", t.minConfidence())
                                : "")
                        + " (top types: " + scores + ")";
            }
            case Clause.Language l ->
                a.language()
                        .detected()
                        .map(d -> String.format(
                                Locale.ROOT,
                                "language %s (confidence %.2f)%s one of %s%s",
                                d.isoCode(),
                                d.confidence(),
                                holds(clause, c) ? " is" : " is not",
                                sorted(l.languages()),
                                l.minConfidence() > 0
                                        ? String.format(Locale.ROOT, " with confidence >= %.2f", l.minConfidence())
                                        : ""))
                        .orElse("no language of " + sorted(l.languages()) + " or English detected");
        };
    }

    private static Reason defaultReason(Assessment assessment) {
        return new Reason(
                "default",
                String.format(
                        Locale.ROOT,
                        "no rule matched (difficulty %.2f, sensitivity %s, ~%d prompt tokens)",
                        assessment.difficulty().score(),
                        assessment.privacy().sensitivity().wireName(),
                        assessment.tokens().promptTokens()),
                Map.of("difficulty", assessment.difficulty().score()));
    }

    // ---- budgets

    private record BudgetOverride(Action action, Reason reason) {}

    private @Nullable BudgetOverride checkBudgets(
            String requestId, Policy current, Context context, Action action, Consumer<BudgetEvent> events) {
        BudgetSettings settings = current.budgets();
        if (settings.isEmpty() || action instanceof Action.KeepLocal || action instanceof Action.Refuse) {
            return null;
        }
        String tenant = tenantOf(context.caller);
        List<String> mayUse = tiersOf(current, action);
        BudgetLedger ledger = null;
        for (Budget budget : settings.budgets()) {
            if (!budget.appliesTo(tenant) || mayUse.stream().noneMatch(budget::counts)) {
                continue;
            }
            if (ledger == null) {
                ledger = ledger(current);
            }
            BudgetLedger.Check check = ledger.check(requestId, tenant, budget, events);
            if (check.status().exhausted()) {
                return new BudgetOverride(budget.whenExceeded(), new Reason("budget:" + budget.name(), check.detail()));
            }
        }
        return null;
    }

    private BudgetLedger ledger(Policy current) {
        BudgetSettings settings = current.budgets();
        return new BudgetLedger(settings, storeFor(settings), clock);
    }

    private BudgetStore storeFor(BudgetSettings settings) {
        if (budgetStore != null) {
            return budgetStore;
        }
        if (settings.store() == BudgetSettings.StoreType.REDIS) {
            String url = settings.redisUrl().orElseThrow().reveal();
            return openedStores.computeIfAbsent(
                    "redis:" + url, key -> RedisBudgetStore.connect(url, BudgetStores.REDIS_TIMEOUT));
        }
        return openedStores.computeIfAbsent("memory", key -> new InMemoryBudgetStore(clock));
    }

    /** Closes the budget stores this decider opened for the policies it saw (not one passed to its builder). */
    public void close() {
        for (BudgetStore store : openedStores.values()) {
            store.close();
        }
        openedStores.clear();
    }

    private static List<String> tiersOf(Policy current, Action action) {
        List<String> tiers = new ArrayList<>();
        switch (action) {
            case Action.Route r -> {
                tiers.add(r.tier());
                tiers.addAll(r.fallback().isEmpty() ? current.fallbackChain(r.tier()) : r.fallback());
            }
            case Action.RedactThenRemote r -> {
                tiers.add(r.tier());
                tiers.addAll(r.fallback().isEmpty() ? current.fallbackChain(r.tier()) : r.fallback());
            }
            case Action.LocalFirst l -> {
                l.tier().ifPresent(tiers::add);
                tiers.add(l.escalateTo());
                tiers.addAll(l.fallback());
                if (l.tier().isEmpty()) {
                    current.tiers().values().stream()
                            .filter(t -> t.locality() == Locality.LOCAL)
                            .findFirst()
                            .ifPresent(t -> tiers.add(t.name()));
                }
            }
            case Action.RouteGroup g -> {
                tiers.addAll(current.groups().getOrDefault(g.group(), List.of()));
                tiers.addAll(g.fallback());
            }
            case Action.KeepLocal k -> {}
            case Action.Refuse r -> {}
        }
        return tiers;
    }

    // ---- binding

    private Decision bind(
            String requestId,
            Policy current,
            Action action,
            Assessment assessment,
            Set<TierFeature> needs,
            List<Reason> reasons) {
        List<String> candidates = new ArrayList<>();
        boolean remoteAllowed;
        Optional<Escalation> escalation = Optional.empty();
        switch (action) {
            case Action.Route route -> {
                candidates.add(route.tier());
                addAll(candidates, route.fallback().isEmpty() ? current.fallbackChain(route.tier()) : route.fallback());
                remoteAllowed = true;
            }
            case Action.RouteGroup group -> {
                GroupChoice.Ordered ordered =
                        GroupChoice.order(current, group, assessment, name -> contextWindow(current, name));
                candidates.addAll(ordered.tiers());
                reasons.addAll(ordered.reasons());
                addAll(candidates, group.fallback());
                remoteAllowed = true;
                if (candidates.isEmpty()) {
                    throw new InvalidRequestException("no tier of group " + group.group()
                            + " takes this request and the route names no fallback; add one, such as a remote tier");
                }
            }
            case Action.RedactThenRemote redact -> {
                candidates.add(redact.tier());
                addAll(
                        candidates,
                        redact.fallback().isEmpty() ? current.fallbackChain(redact.tier()) : redact.fallback());
                remoteAllowed = true;
                reasons.add(
                        new Reason("redact-then-remote", "every entity found is replaced before the request leaves"));
            }
            case Action.KeepLocal keepLocal -> {
                keepLocal.tier().ifPresent(candidates::add);
                if (keepLocal.fallback().isEmpty()) {
                    localTiers(current).stream()
                            .filter(name -> !candidates.contains(name))
                            .forEach(candidates::add);
                } else {
                    if (candidates.isEmpty()) {
                        localTiers(current).stream().findFirst().ifPresent(candidates::add);
                    }
                    addAll(candidates, keepLocal.fallback());
                }
                remoteAllowed = false;
                reasons.add(new Reason("keep-local", "remote tiers may not see this request, not even as a fallback"));
            }
            case Action.LocalFirst localFirst -> {
                String first = localFirst
                        .tier()
                        .orElseGet(
                                () -> localTiers(current).stream().findFirst().orElseThrow());
                candidates.add(first);
                addAll(
                        candidates,
                        localFirst.fallback().isEmpty() ? List.of(localFirst.escalateTo()) : localFirst.fallback());
                remoteAllowed = true;
                if (isConfigured(localFirst.escalateTo())) {
                    escalation = Optional.of(new Escalation(localFirst.escalateTo(), localFirst.minConfidence()));
                    reasons.add(new Reason(
                            "local-first",
                            String.format(
                                    Locale.ROOT,
                                    "%s answers first; below confidence %.2f the request escalates to %s",
                                    first,
                                    localFirst.minConfidence(),
                                    localFirst.escalateTo())));
                }
            }
            case Action.Refuse refuse -> throw new IllegalStateException("a refusal is never bound to a tier");
        }
        dropUnconfigured(candidates, reasons);
        Map<EntityType, RedactionMethod> methods = redactionMethods(current);
        SortedSet<EntityType> blocked = new TreeSet<>();
        for (EntityType type : assessment.privacy().types()) {
            if (methods.getOrDefault(type, RedactionMethod.PLACEHOLDER) == RedactionMethod.BLOCK) {
                blocked.add(type);
            }
        }
        if (!blocked.isEmpty()) {
            escalation = blockRemote(current, candidates, escalation, blocked, reasons);
            remoteAllowed = false;
        }
        PrivacyAssessment privacy = assessment.privacy();
        if (privacy.scannerFailure().isPresent()) {
            String cause =
                    "the privacy scanner failed (" + privacy.scannerFailure().get() + ")";
            if (current.assessment().failClosed()) {
                escalation = keepLocalBecause(
                        current,
                        candidates,
                        escalation,
                        "privacy-scan-failed",
                        cause + ", so nothing may leave the machine (assessment.privacy.fail-closed)",
                        "fix the scanner, configure a local tier, or set assessment.privacy.fail-closed: false",
                        reasons);
                remoteAllowed = false;
            } else {
                reasons.add(new Reason(
                        "privacy-scan-failed",
                        cause + "; routed as if nothing was found, as assessment.privacy.fail-closed: false allows"));
            }
        }
        if (!privacy.unscannable().isEmpty()) {
            String cause = "the request holds content the privacy scanner cannot read ("
                    + String.join(", ", privacy.unscannable()) + ")";
            if (!current.assessment().sendUnscannableContent()) {
                escalation = keepLocalBecause(
                        current,
                        candidates,
                        escalation,
                        "unscannable-content",
                        cause + ", kept local (assessment.privacy.send-unscannable-content: false)",
                        "configure a local tier or set assessment.privacy.send-unscannable-content: true",
                        reasons);
                remoteAllowed = false;
            } else {
                reasons.add(new Reason(
                        "unscannable-content",
                        cause + "; it may go to remote tiers unscanned, as"
                                + " assessment.privacy.send-unscannable-content: true allows"));
            }
        }
        dropTooSmall(candidates, assessment, reasons);
        Map<String, Set<TierFeature>> lacking = dropLacking(candidates, needs, reasons);
        if (escalation.isPresent() && !lackingOf(escalation.get().tier(), needs).isEmpty()) {
            lacking.put(escalation.get().tier(), lackingOf(escalation.get().tier(), needs));
            escalation = Optional.empty();
        }
        if (candidates.isEmpty() && !lacking.isEmpty() && escalation.isPresent()) {
            // A local-first answer cannot come from a tier that lacks what the request needs: the tier it
            // would escalate to serves the request from the start.
            String escalateTo = escalation.get().tier();
            candidates.add(escalateTo);
            escalation = Optional.empty();
            reasons.add(new Reason(
                    "needs",
                    "no tier to try first serves " + features(needs) + ", so " + escalateTo
                            + ", the escalation tier, serves the request directly"));
        }
        if (candidates.isEmpty() && !lacking.isEmpty()) {
            throw new UnmetNeedsException(requestId, needs, lacking);
        }
        if (candidates.isEmpty()) {
            throw new InvalidRequestException(String.format(
                    Locale.ROOT,
                    "the request needs ~%d tokens (prompt and answer), more than any allowed tier's context window (%s);"
                            + " shorten it or lower the maximum output tokens",
                    assessment.tokens().total(),
                    current.tiers().keySet().stream()
                            .filter(this::isConfigured)
                            .map(name -> name + " " + contextWindow(current, name))
                            .sorted()
                            .collect(Collectors.joining(", "))));
        }
        String target = candidates.get(0);
        boolean anyRemote = candidates.stream().anyMatch(name -> localityOf(current, name) == Locality.REMOTE)
                || escalation
                        .filter(e -> localityOf(current, e.tier()) == Locality.REMOTE)
                        .isPresent();
        RedactionPlan redaction = RedactionPlan.none();
        if (remoteAllowed && anyRemote && !assessment.privacy().findings().isEmpty()) {
            Map<EntityType, RedactionMethod> planned = new TreeMap<>();
            for (EntityType type : assessment.privacy().types()) {
                planned.put(type, methods.getOrDefault(type, RedactionMethod.PLACEHOLDER));
            }
            redaction = RedactionPlan.of(planned);
            boolean placeholdersOnly = planned.values().stream().allMatch(m -> m == RedactionMethod.PLACEHOLDER);
            reasons.add(new Reason(
                    "redact-before-remote",
                    "replace "
                            + describeCounts(assessment.privacy().countsByType())
                                    .trim()
                            + (placeholdersOnly
                                    ? " with placeholders"
                                    : " ("
                                            + planned.entrySet().stream()
                                                    .map(e -> e.getKey() + ": "
                                                            + e.getValue().wireName())
                                                    .collect(Collectors.joining(", "))
                                            + ")")
                            + " before any remote tier sees the request"));
        }
        return new Decision(
                target,
                localityOf(current, target),
                candidates.subList(1, candidates.size()),
                remoteAllowed && anyRemote,
                reasons,
                redaction,
                escalation);
    }

    /** The policy's redaction method per type, overridden by the ones set on the builder. */
    private Map<EntityType, RedactionMethod> redactionMethods(Policy current) {
        if (redactionOverrides.isEmpty()) {
            return current.assessment().redaction();
        }
        Map<EntityType, RedactionMethod> methods =
                new HashMap<>(current.assessment().redaction());
        methods.putAll(redactionOverrides);
        return methods;
    }

    /**
     * A blocked type may not leave the machine in any form: remote candidates (and a remote
     * escalation) are dropped, and the request is served locally.
     */
    private Optional<Escalation> blockRemote(
            Policy current,
            List<String> candidates,
            Optional<Escalation> escalation,
            SortedSet<EntityType> blocked,
            List<Reason> reasons) {
        List<String> remote = candidates.stream()
                .filter(name -> localityOf(current, name) == Locality.REMOTE)
                .toList();
        Optional<Escalation> localEscalation = escalation.filter(e -> localityOf(current, e.tier()) != Locality.REMOTE);
        if (remote.isEmpty() && localEscalation.equals(escalation)) {
            return escalation;
        }
        candidates.removeAll(remote);
        if (candidates.isEmpty()) {
            localTiers(current).stream().filter(this::isConfigured).findFirst().ifPresent(candidates::add);
        }
        String types = blocked.stream().map(EntityType::name).collect(Collectors.joining(", "));
        if (candidates.isEmpty()) {
            throw new InvalidRequestException("the request contains " + types
                    + ", which assessment.privacy.redaction blocks from remote tiers, and no local tier is configured;"
                    + " configure a local tier or choose another redaction method for " + types);
        }
        List<String> skipped = new ArrayList<>(remote);
        escalation.filter(e -> localEscalation.isEmpty()).ifPresent(e -> skipped.add(e.tier()));
        reasons.add(new Reason(
                "redaction-block",
                types + " is blocked from remote tiers (assessment.privacy.redaction); skipped "
                        + String.join(", ", skipped) + "; served by " + candidates.get(0)));
        return localEscalation;
    }

    /**
     * Keeps the request local for a reason other than an entity type: remote candidates (and a remote
     * escalation) are dropped and the decision says why, even when no remote tier was among them.
     */
    private Optional<Escalation> keepLocalBecause(
            Policy current,
            List<String> candidates,
            Optional<Escalation> escalation,
            String rule,
            String cause,
            String remedy,
            List<Reason> reasons) {
        List<String> skipped = new ArrayList<>(candidates.stream()
                .filter(name -> localityOf(current, name) == Locality.REMOTE)
                .toList());
        Optional<Escalation> localEscalation = escalation.filter(e -> localityOf(current, e.tier()) != Locality.REMOTE);
        escalation.filter(e -> localEscalation.isEmpty()).ifPresent(e -> skipped.add(e.tier()));
        candidates.removeIf(name -> localityOf(current, name) == Locality.REMOTE);
        if (candidates.isEmpty()) {
            localTiers(current).stream().filter(this::isConfigured).findFirst().ifPresent(candidates::add);
        }
        if (candidates.isEmpty()) {
            throw new InvalidRequestException(cause + ", and no local tier is configured; " + remedy);
        }
        reasons.add(new Reason(
                rule,
                cause + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped)) + "; served by "
                        + candidates.get(0)));
        return localEscalation;
    }

    private static void addAll(List<String> candidates, List<String> more) {
        for (String name : more) {
            if (!candidates.contains(name)) {
                candidates.add(name);
            }
        }
    }

    private static List<String> localTiers(Policy current) {
        return current.tiers().values().stream()
                .filter(tier -> tier.locality() == Locality.LOCAL)
                .map(tier -> tier.name())
                .toList();
    }

    private boolean isConfigured(String name) {
        return tiers.containsKey(name)
                || (assumeDeclaredTiers && policy.get().tiers().containsKey(name));
    }

    private Locality localityOf(Policy current, String name) {
        Tier configured = tiers.get(name);
        if (configured != null) {
            return configured.locality();
        }
        return current.tiers().get(name).locality();
    }

    /** Offline mode: a declared tier that is not configured cannot be tried. */
    private void dropUnconfigured(List<String> candidates, List<Reason> reasons) {
        List<String> missing =
                candidates.stream().filter(name -> !isConfigured(name)).toList();
        if (missing.isEmpty()) {
            return;
        }
        boolean targetMissing = missing.contains(candidates.get(0));
        candidates.removeAll(missing);
        if (candidates.isEmpty()) {
            tiers.values().stream()
                    .filter(tier -> !tier.isRemote())
                    .map(Tier::name)
                    .sorted()
                    .findFirst()
                    .ifPresent(candidates::add);
        }
        String served = candidates.isEmpty() ? "nothing" : candidates.get(0);
        reasons.add(new Reason(
                "offline",
                (targetMissing ? "would have gone to " : "would have fallen back to ")
                        + String.join(", ", missing)
                        + ", but no such tier is configured; served by " + served));
    }

    /** Drops the candidates that lack something the request needs; returns each with what it lacks. */
    private Map<String, Set<TierFeature>> dropLacking(
            List<String> candidates, Set<TierFeature> needs, List<Reason> reasons) {
        Map<String, Set<TierFeature>> lacking = new TreeMap<>();
        if (needs.isEmpty()) {
            return lacking;
        }
        for (String name : candidates) {
            Set<TierFeature> missing = lackingOf(name, needs);
            if (!missing.isEmpty()) {
                lacking.put(name, missing);
                reasons.add(new Reason(
                        "needs",
                        "the request needs " + features(needs) + "; " + name + " lacks " + features(missing)
                                + ", so it is skipped"));
            }
        }
        candidates.removeAll(lacking.keySet());
        return lacking;
    }

    /** What a tier lacks of {@code needs}; a declared tier that is not configured is assumed to serve all. */
    private Set<TierFeature> lackingOf(String name, Set<TierFeature> needs) {
        Tier configured = tiers.get(name);
        if (configured == null) {
            return Set.of();
        }
        EnumSet<TierFeature> missing = EnumSet.noneOf(TierFeature.class);
        needs.stream().filter(need -> !configured.features().contains(need)).forEach(missing::add);
        return missing;
    }

    private static String features(Set<TierFeature> features) {
        return features.stream().sorted().map(TierFeature::wireName).collect(Collectors.joining(", "));
    }

    private void dropTooSmall(List<String> candidates, Assessment assessment, List<Reason> reasons) {
        int needed = assessment.tokens().total();
        Policy current = policy.get();
        List<String> tooSmall = candidates.stream()
                .filter(name -> contextWindow(current, name) < needed)
                .toList();
        for (String name : tooSmall) {
            reasons.add(new Reason(
                    "context-window",
                    "~" + needed + " tokens do not fit " + name + "'s context window of "
                            + contextWindow(current, name),
                    Map.of("tokens", (double) needed)));
        }
        candidates.removeAll(tooSmall);
    }

    // ---- text

    private static String describe(Action action) {
        return switch (action) {
            case Action.Route r -> "route to " + r.tier() + fallbackText(r.fallback());
            case Action.RouteGroup g ->
                "route to group " + g.group() + " by " + g.choose().wireName() + fallbackText(g.fallback());
            case Action.KeepLocal k ->
                "keep local" + k.tier().map(t -> " on " + t).orElse("") + fallbackText(k.fallback());
            case Action.LocalFirst l ->
                String.format(
                                Locale.ROOT,
                                "local first%s, escalate to %s below confidence %.2f",
                                l.tier().map(t -> " on " + t).orElse(""),
                                l.escalateTo(),
                                l.minConfidence())
                        + fallbackText(l.fallback());
            case Action.RedactThenRemote r -> "redact, then route to " + r.tier() + fallbackText(r.fallback());
            case Action.Refuse r -> "refuse: " + r.message();
        };
    }

    private static String fallbackText(List<String> fallback) {
        return fallback.isEmpty() ? "" : " (fallback " + String.join(", ", fallback) + ")";
    }

    static String tenantOf(CallerMetadata caller) {
        return caller.tenant().orElse(Budget.ANONYMOUS);
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String names(Set<EntityType> types) {
        return types.stream().map(EntityType::name).collect(Collectors.joining(", "));
    }

    private static String describeCounts(Map<EntityType, Integer> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return " ("
                + counts.entrySet().stream()
                        .map(entry -> entry.getKey().name() + " x" + entry.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /**
     * Builds a {@link PolicyDecider}. Defaults: no configured tiers, every tier healthy, the system UTC
     * clock, budget counters in memory (or in Redis when the policy's budget store says so), budget
     * events dropped.
     */
    public static final class Builder {
        private final Supplier<Policy> policy;
        private Map<String, Tier> tiers = Map.of();
        private boolean assumeDeclaredTiers;
        private TierHealth health = TierHealth.allHealthy();
        private Clock clock = Clock.systemUTC();
        private @Nullable BudgetStore budgetStore;
        private Consumer<BudgetEvent> budgetEvents = IGNORE;
        private final Map<EntityType, RedactionMethod> redactionOverrides = new HashMap<>();

        private Builder(Supplier<Policy> policy) {
            this.policy = policy;
        }

        /** The configured tiers by name. */
        public Builder tiers(Map<String, Tier> tiers) {
            this.tiers = Map.copyOf(tiers);
            return this;
        }

        /**
         * Treats every tier the policy declares as configured, with the context window its declaration
         * gives: for explaining or dry-running a policy without building any model.
         */
        public Builder assumeDeclaredTiers() {
            this.assumeDeclaredTiers = true;
            return this;
        }

        public Builder tierHealth(TierHealth health) {
            this.health = requireNonNull(health, "health");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** Where budget counters live, whatever the policy's {@code budgets.store} says. */
        public Builder budgetStore(BudgetStore store) {
            this.budgetStore = requireNonNull(store, "store");
            return this;
        }

        public Builder budgetEvents(Consumer<BudgetEvent> events) {
            this.budgetEvents = requireNonNull(events, "events");
            return this;
        }

        /**
         * How a type is redacted before a remote tier, whatever the policy's {@code
         * assessment.privacy.redaction} says; {@code block} keeps requests with it local.
         */
        public Builder redaction(EntityType type, RedactionMethod method) {
            redactionOverrides.put(requireNonNull(type, "type"), requireNonNull(method, "method"));
            return this;
        }

        public PolicyDecider build() {
            return new PolicyDecider(this);
        }
    }
}
