package dev.tandem.policy.internal;

import dev.tandem.policy.PolicyProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a policy document and, when it {@code extends} a preset or another file, the documents it
 * extends, and merges them into one tree. Merge semantics (documented in the policy reference):
 *
 * <ul>
 *   <li>{@code tiers}, {@code assessment} and {@code budgets.store}: merged key by key, recursively; the
 *       extending document wins; lists and values are replaced, not merged;
 *   <li>{@code rules}: a rule with the name of a base rule replaces it where it stands; other rules come
 *       before all base rules, in their order; {@code remove-rules} deletes base rules by name;
 *   <li>{@code budgets.limits}: merged by name like rules, new ones appended;
 *   <li>everything else ({@code name}, {@code default}, {@code budgets.zone}): replaced.
 * </ul>
 *
 * Every node keeps the source it came from, so a problem in an inherited part points at the base.
 */
final class PolicyDocuments {

    /** The merged tree, or the problems that stopped reading. */
    record Resolved(Optional<YamlNode.Mapping> root, List<PolicyProblem> problems) {}

    private final Set<String> presetNames;
    private final Function<String, String> presetYaml;
    private final Map<String, String> environment;
    private final List<PolicyProblem> problems = new ArrayList<>();

    PolicyDocuments(Set<String> presetNames, Function<String, String> presetYaml, Map<String, String> environment) {
        this.presetNames = presetNames;
        this.presetYaml = presetYaml;
        this.environment = environment;
    }

    Resolved resolve(String yaml, String source, @Nullable Path file) {
        String id = file != null ? file.toAbsolutePath().normalize().toString() : "text:" + source;
        Optional<YamlNode.Mapping> root = load(yaml, source, file, new ArrayList<>(List.of(id)), List.of(source));
        return new Resolved(problems.isEmpty() ? root : Optional.empty(), List.copyOf(problems));
    }

