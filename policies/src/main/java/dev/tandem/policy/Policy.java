package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import dev.tandem.policy.internal.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A routing policy: the tiers it refers to, how requests are assessed, ordered rules, the action when
 * no rule matches, and per-tenant budgets. The first rule whose condition holds decides; rules are
 * evaluated in order and deterministically.
 *
 * <pre>{@code
 * Policy policy = Policy.builder("my-policy")
 *         .tier(TierSpec.local("local").contextWindow(32_768).build())
 *         .tier(TierSpec.remote("remote").model("gpt-4o-mini").fallback("local").build())
 *         .rule(new Rule("personal-data-stays-local",
 *                 Condition.builder().sensitivityAtLeast(Sensitivity.HIGH).build(),
 *                 new Action.KeepLocal(Optional.empty())))
 *         .defaultAction(new Action.Route("local", List.of("remote")))
 *         .build();
 * }</pre>
 *
 * <p>Most policies come from YAML through {@link PolicyLoader}, which calls this builder, so both
 * paths are validated the same way. Instances are immutable and thread-safe.
 */
public final class Policy {

    private final String name;
    private final Map<String, TierSpec> tierSpecs;
    private final Map<String, TierDeclaration> tiers;
    private final AssessmentSettings assessment;
    private final List<Rule> rules;
    private final Action defaultAction;
    private final BudgetSettings budgets;
    private final Optional<AuditSettings> audit;
    private final Optional<LearningSettings> learning;
    private final Map<String, List<String>> groups;

