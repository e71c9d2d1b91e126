package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import dev.tandem.policy.internal.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A routing policy: the tiers it refers to, ordered rules, and the action when no rule matches. The
 * first rule whose condition holds decides; rules are evaluated in order and deterministically.
 *
 * <pre>{@code
 * Policy policy = Policy.builder("my-policy")
 *         .tier("local", Locality.LOCAL)
 *         .tier("remote", Locality.REMOTE)
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
    private final Map<String, TierDeclaration> tiers;
    private final List<Rule> rules;
    private final Action defaultAction;

    private Policy(String name, Map<String, TierDeclaration> tiers, List<Rule> rules, Action defaultAction) {
        this.name = name;
        this.tiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        this.rules = List.copyOf(rules);
        this.defaultAction = defaultAction;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The declared tiers by name, in declaration order. */
    public Map<String, TierDeclaration> tiers() {
        return tiers;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** What happens when no rule matches. */
    public Action defaultAction() {
        return defaultAction;
    }

    @Override
    public String toString() {
        return "Policy[" + name + ", tiers " + tiers.keySet() + ", " + rules.size() + " rules]";
    }

    /**
     * Builds a {@link Policy}. {@link #build()} checks the whole policy at once and throws {@link
     * InvalidPolicyException} listing every problem, with the path of each.
     */
    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

        private final String name;
        private final Map<String, TierDeclaration> tiers = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private @Nullable Action defaultAction;

        private Builder(String name) {
            this.name = requireNonNull(name, "name");
        }

        public Builder tier(String tierName, Locality locality) {
            tiers.put(tierName, new TierDeclaration(tierName, locality));
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
                checkAction(rule.action(), path, problems);
            }
            if (defaultAction == null) {
                problems.add(problem(
                        "default", "say what happens when no rule matches, e.g. default: {route: {tier: local}}"));
            } else {
                checkAction(defaultAction, "default", problems);
            }
            if (!problems.isEmpty()) {
                throw new InvalidPolicyException(problems);
            }
            return new Policy(name, tiers, rules, requireNonNull(defaultAction));
        }

        private void checkAction(Action action, String path, List<PolicyProblem> problems) {
            switch (action) {
                case Action.Route route -> {
                    checkTier(route.tier(), path + ".route.tier", problems);
                    Set<String> seen = new HashSet<>(Set.of(route.tier()));
                    for (int i = 0; i < route.fallback().size(); i++) {
                        String fallback = route.fallback().get(i);
                        String fallbackPath = path + ".route.fallback[" + i + "]";
                        checkTier(fallback, fallbackPath, problems);
                        if (!seen.add(fallback)) {
                            problems.add(problem(fallbackPath, "tier '" + fallback + "' appears twice in this route"));
                        }
                    }
                }
                case Action.KeepLocal keepLocal -> {
                    if (keepLocal.tier().isPresent()) {
                        String tier = keepLocal.tier().get();
                        checkTier(tier, path + ".keep-local.tier", problems);
                        TierDeclaration declared = tiers.get(tier);
                        if (declared != null && declared.locality() != Locality.LOCAL) {
                            problems.add(problem(
                                    path + ".keep-local.tier",
                                    "tier '" + tier + "' is remote; keep-local needs a local tier"));
                        }
                    } else if (tiers.values().stream().noneMatch(t -> t.locality() == Locality.LOCAL)) {
                        problems.add(problem(
                                path + ".keep-local", "keep-local needs a local tier, and the policy declares none"));
                    }
                }
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
