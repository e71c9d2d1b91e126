package dev.tandem.policy.internal;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.tier.Locality;
import dev.tandem.policy.Action;
import dev.tandem.policy.Condition;
import dev.tandem.policy.InvalidPolicyException;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyProblem;
import dev.tandem.policy.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link YamlNode} tree into a {@link Policy} through {@link Policy#builder}, collecting every
 * problem with its location instead of stopping at the first. Problems that only the builder can see
 * (an undefined tier, a duplicate rule name) are mapped back to the location of the field they name.
 */
public final class PolicyReader {

    private static final Set<String> TOP_KEYS = Set.of("name", "tiers", "rules", "default");
    private static final Set<String> TIER_KEYS = Set.of("locality");
    private static final Set<String> RULE_KEYS = Set.of("name", "when", "route", "keep-local");
    private static final Set<String> DEFAULT_KEYS = Set.of("route", "keep-local");
    private static final Set<String> WHEN_KEYS =
            Set.of("sensitivity-at-least", "entity-types", "difficulty-at-least", "prompt-tokens-over");
    private static final Set<String> ROUTE_KEYS = Set.of("tier", "fallback");
    private static final Set<String> KEEP_LOCAL_KEYS = Set.of("tier");

    private final String source;
    private final List<PolicyProblem> problems = new ArrayList<>();
    private final Map<String, YamlNode.Location> locations = new HashMap<>();

    private PolicyReader(String source) {
        this.source = source;
    }

    /**
     * Reads a policy document.
     *
     * @param source the file name used in problem locations
     * @throws InvalidPolicyException listing every problem in the document
     */
    public static Policy read(String yaml, String source) {
        return new PolicyReader(source).readDocument(yaml);
    }

    private Policy readDocument(String yaml) {
        YamlTreeReader.Result result = YamlTreeReader.read(yaml);
        if (result.error().isPresent()) {
            YamlTreeReader.SyntaxError error = result.error().get();
            throw new InvalidPolicyException(List.of(problemAt(error.location(), "", error.message())));
        }
        if (result.root().isEmpty() || !(result.root().get() instanceof YamlNode.Mapping root)) {
            YamlNode.Location at = result.root().map(YamlNode::location).orElse(new YamlNode.Location(1, 1));
            throw new InvalidPolicyException(
                    List.of(problemAt(at, "", "a policy is a mapping with the keys " + sorted(TOP_KEYS))));
        }
        Map<String, YamlNode> top = fields(root, "", TOP_KEYS);
        Policy.Builder builder = Policy.builder(text(top.get("name"), "name").orElse("policy"));
        requirePresent(top, root, "", "tiers", "rules", "default");
        mapping(top.get("tiers"), "tiers").ifPresent(tiers -> readTiers(tiers, builder));
        sequence(top.get("rules"), "rules").ifPresent(rules -> readRules(rules, builder));
        mapping(top.get("default"), "default")
                .flatMap(node -> readAction(node, "default", DEFAULT_KEYS))
                .ifPresent(builder::defaultAction);
        // Cross-references (undefined tiers, duplicate rule names) are checked once every field reads
        // cleanly; checked earlier, a field that failed to read would show up again as a missing tier.
        Policy policy = null;
        if (problems.isEmpty()) {
            try {
                policy = builder.build();
            } catch (InvalidPolicyException e) {
                e.problems().forEach(p -> problems.add(problemAt(locationOf(p.path()), p.path(), p.message())));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(
                    java.util.Comparator.comparingInt(PolicyProblem::line).thenComparingInt(PolicyProblem::column));
            throw new InvalidPolicyException(problems);
        }
        return policy;
    }

    private void readTiers(YamlNode.Mapping tiers, Policy.Builder builder) {
        for (YamlNode.Entry entry : tiers.entries()) {
            String path = "tiers." + entry.key();
            locations.put(path, entry.keyLocation());
            mapping(entry.value(), path).ifPresent(tier -> {
                Map<String, YamlNode> fields = fields(tier, path, TIER_KEYS);
                requirePresent(fields, tier, path, "locality");
                text(fields.get("locality"), path + ".locality")
                        .flatMap(value -> parseEnum(value, Locality.class, fields.get("locality"), path + ".locality"))
                        .ifPresent(locality -> builder.tier(entry.key(), locality));
            });
        }
    }

    private void readRules(YamlNode.Sequence rules, Policy.Builder builder) {
        for (int i = 0; i < rules.items().size(); i++) {
            String path = "rules[" + i + "]";
            YamlNode item = rules.items().get(i);
            locations.put(path, item.location());
            mapping(item, path).ifPresent(rule -> readRule(rule, path).ifPresent(builder::rule));
        }
    }

    private Optional<Rule> readRule(YamlNode.Mapping node, String path) {
        Map<String, YamlNode> fields = fields(node, path, RULE_KEYS);
        requirePresent(fields, node, path, "name");
        Optional<String> name = text(fields.get("name"), path + ".name");
        Optional<Condition> condition = fields.containsKey("when")
                ? mapping(fields.get("when"), path + ".when").flatMap(when -> readCondition(when, path + ".when"))
                : Optional.of(Condition.always());
        Optional<Action> action = readAction(node, path, RULE_KEYS);
        if (name.isEmpty() || condition.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rule(name.get(), condition.get(), action.get()));
    }

    private Optional<Condition> readCondition(YamlNode.Mapping node, String path) {
        Map<String, YamlNode> fields = fields(node, path, WHEN_KEYS);
        Condition.Builder condition = Condition.builder();
        int before = problems.size();
        text(fields.get("sensitivity-at-least"), path + ".sensitivity-at-least")
                .ifPresent(value -> apply(
                        fields.get("sensitivity-at-least"),
                        path + ".sensitivity-at-least",
                        () -> condition.sensitivityAtLeast(Sensitivity.fromWireName(value))));
        sequence(fields.get("entity-types"), path + ".entity-types").ifPresent(types -> {
            Set<EntityType> parsed = new LinkedHashSet<>();
            for (int i = 0; i < types.items().size(); i++) {
                YamlNode item = types.items().get(i);
                String itemPath = path + ".entity-types[" + i + "]";
                text(item, itemPath).ifPresent(value -> apply(item, itemPath, () -> parsed.add(EntityType.of(value))));
            }
            apply(fields.get("entity-types"), path + ".entity-types", () -> condition.entityTypes(parsed));
        });
        number(fields.get("difficulty-at-least"), path + ".difficulty-at-least")
                .ifPresent(value -> apply(
                        fields.get("difficulty-at-least"),
                        path + ".difficulty-at-least",
                        () -> condition.difficultyAtLeast(value)));
        integer(fields.get("prompt-tokens-over"), path + ".prompt-tokens-over")
                .ifPresent(value -> apply(
                        fields.get("prompt-tokens-over"),
                        path + ".prompt-tokens-over",
                        () -> condition.promptTokensOver(value)));
        return problems.size() == before ? Optional.of(condition.build()) : Optional.empty();
    }

    private Optional<Action> readAction(YamlNode.Mapping node, String path, Set<String> allowed) {
        Map<String, YamlNode> fields = fields(node, path, allowed);
        boolean route = fields.containsKey("route");
        boolean keepLocal = fields.containsKey("keep-local");
        if (route == keepLocal) {
            problems.add(problemAt(
                    node.location(),
                    path,
                    route
                            ? "give one action, not both 'route' and 'keep-local'"
                            : "give an action: 'route: {tier: NAME, fallback: [NAME...]}' or 'keep-local: {}'"));
            return Optional.empty();
        }
        if (route) {
            String routePath = path + ".route";
            return mapping(fields.get("route"), routePath).flatMap(routeNode -> {
                Map<String, YamlNode> routeFields = fields(routeNode, routePath, ROUTE_KEYS);
                requirePresent(routeFields, routeNode, routePath, "tier");
                Optional<String> tier = text(routeFields.get("tier"), routePath + ".tier");
                List<String> fallback = new ArrayList<>();
                sequence(routeFields.get("fallback"), routePath + ".fallback").ifPresent(list -> {
                    for (int i = 0; i < list.items().size(); i++) {
                        text(list.items().get(i), routePath + ".fallback[" + i + "]")
                                .ifPresent(fallback::add);
                    }
                });
                return tier.map(name -> new Action.Route(name, fallback));
            });
        }
        String keepPath = path + ".keep-local";
        YamlNode keepNode = fields.get("keep-local");
        if (keepNode instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return Optional.of(new Action.KeepLocal(Optional.empty()));
        }
        return mapping(keepNode, keepPath).map(keep -> {
            Map<String, YamlNode> keepFields = fields(keep, keepPath, KEEP_LOCAL_KEYS);
            return new Action.KeepLocal(text(keepFields.get("tier"), keepPath + ".tier"));
        });
    }

    /** The entries of a mapping by key; reports unknown keys (with a suggestion) and duplicates. */
    private Map<String, YamlNode> fields(YamlNode.Mapping node, String path, Set<String> allowed) {
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        for (YamlNode.Entry entry : node.entries()) {
            String entryPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
            if (!allowed.contains(entry.key())) {
                problems.add(problemAt(
                        entry.keyLocation(),
                        entryPath,
                        "unknown key '" + entry.key() + "'" + Suggestions.didYouMean(entry.key(), allowed)
                                + " (allowed: " + sorted(allowed) + ")"));
            } else if (fields.containsKey(entry.key())) {
                problems.add(problemAt(entry.keyLocation(), entryPath, "duplicate key '" + entry.key() + "'"));
            } else {
                fields.put(entry.key(), entry.value());
                locations.put(entryPath, entry.keyLocation());
            }
        }
        return fields;
    }

    private void requirePresent(Map<String, YamlNode> fields, YamlNode parent, String path, String... keys) {
        for (String key : keys) {
            if (!fields.containsKey(key)) {
                problems.add(problemAt(parent.location(), path, "missing required key '" + key + "'"));
            }
        }
    }

    private Optional<YamlNode.Mapping> mapping(@Nullable YamlNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        problems.add(problemAt(node.location(), path, "expected a mapping, got " + YamlNode.kind(node)));
        return Optional.empty();
    }

    private Optional<YamlNode.Sequence> sequence(@Nullable YamlNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Sequence sequence) {
            return Optional.of(sequence);
        }
        problems.add(problemAt(node.location(), path, "expected a list, got " + YamlNode.kind(node)));
        return Optional.empty();
    }

    private Optional<String> text(@Nullable YamlNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar.text());
        }
        problems.add(problemAt(node.location(), path, "expected a value, got " + YamlNode.kind(node)));
        return Optional.empty();
    }

    private Optional<Double> number(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                return Optional.of(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                problems.add(problemAt(node.location(), path, "expected a number, got '" + value + "'"));
                return Optional.empty();
            }
        });
    }

    private Optional<Integer> integer(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                return Optional.of(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                problems.add(problemAt(node.location(), path, "expected a whole number, got '" + value + "'"));
                return Optional.empty();
            }
        });
    }

    private <E extends Enum<E>> Optional<E> parseEnum(String value, Class<E> type, YamlNode node, String path) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return Optional.of(constant);
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problems.add(problemAt(
                node.location(),
                path,
                "'" + value + "' is not allowed" + Suggestions.didYouMean(value, allowed) + " (allowed: "
                        + String.join(", ", allowed) + ")"));
        return Optional.empty();
    }

    /** Runs a builder call and turns its validation error into a problem at the node. */
    private void apply(YamlNode node, String path, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            problems.add(problemAt(node.location(), path, e.getMessage()));
        }
    }

    /** The location recorded for a path, or for its nearest recorded parent. */
    private YamlNode.Location locationOf(String path) {
        String candidate = path;
        while (!candidate.isEmpty()) {
            YamlNode.Location location = locations.get(candidate);
            if (location != null) {
                return location;
            }
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut < 0 ? "" : candidate.substring(0, cut);
        }
        return new YamlNode.Location(1, 1);
    }

    private PolicyProblem problemAt(YamlNode.Location location, String path, String message) {
        return new PolicyProblem(source, location.line(), location.column(), path, message);
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", new java.util.TreeSet<>(keys));
    }
}