    private Policy(Builder builder, Action defaultAction) {
        this.name = builder.name;
        this.tierSpecs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.tiers));
        Map<String, TierDeclaration> declarations = new LinkedHashMap<>();
        builder.tiers.forEach((tierName, spec) -> declarations.put(tierName, spec.declaration()));
        this.tiers = Collections.unmodifiableMap(declarations);
        this.assessment = builder.assessment;
        this.rules = List.copyOf(builder.rules);
        this.defaultAction = defaultAction;
        this.budgets = builder.budgets;
        this.audit = Optional.ofNullable(builder.audit);
        this.learning = Optional.ofNullable(builder.learning);
        Map<String, List<String>> groupCopy = new LinkedHashMap<>();
        builder.groups.forEach((group, members) -> groupCopy.put(group, List.copyOf(members)));
        this.groups = Collections.unmodifiableMap(groupCopy);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The declared tiers by name and locality, in declaration order. */
    public Map<String, TierDeclaration> tiers() {
        return tiers;
    }

    /** The full configuration of every declared tier, in declaration order. */
    public Map<String, TierSpec> tierSpecs() {
        return tierSpecs;
    }

    public AssessmentSettings assessment() {
        return assessment;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** What happens when no rule matches. */
    public Action defaultAction() {
        return defaultAction;
    }

    public BudgetSettings budgets() {
        return budgets;
    }

    /** The tier groups a {@code route} action may name, by name, each with its local tiers in order. */
    public Map<String, List<String>> groups() {
        return groups;
    }

    /** Learning from traffic (the label store, shadow mode), when the policy switches it on. */
    public Optional<LearningSettings> learning() {
        return learning;
    }

    /** The audit log this policy switches on, if any. */
    public Optional<AuditSettings> audit() {
        return audit;
    }

    /**
     * This policy with its audit log switched on at {@code audit}, replacing the policy's own {@code audit}
     * section: for settings that come from elsewhere, like the Spring starter's {@code tandem.audit.*}.
     */
    public Policy withAudit(AuditSettings audit) {
        Builder copy = builder(name)
                .assessment(assessment)
                .defaultAction(defaultAction)
                .budgets(budgets)
                .audit(requireNonNull(audit, "audit"));
        tierSpecs.values().forEach(copy::tier);
        rules.forEach(copy::rule);
        learning.ifPresent(copy::learning);
        return copy.build();
    }

    /** The tiers after {@code tier} in its declared {@code fallback} chain, in order (acyclic by validation). */
    public List<String> fallbackChain(String tier) {
        List<String> chain = new ArrayList<>();
        Optional<String> next = Optional.ofNullable(tierSpecs.get(tier)).flatMap(TierSpec::fallback);
        while (next.isPresent() && !chain.contains(next.get()) && !next.get().equals(tier)) {
            chain.add(next.get());
            next = Optional.ofNullable(tierSpecs.get(next.get())).flatMap(TierSpec::fallback);
        }
        return chain;
    }

    @Override
    public String toString() {
        return "Policy[" + name + ", tiers " + tiers.keySet() + ", " + rules.size() + " rules, "
                + budgets.budgets().size() + " budgets]";
    }

    /**
     * Builds a {@link Policy}. {@link #build()} checks the whole policy at once and throws {@link
     * InvalidPolicyException} listing every problem, with the path of each.
     */
    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

        private final String name;
        private final Map<String, TierSpec> tiers = new LinkedHashMap<>();
        private AssessmentSettings assessment = AssessmentSettings.defaults();
        private final List<Rule> rules = new ArrayList<>();
        private @Nullable Action defaultAction;
        private BudgetSettings budgets = BudgetSettings.none();
        private @Nullable AuditSettings audit;
        private @Nullable LearningSettings learning;
        private final Map<String, List<String>> groups = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = requireNonNull(name, "name");
        }

        /** Declares a tier with no settings beyond its locality. */
        public Builder tier(String tierName, Locality locality) {
            return tier(TierSpec.of(tierName, locality).build());
        }

        public Builder tier(TierSpec spec) {
            tiers.put(spec.name(), spec);
            return this;
        }

        /**
         * Declares a group of local tiers that {@code route: {group: name}} can choose among; every member
         * must be a declared local tier.
         */
        public Builder group(String groupName, List<String> tiers) {
            groups.put(requireNonNull(groupName, "groupName"), List.copyOf(tiers));
            return this;
        }

        public Builder assessment(AssessmentSettings settings) {
            this.assessment = requireNonNull(settings, "settings");
            return this;
        }

        public Builder rule(Rule rule) {
            rules.add(requireNonNull(rule, "rule"));
            return this;
        }

        public Builder defaultAction(Action action) {
            this.defaultAction = requireNonNull(action, "action");
            return this;
        }

        /** Switches on learning from traffic; see {@link LearningSettings}. */
        public Builder learning(LearningSettings learning) {
            this.learning = requireNonNull(learning, "learning");
            return this;
        }

        /** Switches on the audit log; see {@link AuditSettings}. */
        public Builder audit(AuditSettings audit) {
            this.audit = requireNonNull(audit, "audit");
            return this;
        }

        public Builder budgets(BudgetSettings budgets) {
            this.budgets = requireNonNull(budgets, "budgets");
            return this;
        }

        public Policy build() {
            List<PolicyProblem> problems = new ArrayList<>();
            if (!NAME.matcher(name).matches()) {
                problems.add(problem("name", "policy name '" + name + "' must match [a-z][a-z0-9-]*"));
            }
            tiers.keySet().stream()
                    .filter(tier -> !NAME.matcher(tier).matches())
                    .forEach(tier -> problems.add(problem(
                            "tiers." + tier,
                            "tier name '" + tier + "' must match [a-z][a-z0-9-]*, like local or remote-eu")));
            if (tiers.isEmpty()) {
                problems.add(problem("tiers", "declare at least one tier"));
            }
            checkFallbackChains(problems);
            checkGroups(problems);
            Set<String> ruleNames = new HashSet<>();
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                String path = "rules[" + i + "]";
                if (!NAME.matcher(rule.name()).matches()) {
                    problems.add(problem(path + ".name", "rule name '" + rule.name() + "' must match [a-z][a-z0-9-]*"));
                } else if (!ruleNames.add(rule.name())) {
                    problems.add(problem(
                            path + ".name", "rule name '" + rule.name() + "' is used twice; names must be unique"));
                }
                checkCondition(rule.condition(), path + ".when", problems);
                checkAction(rule.action(), path, problems);
            }
            if (defaultAction == null) {
                problems.add(problem(
                        "default", "say what happens when no rule matches, e.g. default: {route: {tier: local}}"));
            } else {
                checkAction(defaultAction, "default", problems);
            }
            checkBudgets(problems);
            checkLearning(problems);
            if (!problems.isEmpty()) {
                throw new InvalidPolicyException(problems);
            }
            return new Policy(this, requireNonNull(defaultAction));
        }

        private void checkFallbackChains(List<PolicyProblem> problems) {
            for (TierSpec spec : tiers.values()) {
                if (spec.fallback().isEmpty()) {
                    continue;
                }
                String path = "tiers." + spec.name() + ".fallback";
                String next = spec.fallback().get();
                if (!tiers.containsKey(next)) {
                    checkTier(next, path, problems);
                    continue;
                }
                List<String> seen = new ArrayList<>(List.of(spec.name()));
                while (next != null && tiers.containsKey(next)) {
                    if (seen.contains(next)) {
                        if (next.equals(spec.name())) {
                            seen.add(next);
                            problems.add(problem(
                                    path,
                                    "fallback cycle " + String.join(" -> ", seen)
                                            + "; a fallback chain must end at a tier without fallback"));
                        }
                        break;
                    }
                    seen.add(next);
                    next = tiers.get(next).fallback().orElse(null);
                }
            }
        }

        private void checkGroups(List<PolicyProblem> problems) {
            groups.forEach((group, members) -> {
                String path = "groups." + group;
                if (!NAME.matcher(group).matches()) {
                    problems.add(problem(path, "group name '" + group + "' must match [a-z][a-z0-9-]*"));
                }
                if (members.isEmpty()) {
                    problems.add(problem(path, "group '" + group + "' names no tier; list at least one local tier"));
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < members.size(); i++) {
                    String tier = members.get(i);
                    String memberPath = path + "[" + i + "]";
                    if (!seen.add(tier)) {
                        problems.add(problem(memberPath, "tier '" + tier + "' appears twice in group '" + group + "'"));
                        continue;
                    }
                    checkTier(tier, memberPath, problems);
                    TierSpec spec = tiers.get(tier);
                    if (spec == null) {
                        continue;
                    }
                    if (spec.locality() != Locality.LOCAL) {
                        problems.add(problem(
                                memberPath,
                                "tier '" + tier + "' is remote; a group holds local tiers only (name remote tiers"
                                        + " in the route's fallback)"));
                    }
                    for (String language : spec.languages()) {
                        try {
                            Languages.check(language);
                        } catch (IllegalArgumentException e) {
                            problems.add(problem("tiers." + tier + ".languages", e.getMessage()));
                        }
                    }
                }
            });
        }

        private void checkLearning(List<PolicyProblem> problems) {
            if (learning == null || learning.shadow().isEmpty()) {
                return;
            }
            LearningSettings.Shadow shadow = learning.shadow().get();
            String tier = shadow.tier();
            if (tiers.containsKey(tier) && tiers.get(tier).locality() != Locality.REMOTE) {
                problems.add(problem(
                        "learning.shadow.tier",
                        "tier '" + tier + "' is local; shadow mode compares local answers with a remote tier's"));
            } else {
                checkTier(tier, "learning.shadow.tier", problems);
            }
            checkCondition(shadow.when(), "learning.shadow.when", problems);
            if (shadow.agreement() instanceof LearningSettings.Agreement.Judge judge) {
                checkTier(judge.tier(), "learning.shadow.agreement.judge", problems);
            }
        }

        private void checkCondition(Condition condition, String path, List<PolicyProblem> problems) {
            for (Clause clause : condition.clauses()) {
                String clausePath = path + "." + clause.key();
                switch (clause) {
                    case Clause.ExceedsContextOf c -> checkTier(c.tier(), clausePath, problems);
                    case Clause.EstimatedCostOver c -> checkTier(c.tier(), clausePath + ".tier", problems);
                    case Clause.TierHealthy c -> checkTier(c.tier(), clausePath, problems);
                    case Clause.TierUnhealthy c -> checkTier(c.tier(), clausePath, problems);
                    case Clause.Task c -> {
                        Set<String> known = new LinkedHashSet<>(Clause.BUILT_IN_TASK_TYPES);
                        known.addAll(assessment.taskExemplars().keySet());
                        for (String type : c.types()) {
                            if (!known.contains(type)) {
                                problems.add(problem(
                                        clausePath,
                                        "unknown task type '" + type + "'" + Suggestions.didYouMean(type, known)
                                                + " (known: " + String.join(", ", known)
                                                + "; add one under assessment.difficulty.task-types)"));
                            }
                        }
                    }
                    default -> {}
                }
            }
        }

        private void checkAction(Action action, String path, List<PolicyProblem> problems) {
            String actionPath = path + "." + action.key();
            switch (action) {
                case Action.Route route -> checkChain(route.tier(), route.fallback(), actionPath, problems);
                case Action.RouteGroup route -> {
                    List<String> members = groups.get(route.group());
                    if (members == null) {
                        problems.add(problem(
                                actionPath + ".group",
                                "group '" + route.group() + "' is not declared under groups"
                                        + (groups.isEmpty()
                                                ? " (the policy declares no group)"
                                                : " (declared: " + String.join(", ", groups.keySet()) + ")"
                                                        + Suggestions.didYouMean(route.group(), groups.keySet()))));
                    }
                    for (int i = 0; i < route.fallback().size(); i++) {
                        String tier = route.fallback().get(i);
                        String fallbackPath = actionPath + ".fallback[" + i + "]";
                        checkTier(tier, fallbackPath, problems);
                        if (members != null && members.contains(tier)) {
                            problems.add(problem(
                                    fallbackPath,
                                    "tier '" + tier + "' is in group '" + route.group()
                                            + "', whose tiers are tried before the fallback already"));
                        }
                    }
                }
                case Action.KeepLocal keepLocal -> {
                    if (keepLocal.tier().isPresent()) {
                        checkLocal(keepLocal.tier().get(), actionPath + ".tier", "keep-local", problems);
                    } else if (tiers.values().stream().noneMatch(t -> t.locality() == Locality.LOCAL)) {
                        problems.add(
                                problem(actionPath, "keep-local needs a local tier, and the policy declares none"));
                    }
                    for (int i = 0; i < keepLocal.fallback().size(); i++) {
                        checkLocal(
                                keepLocal.fallback().get(i),
                                actionPath + ".fallback[" + i + "]",
                                "keep-local",
                                problems);
                    }
                }
                case Action.LocalFirst localFirst -> {
                    if (localFirst.tier().isPresent()) {
                        checkLocal(localFirst.tier().get(), actionPath + ".tier", "local-first", problems);
                    } else if (tiers.values().stream().noneMatch(t -> t.locality() == Locality.LOCAL)) {
                        problems.add(
                                problem(actionPath, "local-first needs a local tier, and the policy declares none"));
                    }
                    checkTier(localFirst.escalateTo(), actionPath + ".escalate-to", problems);
                    if (localFirst
                            .tier()
                            .filter(localFirst.escalateTo()::equals)
                            .isPresent()) {
                        problems.add(problem(
                                actionPath + ".escalate-to",
                                "tier '" + localFirst.escalateTo() + "' cannot escalate to itself"));
                    }
                    checkChain(localFirst.tier().orElse(""), localFirst.fallback(), actionPath, problems, false);
                }
                case Action.RedactThenRemote redact -> {
                    checkChain(redact.tier(), redact.fallback(), actionPath, problems);
                    TierSpec declared = tiers.get(redact.tier());
                    if (declared != null && !declared.isRemote()) {
                        problems.add(problem(
                                actionPath + ".tier",
                                "tier '" + redact.tier() + "' is local; redact-then-remote needs a remote tier"));
                    }
                }
                case Action.Refuse refuse -> {}
            }
        }

        private void checkChain(String first, List<String> fallback, String path, List<PolicyProblem> problems) {
            checkChain(first, fallback, path, problems, true);
        }

        private void checkChain(
                String first, List<String> fallback, String path, List<PolicyProblem> problems, boolean checkFirst) {
            if (checkFirst) {
                checkTier(first, path + ".tier", problems);
            }
            Set<String> seen = new LinkedHashSet<>(Set.of(first));
            for (int i = 0; i < fallback.size(); i++) {
                String tier = fallback.get(i);
                String fallbackPath = path + ".fallback[" + i + "]";
                checkTier(tier, fallbackPath, problems);
                if (!seen.add(tier)) {
                    problems.add(problem(fallbackPath, "tier '" + tier + "' appears twice in this route"));
                }
            }
        }

        private void checkLocal(String tier, String path, String action, List<PolicyProblem> problems) {
            checkTier(tier, path, problems);
            TierSpec declared = tiers.get(tier);
            if (declared != null && declared.locality() != Locality.LOCAL) {
                problems.add(problem(path, "tier '" + tier + "' is remote; " + action + " needs a local tier"));
            }
        }

        private void checkBudgets(List<PolicyProblem> problems) {
            Set<String> names = new HashSet<>();
            List<Budget> list = budgets.budgets();
            for (int i = 0; i < list.size(); i++) {
                Budget budget = list.get(i);
                String path = "budgets.limits[" + i + "]";
                if (!names.add(budget.name())) {
                    problems.add(problem(
                            path + ".name", "budget name '" + budget.name() + "' is used twice; names must be unique"));
                }
                List<String> counted = new ArrayList<>(budget.tiers());
                Collections.sort(counted);
                for (String tier : counted) {
                    checkTier(tier, path + ".tiers", problems);
                }
                checkAction(budget.whenExceeded(), path + ".when-exceeded", problems);
            }
        }

        private void checkTier(String tier, String path, List<PolicyProblem> problems) {
            if (tiers.containsKey(tier)) {
                return;
            }
            String declared = tiers.keySet().stream().collect(Collectors.joining(", "));
            problems.add(problem(
                    path,
                    "tier '" + tier + "' is not declared under tiers (declared: " + declared + ")"
                            + Suggestions.didYouMean(tier, tiers.keySet())));
        }

        private static PolicyProblem problem(String path, String message) {
            return new PolicyProblem("<java>", 0, 0, path, message);
        }
    }
}