    private Optional<YamlNode.Mapping> load(
            String yaml, String source, @Nullable Path file, List<String> chain, List<String> chainNames) {
        YamlTreeReader.Result result = YamlTreeReader.read(yaml, source);
        if (result.error().isPresent()) {
            YamlTreeReader.SyntaxError error = result.error().get();
            problems.add(problem(error.location(), "", error.message()));
            return Optional.empty();
        }
        if (result.root().isEmpty() || !(result.root().get() instanceof YamlNode.Mapping root)) {
            YamlNode.Location at = result.root().map(YamlNode::location).orElse(new YamlNode.Location(source, 1, 1));
            problems.add(problem(at, "", "a policy is a mapping with the keys " + PolicyReader.TOP_KEYS_TEXT));
            return Optional.empty();
        }
        YamlNode.Entry extendsEntry = entry(root, "extends");
        if (extendsEntry == null) {
            YamlNode.Entry remove = entry(root, "remove-rules");
            if (remove != null) {
                problems.add(problem(
                        remove.keyLocation(),
                        "remove-rules",
                        "remove-rules only works with extends; there is no base"));
            }
            return Optional.of(root);
        }
        if (!(extendsEntry.value() instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            problems.add(problem(
                    extendsEntry.value().location(),
                    "extends",
                    "expected a preset name or a .yaml file, got " + YamlNode.kind(extendsEntry.value())));
            return Optional.empty();
        }
        Interpolation.Result interpolated = Interpolation.apply(scalar.text(), environment);
        if (!interpolated.ok()) {
            problems.add(problem(scalar.location(), "extends", interpolated.error()));
            return Optional.empty();
        }
        String base = interpolated.value();
        String baseId;
        String baseSource;
        String baseYaml;
        Path baseFile = null;
        if (presetNames.contains(base)) {
            baseId = "preset:" + base;
            baseSource = base + ".yaml";
            baseYaml = presetYaml.apply(base);
        } else if (base.endsWith(".yaml") || base.endsWith(".yml")) {
            Path dir = file != null && file.toAbsolutePath().getParent() != null
                    ? file.toAbsolutePath().getParent()
                    : Path.of("").toAbsolutePath();
            baseFile = dir.resolve(base).normalize();
            baseId = baseFile.toString();
            baseSource = file != null ? baseFile.toString() : base;
            try {
                baseYaml = chain.contains(baseId) ? "" : Files.readString(baseFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(problem(
                        scalar.location(), "extends", "cannot read '" + base + "' (" + baseFile + "); check the path"));
                return Optional.empty();
            }
        } else {
            problems.add(problem(
                    scalar.location(),
                    "extends",
                    "unknown preset '" + base + "'" + Suggestions.didYouMean(base, presetNames) + " (allowed: "
                            + String.join(", ", new java.util.TreeSet<>(presetNames))
                            + ", or a file ending in .yaml)"));
            return Optional.empty();
        }
        if (chain.contains(baseId)) {
            List<String> cycle = new ArrayList<>(chainNames);
            cycle.add(base);
            problems.add(problem(
                    scalar.location(), "extends", "extends cycle " + String.join(" -> ", cycle) + "; remove one link"));
            return Optional.empty();
        }
        List<String> nextChain = new ArrayList<>(chain);
        nextChain.add(baseId);
        List<String> nextNames = new ArrayList<>(chainNames);
        nextNames.add(base);
        Optional<YamlNode.Mapping> baseRoot = load(baseYaml, baseSource, baseFile, nextChain, nextNames);
        if (baseRoot.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mergeTop(baseRoot.get(), root, base));
    }

    private YamlNode.Mapping mergeTop(YamlNode.Mapping base, YamlNode.Mapping child, String baseName) {
        List<String> removed = new ArrayList<>();
        YamlNode.Entry remove = entry(child, "remove-rules");
        if (remove != null) {
            if (remove.value() instanceof YamlNode.Sequence names) {
                for (int i = 0; i < names.items().size(); i++) {
                    YamlNode item = names.items().get(i);
                    if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                        removed.add(s.text());
                        if (ruleNames(base).stream().noneMatch(s.text()::equals)) {
                            problems.add(problem(
                                    item.location(),
                                    "remove-rules[" + i + "]",
                                    "'" + baseName + "' has no rule '" + s.text() + "'"
                                            + Suggestions.didYouMean(s.text(), ruleNames(base)) + " (rules: "
                                            + String.join(", ", ruleNames(base)) + ")"));
                        }
                    } else {
                        problems.add(problem(
                                item.location(),
                                "remove-rules[" + i + "]",
                                "expected a rule name, got " + YamlNode.kind(item)));
                    }
                }
            } else {
                problems.add(problem(
                        remove.value().location(),
                        "remove-rules",
                        "expected a list, got " + YamlNode.kind(remove.value())));
            }
        }
        Map<String, YamlNode.Entry> merged = new LinkedHashMap<>();
        List<YamlNode.Entry> extra = new ArrayList<>();
        for (YamlNode.Entry entry : base.entries()) {
            if (!entry.key().equals("extends") && !entry.key().equals("remove-rules")) {
                merged.putIfAbsent(entry.key(), entry);
            }
        }
        Set<String> seen = new HashSet<>();
        for (YamlNode.Entry entry : child.entries()) {
            String key = entry.key();
            if (key.equals("extends") || key.equals("remove-rules")) {
                continue;
            }
            YamlNode.Entry existing = merged.get(key);
            if (!seen.add(key) || existing == null) {
                if (existing == null) {
                    merged.put(key, entry);
                } else {
                    extra.add(entry);
                }
                continue;
            }
            YamlNode value = switch (key) {
                case "tiers", "groups", "assessment" -> deepMerge(existing.value(), entry.value());
                case "rules" -> mergeNamed(existing.value(), entry.value(), removed, true);
                case "budgets" -> mergeBudgets(existing.value(), entry.value());
                default -> entry.value();
            };
            merged.put(key, new YamlNode.Entry(key, entry.keyLocation(), value));
        }
        if (!merged.containsKey("rules") || removed.isEmpty()) {
            // nothing to remove from
        } else if (!seen.contains("rules")) {
            YamlNode.Entry rules = merged.get("rules");
            merged.put(
                    "rules",
                    new YamlNode.Entry(
                            "rules",
                            rules.keyLocation(),
                            mergeNamed(
                                    rules.value(),
                                    new YamlNode.Sequence(
                                            List.of(), rules.value().location()),
                                    removed,
                                    true)));
        }
        List<YamlNode.Entry> entries = new ArrayList<>(merged.values());
        entries.addAll(extra);
        return new YamlNode.Mapping(entries, child.location());
    }

    private YamlNode mergeBudgets(YamlNode base, YamlNode child) {
        if (!(base instanceof YamlNode.Mapping b) || !(child instanceof YamlNode.Mapping c)) {
            return child;
        }
        List<YamlNode.Entry> entries = new ArrayList<>(b.entries());
        Set<String> seen = new HashSet<>();
        for (YamlNode.Entry entry : c.entries()) {
            int at = indexOf(entries, entry.key());
            if (at < 0 || !seen.add(entry.key())) {
                entries.add(entry);
                continue;
            }
            YamlNode value = switch (entry.key()) {
                case "store" -> deepMerge(entries.get(at).value(), entry.value());
                case "limits" -> mergeNamed(entries.get(at).value(), entry.value(), List.of(), false);
                default -> entry.value();
            };
            entries.set(at, new YamlNode.Entry(entry.key(), entry.keyLocation(), value));
        }
        return new YamlNode.Mapping(entries, c.location());
    }

    /** Merges lists of named mappings: same name replaces in place; new ones go first (rules) or last. */
    private static YamlNode mergeNamed(YamlNode base, YamlNode child, List<String> removed, boolean newFirst) {
        if (!(base instanceof YamlNode.Sequence b) || !(child instanceof YamlNode.Sequence c)) {
            return child;
        }
        List<YamlNode> kept = new ArrayList<>();
        for (YamlNode item : b.items()) {
            if (!nameOf(item).filter(removed::contains).isPresent()) {
                kept.add(item);
            }
        }
        List<YamlNode> added = new ArrayList<>();
        for (YamlNode item : c.items()) {
            Optional<String> name = nameOf(item);
            int at = -1;
            for (int i = 0; name.isPresent() && i < kept.size(); i++) {
                if (nameOf(kept.get(i)).equals(name) && b.items().contains(kept.get(i))) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                kept.set(at, item);
            } else {
                added.add(item);
            }
        }
        List<YamlNode> items = new ArrayList<>();
        if (newFirst) {
            items.addAll(added);
            items.addAll(kept);
        } else {
            items.addAll(kept);
            items.addAll(added);
        }
        return new YamlNode.Sequence(items, c.location());
    }

    private static YamlNode deepMerge(YamlNode base, YamlNode child) {
        if (!(base instanceof YamlNode.Mapping b) || !(child instanceof YamlNode.Mapping c)) {
            return child;
        }
        List<YamlNode.Entry> entries = new ArrayList<>(b.entries());
        Set<String> seen = new HashSet<>();
        for (YamlNode.Entry entry : c.entries()) {
            int at = indexOf(entries, entry.key());
            if (at < 0 || !seen.add(entry.key())) {
                entries.add(entry);
            } else {
                entries.set(
                        at,
                        new YamlNode.Entry(
                                entry.key(),
                                entry.keyLocation(),
                                deepMerge(entries.get(at).value(), entry.value())));
            }
        }
        return new YamlNode.Mapping(entries, c.location());
    }

    private static int indexOf(List<YamlNode.Entry> entries, String key) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> ruleNames(YamlNode.Mapping root) {
        YamlNode.Entry rules = entry(root, "rules");
        List<String> names = new ArrayList<>();
        if (rules != null && rules.value() instanceof YamlNode.Sequence list) {
            list.items().forEach(item -> nameOf(item).ifPresent(names::add));
        }
        return names;
    }

    private static Optional<String> nameOf(YamlNode item) {
        if (item instanceof YamlNode.Mapping mapping) {
            YamlNode.Entry name = entry(mapping, "name");
            if (name != null && name.value() instanceof YamlNode.Scalar s && !s.isNull()) {
                return Optional.of(s.text());
            }
        }
        return Optional.empty();
    }

    private static YamlNode.@Nullable Entry entry(YamlNode.Mapping mapping, String key) {
        for (YamlNode.Entry entry : mapping.entries()) {
            if (entry.key().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    private static PolicyProblem problem(YamlNode.Location at, String path, String message) {
        return new PolicyProblem(at.source(), at.line(), at.column(), path, message);
    }
}
