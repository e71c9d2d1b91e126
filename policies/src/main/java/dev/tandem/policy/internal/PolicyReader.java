package dev.tandem.policy.internal;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.internal.Urls;
import dev.tandem.core.tier.Locality;
import dev.tandem.policy.Action;
import dev.tandem.policy.AssessmentSettings;
import dev.tandem.policy.AuditSettings;
import dev.tandem.policy.Budget;
import dev.tandem.policy.BudgetSettings;
import dev.tandem.policy.Clause;
import dev.tandem.policy.Condition;
import dev.tandem.policy.InvalidPolicyException;
import dev.tandem.policy.LearningSettings;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyProblem;
import dev.tandem.policy.Rule;
import dev.tandem.policy.Secret;
import dev.tandem.policy.TierSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a (merged) {@link YamlNode} tree into a {@link Policy} through the public builders, collecting
 * every problem with its location instead of stopping at the first. Problems that only the builder can
 * see (an undefined tier, a duplicate rule name, a fallback cycle) are mapped back to the location of
 * the field they name. Values of secret fields ({@code api-key}, {@code budgets.store.url}) are never
 * quoted in a problem.
 */
public final class PolicyReader {

    static final Set<String> TOP_KEYS = Set.of(
            "name",
            "extends",
            "remove-rules",
            "tiers",
            "groups",
            "assessment",
            "rules",
            "default",
            "budgets",
            "audit",
            "learning");
    private static final Set<String> AUDIT_KEYS =
            Set.of("file", "max-bytes", "keep", "hmac-key", "checkpoint", "refuse-when-unwritable");
    private static final Set<String> LEARNING_KEYS = Set.of("store", "max-lines", "escalations", "shadow");
    private static final Set<String> SHADOW_KEYS = Set.of("tier", "sample", "when", "agreement");
    private static final Set<String> AGREEMENT_KEYS = Set.of("check", "judge");
    private static final String NORMALISED_MATCH = "normalised-match";
    static final String TOP_KEYS_TEXT = String.join(", ", new TreeSet<>(TOP_KEYS));
    private static final Set<String> TIER_COMMON = Set.of("locality", "model", "context-window", "fallback");
    private static final Set<String> TIER_LOCAL = union(
            TIER_COMMON, Set.of("languages", "cost-per-million-tokens", "tool-calling", "structured-output-attempts"));
    private static final Set<String> TIER_REMOTE = union(
            TIER_COMMON,
            Set.of(
                    "base-url",
                    "api-key",
                    "allow-cleartext-credentials",
                    "input-price-per-million",
                    "output-price-per-million",
                    "timeouts",
                    "azure",
                    "parameters"));
    private static final Set<String> AZURE_KEYS = Set.of("deployment", "api-version");
    private static final Set<String> REMOTE_PARAMETER_KEYS =
            Set.of("seed", "user", "reasoning-effort", "max-tokens-field", "parallel-tool-calls", "custom");
    private static final Set<String> TIER_ANY = union(TIER_LOCAL, TIER_REMOTE);
    private static final Set<String> TIMEOUT_KEYS = Set.of("connect", "read", "call");
    private static final Set<String> ASSESSMENT_KEYS = Set.of("privacy", "difficulty");
    private static final Set<String> PRIVACY_KEYS = Set.of(
            "entity-levels",
            "deny-lists",
            "patterns",
            "allow-lists",
            "redaction",
            "send-unscannable-content",
            "fail-closed");
    private static final Set<String> DENY_LIST_KEYS = Set.of("type", "terms", "case-sensitive", "whole-words", "score");
    private static final Set<String> PATTERN_KEYS = Set.of("type", "regex", "score");
    private static final Set<String> ALLOW_LIST_KEYS = Set.of("terms", "patterns", "only-for");
    private static final Set<String> DIFFICULTY_KEYS = Set.of("thresholds", "calibration-file", "task-types");
    private static final Set<String> ACTION_KEYS =
            Set.of("route", "keep-local", "local-first", "redact-then-remote", "refuse");
    private static final Set<String> RULE_KEYS = union(ACTION_KEYS, Set.of("name", "description", "when"));
    private static final Set<String> WHEN_KEYS = Set.of(
            "sensitivity-at-least",
            "entity-types",
            "difficulty-at-least",
            "difficulty-below",
            "prompt-tokens-over",
            "exceeds-context-of",
            "script",
            "tenant",
            "tenant-matches",
            "tags-any",
            "tags-all",
            "needs",
            "headers",
            "estimated-cost-over",
            "tier-healthy",
            "tier-unhealthy",
            "time-of-day",
            "task",
            "language");
    private static final Set<String> TASK_KEYS = Set.of("types", "min-confidence");
    private static final Set<String> LANGUAGE_KEYS = Set.of("languages", "min-confidence");
    private static final Set<String> COST_KEYS = Set.of("tier", "usd");
    private static final Set<String> TIME_KEYS = Set.of("from", "to", "zone", "days");
    private static final Set<String> ROUTE_KEYS = Set.of("tier", "group", "choose", "fallback");
    private static final Set<String> KEEP_LOCAL_KEYS = Set.of("tier", "fallback");
    private static final Set<String> LOCAL_FIRST_KEYS = Set.of("tier", "escalate-to", "min-confidence", "fallback");
    private static final Set<String> REDACT_KEYS = Set.of("tier", "fallback");
    private static final Set<String> REFUSE_KEYS = Set.of("message");
    private static final Set<String> BUDGETS_KEYS = Set.of("store", "zone", "limits");
    private static final Set<String> STORE_KEYS = Set.of("type", "url", "key-prefix");
    private static final Set<String> LIMIT_KEYS = Set.of(
            "name",
            "tenants",
            "period",
            "max-requests",
            "max-tokens",
            "max-cost",
            "tiers",
            "when-exceeded",
            "on-store-unavailable");
    private static final Set<String> SECRET_KEYS = Set.of("api-key", "url");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Map<String, DayOfWeek> DAYS = days();
    private static final Map<String, Character.UnicodeScript> SCRIPTS = scripts();

    private final String source;
    private final @Nullable Path file;
    private final Map<String, String> environment;
    private final List<PolicyProblem> problems = new ArrayList<>();
    private final Map<String, YamlNode.Location> locations = new HashMap<>();
    private AssessmentSettings assessment = AssessmentSettings.defaults();

    private PolicyReader(String source, @Nullable Path file, Map<String, String> environment) {
        this.source = source;
        this.file = file;
        this.environment = environment;
    }

    /**
     * Reads a policy document, resolving {@code extends}.
     *
     * @param source the file name used in problem locations
     * @param file the file the document came from, to resolve relative paths; null for text
     * @param environment the variables {@code ${NAME}} may refer to
     * @param presets the preset names and a way to read each one's YAML
     * @throws InvalidPolicyException listing every problem in the document
     */
    public static Policy read(
            String yaml,
            String source,
            @Nullable Path file,
            Map<String, String> environment,
            Set<String> presets,
            Function<String, String> presetYaml) {
        PolicyDocuments.Resolved resolved =
                new PolicyDocuments(presets, presetYaml, environment).resolve(yaml, source, file);
        if (!resolved.problems().isEmpty()) {
            throw new InvalidPolicyException(sortedProblems(new ArrayList<>(resolved.problems())));
        }
        return new PolicyReader(source, file, environment)
                .readDocument(resolved.root().orElseThrow());
    }

    private Policy readDocument(YamlNode.Mapping root) {
        Map<String, YamlNode> top = fields(root, "", TOP_KEYS);
        Policy.Builder builder = Policy.builder(text(top.get("name"), "name").orElse("policy"));
        requirePresent(top, root, "", "tiers", "default");
        Map<String, Locality> localities = new LinkedHashMap<>();
        mapping(top.get("tiers"), "tiers").ifPresent(tiers -> readTiers(tiers, builder, localities));
        mapping(top.get("groups"), "groups").ifPresent(groups -> readGroups(groups, builder));
        mapping(top.get("assessment"), "assessment").ifPresent(node -> readAssessment(node, builder));
        sequence(top.get("rules"), "rules").ifPresent(rules -> readRules(rules, builder));
        mapping(top.get("default"), "default")
                .flatMap(node -> readAction(node, "default", ACTION_KEYS))
                .ifPresent(builder::defaultAction);
        mapping(top.get("budgets"), "budgets").ifPresent(node -> readBudgets(node, builder));
        mapping(top.get("audit"), "audit").ifPresent(node -> readAudit(node, builder));
        mapping(top.get("learning"), "learning").ifPresent(node -> readLearning(node, builder));
        // Cross-references (undefined tiers, duplicate names, cycles) are checked once every field reads
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
            throw new InvalidPolicyException(sortedProblems(problems));
        }
        return policy;
    }

    private static List<PolicyProblem> sortedProblems(List<PolicyProblem> problems) {
        problems.sort(Comparator.comparing(PolicyProblem::source)
                .thenComparingInt(PolicyProblem::line)
                .thenComparingInt(PolicyProblem::column));
        return problems;
    }

    // ---- tiers

    private void readTiers(YamlNode.Mapping tiers, Policy.Builder builder, Map<String, Locality> localities) {
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode.Entry entry : tiers.entries()) {
            String path = "tiers." + entry.key();
            if (!seen.add(entry.key())) {
                problems.add(problemAt(entry.keyLocation(), path, "duplicate key '" + entry.key() + "'"));
                continue;
            }
            locations.put(path, entry.keyLocation());
            mapping(entry.value(), path).ifPresent(tier -> readTier(entry.key(), tier, path, builder, localities));
        }
    }

    private void readTier(
            String name, YamlNode.Mapping node, String path, Policy.Builder builder, Map<String, Locality> localities) {
        Map<String, YamlNode> raw = fields(node, path, TIER_ANY);
        requirePresent(raw, node, path, "locality");
        Optional<Locality> locality = text(raw.get("locality"), path + ".locality")
                .flatMap(value -> parseEnum(value, Locality.class, raw.get("locality"), path + ".locality"));
        if (locality.isEmpty()) {
            return;
        }
        localities.put(name, locality.get());
        Set<String> allowed = locality.get() == Locality.LOCAL ? TIER_LOCAL : TIER_REMOTE;
        for (YamlNode.Entry entry : node.entries()) {
            if (raw.containsKey(entry.key()) && !allowed.contains(entry.key())) {
                problems.add(problemAt(
                        entry.keyLocation(),
                        path + "." + entry.key(),
                        "'" + entry.key() + "' is only for " + (locality.get() == Locality.LOCAL ? "remote" : "local")
                                + " tiers (allowed for a " + locality.get().wireName() + " tier: " + sorted(allowed)
                                + ")"));
                raw.remove(entry.key());
            }
        }
        TierSpec.Builder spec = TierSpec.of(name, locality.get());
        int before = problems.size();
        text(raw.get("model"), path + ".model")
                .ifPresent(v -> apply(raw.get("model"), path + ".model", () -> spec.model(v)));
        integer(raw.get("context-window"), path + ".context-window")
                .ifPresent(
                        v -> apply(raw.get("context-window"), path + ".context-window", () -> spec.contextWindow(v)));
        text(raw.get("fallback"), path + ".fallback")
                .ifPresent(v -> apply(raw.get("fallback"), path + ".fallback", () -> spec.fallback(v)));
        strings(raw.get("languages"), path + ".languages")
                .ifPresent(v -> apply(raw.get("languages"), path + ".languages", () -> spec.languages(v)));
        number(raw.get("cost-per-million-tokens"), path + ".cost-per-million-tokens")
                .ifPresent(v -> apply(
                        raw.get("cost-per-million-tokens"),
                        path + ".cost-per-million-tokens",
                        () -> spec.costPerMillionTokens(v)));
        bool(raw.get("tool-calling"), path + ".tool-calling")
                .ifPresent(v -> apply(raw.get("tool-calling"), path + ".tool-calling", () -> spec.toolCalling(v)));
        integer(raw.get("structured-output-attempts"), path + ".structured-output-attempts")
                .ifPresent(v -> apply(
                        raw.get("structured-output-attempts"),
                        path + ".structured-output-attempts",
                        () -> spec.structuredOutputAttempts(v)));
        Optional<Double> input = number(raw.get("input-price-per-million"), path + ".input-price-per-million");
        Optional<Double> output = number(raw.get("output-price-per-million"), path + ".output-price-per-million");
        if (input.isPresent() || output.isPresent()) {
            YamlNode at = raw.containsKey("input-price-per-million")
                    ? raw.get("input-price-per-million")
                    : raw.get("output-price-per-million");
            apply(
                    at,
                    path + ".input-price-per-million",
                    () -> spec.pricesPerMillion(input.orElse(0.0), output.orElse(0.0)));
        }
        text(raw.get("base-url"), path + ".base-url").ifPresent(v -> {
            try {
                URI uri = new URI(v);
                apply(raw.get("base-url"), path + ".base-url", () -> spec.baseUrl(uri));
            } catch (URISyntaxException e) {
                problems.add(problemAt(
                        raw.get("base-url").location(),
                        path + ".base-url",
                        "'" + Urls.withoutSecrets(v) + "' is not a URL; write it like https://api.openai.com/v1"));
            }
        });
        secret(raw.get("api-key"), path + ".api-key")
                .ifPresent(v -> apply(raw.get("api-key"), path + ".api-key", () -> spec.apiKey(v)));
        bool(raw.get("allow-cleartext-credentials"), path + ".allow-cleartext-credentials")
                .ifPresent(v -> apply(
                        raw.get("allow-cleartext-credentials"),
                        path + ".allow-cleartext-credentials",
                        () -> spec.allowCleartextCredentials(v)));
        mapping(raw.get("timeouts"), path + ".timeouts").ifPresent(timeouts -> {
            Map<String, YamlNode> t = fields(timeouts, path + ".timeouts", TIMEOUT_KEYS);
            duration(t.get("connect"), path + ".timeouts.connect")
                    .ifPresent(d -> apply(t.get("connect"), path + ".timeouts.connect", () -> spec.connectTimeout(d)));
            duration(t.get("read"), path + ".timeouts.read")
                    .ifPresent(d -> apply(t.get("read"), path + ".timeouts.read", () -> spec.readTimeout(d)));
            duration(t.get("call"), path + ".timeouts.call")
                    .ifPresent(d -> apply(t.get("call"), path + ".timeouts.call", () -> spec.callTimeout(d)));
        });
        mapping(raw.get("azure"), path + ".azure").ifPresent(azure -> {
            Map<String, YamlNode> a = fields(azure, path + ".azure", AZURE_KEYS);
            if (a.containsKey("deployment")) {
                // Azure OpenAI rejects calls without it; say so here rather than at the first request.
                requirePresent(a, azure, path + ".azure", "api-version");
            }
            text(a.get("deployment"), path + ".azure.deployment")
                    .ifPresent(
                            v -> apply(a.get("deployment"), path + ".azure.deployment", () -> spec.azureDeployment(v)));
            text(a.get("api-version"), path + ".azure.api-version")
                    .ifPresent(v -> apply(a.get("api-version"), path + ".azure.api-version", () -> spec.apiVersion(v)));
        });
        mapping(raw.get("parameters"), path + ".parameters")
                .ifPresent(parameters -> readRemoteParameters(
                        fields(parameters, path + ".parameters", REMOTE_PARAMETER_KEYS), path + ".parameters", spec));
        if (problems.size() == before) {
            // The only whole-tier check is about the base URL (credentials over plain http), so it points there.
            boolean hasUrl = raw.containsKey("base-url");
            apply(
                    hasUrl ? raw.get("base-url").location() : node.location(),
                    hasUrl ? path + ".base-url" : path,
                    () -> builder.tier(spec.build()));
        }
    }

    private void readRemoteParameters(Map<String, YamlNode> p, String path, TierSpec.Builder spec) {
        integer(p.get("seed"), path + ".seed").ifPresent(v -> apply(p.get("seed"), path + ".seed", () -> spec.seed(v)));
        text(p.get("user"), path + ".user").ifPresent(v -> apply(p.get("user"), path + ".user", () -> spec.user(v)));
        text(p.get("reasoning-effort"), path + ".reasoning-effort")
                .ifPresent(v ->
                        apply(p.get("reasoning-effort"), path + ".reasoning-effort", () -> spec.reasoningEffort(v)));
        text(p.get("max-tokens-field"), path + ".max-tokens-field")
                .ifPresent(v ->
                        apply(p.get("max-tokens-field"), path + ".max-tokens-field", () -> spec.maxTokensField(v)));
        bool(p.get("parallel-tool-calls"), path + ".parallel-tool-calls")
                .ifPresent(v -> apply(
                        p.get("parallel-tool-calls"), path + ".parallel-tool-calls", () -> spec.parallelToolCalls(v)));
        mapping(p.get("custom"), path + ".custom").ifPresent(custom -> {
            for (YamlNode.Entry entry : custom.entries()) {
                String at = path + ".custom." + entry.key();
                plainValue(entry.value(), at)
                        .ifPresent(v -> apply(entry.keyLocation(), at, () -> spec.customParameter(entry.key(), v)));
            }
        });
    }

    /**
     * A YAML value as JSON-ready Java: mappings and lists as they are, {@code true}/{@code false} as
     * booleans, numerals as numbers, anything else as text ({@code ${VAR}} interpolated).
     */
    private Optional<Object> plainValue(YamlNode node, String path) {
        switch (node) {
            case YamlNode.Mapping mapping -> {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (YamlNode.Entry entry : mapping.entries()) {
                    plainValue(entry.value(), path + "." + entry.key()).ifPresent(v -> values.put(entry.key(), v));
                }
                return Optional.of(values);
            }
            case YamlNode.Sequence sequence -> {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < sequence.items().size(); i++) {
                    plainValue(sequence.items().get(i), path + "[" + i + "]").ifPresent(values::add);
                }
                return Optional.of(values);
            }
            case YamlNode.Scalar scalar -> {
                if (scalar.isNull()) {
                    problems.add(problemAt(node.location(), path, "expected a value, got nothing"));
                    return Optional.empty();
                }
                return text(node, path).map(PolicyReader::jsonScalar);
            }
        }
    }

    private static Object jsonScalar(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.matches("-?[0-9]{1,18}")) {
            return Long.valueOf(text);
        }
        if (text.matches("-?[0-9]+\\.[0-9]+([eE][-+]?[0-9]+)?")) {
            return Double.valueOf(text);
        }
        return text;
    }

    // ---- assessment

    private void readAssessment(YamlNode.Mapping node, Policy.Builder builder) {
        Map<String, YamlNode> fields = fields(node, "assessment", ASSESSMENT_KEYS);
        AssessmentSettings.Builder settings = AssessmentSettings.builder();
        int before = problems.size();
        mapping(fields.get("privacy"), "assessment.privacy").ifPresent(privacy -> {
            Map<String, YamlNode> p = fields(privacy, "assessment.privacy", PRIVACY_KEYS);
            mapping(p.get("entity-levels"), "assessment.privacy.entity-levels").ifPresent(levels -> {
                Set<String> seen = new LinkedHashSet<>();
                for (YamlNode.Entry entry : levels.entries()) {
                    String path = "assessment.privacy.entity-levels." + entry.key();
                    if (!seen.add(entry.key())) {
                        problems.add(problemAt(entry.keyLocation(), path, "duplicate key '" + entry.key() + "'"));
                        continue;
                    }
                    text(entry.value(), path)
                            .ifPresent(level -> apply(
                                    entry.keyLocation(),
                                    path,
                                    () -> settings.entityLevel(
                                            EntityType.of(entry.key()), Sensitivity.fromWireName(level))));
                }
            });
            readRecognizers(p, settings);
            bool(p.get("send-unscannable-content"), "assessment.privacy.send-unscannable-content")
                    .ifPresent(settings::sendUnscannableContent);
            bool(p.get("fail-closed"), "assessment.privacy.fail-closed").ifPresent(settings::failClosed);
        });
        mapping(fields.get("difficulty"), "assessment.difficulty").ifPresent(difficulty -> {
            Map<String, YamlNode> d = fields(difficulty, "assessment.difficulty", DIFFICULTY_KEYS);
            mapping(d.get("thresholds"), "assessment.difficulty.thresholds").ifPresent(thresholds -> {
                Set<String> seen = new LinkedHashSet<>();
                for (YamlNode.Entry entry : thresholds.entries()) {
                    String path = "assessment.difficulty.thresholds." + entry.key();
                    if (!seen.add(entry.key())) {
                        problems.add(problemAt(entry.keyLocation(), path, "duplicate key '" + entry.key() + "'"));
                        continue;
                    }
                    number(entry.value(), path)
                            .ifPresent(value ->
                                    apply(entry.value(), path, () -> settings.difficultyThreshold(entry.key(), value)));
                }
            });
            mapping(d.get("task-types"), "assessment.difficulty.task-types").ifPresent(types -> {
                Set<String> seen = new LinkedHashSet<>();
                for (YamlNode.Entry entry : types.entries()) {
                    String path = "assessment.difficulty.task-types." + entry.key();
                    if (!seen.add(entry.key())) {
                        problems.add(problemAt(entry.keyLocation(), path, "duplicate key '" + entry.key() + "'"));
                        continue;
                    }
                    strings(entry.value(), path)
                            .ifPresent(exemplars -> apply(
                                    entry.keyLocation(), path, () -> settings.taskExemplars(entry.key(), exemplars)));
                }
            });
            text(d.get("calibration-file"), "assessment.difficulty.calibration-file")
                    .ifPresent(value -> {
                        Path calibration = Path.of(value);
                        if (!calibration.isAbsolute()
                                && file != null
                                && file.toAbsolutePath().getParent() != null) {
                            calibration = file.toAbsolutePath()
                                    .getParent()
                                    .resolve(calibration)
                                    .normalize();
                        }
                        if (file != null && !Files.isRegularFile(calibration)) {
                            problems.add(problemAt(
                                    d.get("calibration-file").location(),
                                    "assessment.difficulty.calibration-file",
                                    "calibration file '" + value + "' does not exist (looked at " + calibration + ")"));
                        } else {
                            settings.calibrationFile(calibration);
                        }
                    });
        });
        if (problems.size() == before) {
            assessment = settings.build();
            builder.assessment(assessment);
        }
    }

    private void readRecognizers(Map<String, YamlNode> p, AssessmentSettings.Builder settings) {
        String base = "assessment.privacy.";
        sequence(p.get("deny-lists"), base + "deny-lists").ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                String path = base + "deny-lists[" + i + "]";
                YamlNode item = list.items().get(i);
                mapping(item, path).ifPresent(node -> {
                    Map<String, YamlNode> f = fields(node, path, DENY_LIST_KEYS);
                    requirePresent(f, node, path, "type", "terms");
                    int before = problems.size();
                    Optional<EntityType> type = entityType(f.get("type"), path + ".type");
                    Optional<List<String>> terms = strings(f.get("terms"), path + ".terms");
                    boolean caseSensitive = bool(f.get("case-sensitive"), path + ".case-sensitive")
                            .orElse(false);
                    boolean wholeWords =
                            bool(f.get("whole-words"), path + ".whole-words").orElse(true);
                    double score = score(f.get("score"), path + ".score", 0.9);
                    if (problems.size() == before && type.isPresent() && terms.isPresent()) {
                        apply(
                                f.get("terms"),
                                path + ".terms",
                                () -> settings.denyList(new AssessmentSettings.DenyListSpec(
                                        type.get(), terms.get(), caseSensitive, wholeWords, score)));
                    }
                });
            }
        });
        sequence(p.get("patterns"), base + "patterns").ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                String path = base + "patterns[" + i + "]";
                mapping(list.items().get(i), path).ifPresent(node -> {
                    Map<String, YamlNode> f = fields(node, path, PATTERN_KEYS);
                    requirePresent(f, node, path, "type", "regex");
                    int before = problems.size();
                    Optional<EntityType> type = entityType(f.get("type"), path + ".type");
                    Optional<String> regex = text(f.get("regex"), path + ".regex");
                    double score = score(f.get("score"), path + ".score", 0.6);
                    if (problems.size() == before && type.isPresent() && regex.isPresent()) {
                        apply(
                                f.get("regex"),
                                path + ".regex",
                                () -> settings.pattern(
                                        new AssessmentSettings.PatternSpec(type.get(), regex.get(), score)));
                    }
                });
            }
        });
        sequence(p.get("allow-lists"), base + "allow-lists").ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                String path = base + "allow-lists[" + i + "]";
                YamlNode item = list.items().get(i);
                mapping(item, path).ifPresent(node -> {
                    Map<String, YamlNode> f = fields(node, path, ALLOW_LIST_KEYS);
                    int before = problems.size();
                    List<String> terms =
                            strings(f.get("terms"), path + ".terms").orElse(List.of());
                    List<String> patterns =
                            strings(f.get("patterns"), path + ".patterns").orElse(List.of());
                    Set<EntityType> onlyFor =
                            entityTypes(f.get("only-for"), path + ".only-for").orElse(Set.of());
                    if (problems.size() != before) {
                        return;
                    }
                    // Point a bad pattern at its own list item, anything else at the allow-list.
                    for (int j = 0; j < patterns.size(); j++) {
                        YamlNode patternNode =
                                ((YamlNode.Sequence) f.get("patterns")).items().get(j);
                        String regex = patterns.get(j);
                        apply(
                                patternNode,
                                path + ".patterns[" + j + "]",
                                () -> new AssessmentSettings.AllowListSpec(List.of(), List.of(regex), Set.of()));
                    }
                    if (problems.size() == before) {
                        apply(
                                node,
                                path,
                                () -> settings.allowList(
                                        new AssessmentSettings.AllowListSpec(terms, patterns, onlyFor)));
                    }
                });
            }
        });
        mapping(p.get("redaction"), base + "redaction").ifPresent(methods -> {
            Set<String> seen = new LinkedHashSet<>();
            for (YamlNode.Entry entry : methods.entries()) {
                String path = base + "redaction." + entry.key();
                if (!seen.add(entry.key())) {
                    problems.add(problemAt(entry.keyLocation(), path, "duplicate key '" + entry.key() + "'"));
                    continue;
                }
                Optional<EntityType> type = Optional.empty();
                try {
                    type = Optional.of(EntityType.of(entry.key()));
                } catch (IllegalArgumentException e) {
                    problems.add(problemAt(entry.keyLocation(), path, e.getMessage()));
                }
                Optional<RedactionMethod> method = text(entry.value(), path)
                        .flatMap(v -> parseEnum(v, RedactionMethod.class, entry.value(), path));
                if (type.isPresent() && method.isPresent()) {
                    EntityType t = type.get();
                    RedactionMethod m = method.get();
                    apply(entry.value(), path, () -> settings.redaction(t, m));
                }
            }
        });
    }

    private Optional<EntityType> entityType(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> build(node, path, () -> EntityType.of(value)));
    }

    private Optional<Boolean> bool(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            if (value.equals("true") || value.equals("false")) {
                return Optional.of(Boolean.parseBoolean(value));
            }
            problems.add(problemAt(node.location(), path, "expected true or false, got '" + value + "'"));
            return Optional.empty();
        });
    }

    private double score(@Nullable YamlNode node, String path, double fallback) {
        Optional<Double> value = number(node, path);
        if (value.isPresent() && !(value.get() >= 0.0 && value.get() <= 1.0)) {
            problems.add(problemAt(node.location(), path, "score must be in [0, 1], was " + value.get()));
            return fallback;
        }
        return value.orElse(fallback);
    }

    // ---- rules and conditions

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
        text(fields.get("description"), path + ".description");
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
        for (Map.Entry<String, YamlNode> field : fields.entrySet()) {
            String key = field.getKey();
            YamlNode value = field.getValue();
            String at = path + "." + key;
            switch (key) {
                case "sensitivity-at-least" ->
                    text(value, at)
                            .ifPresent(v -> apply(value, at, () -> condition.sensitivityAtLeast(sensitivity(v))));
                case "entity-types" ->
                    entityTypes(value, at).ifPresent(types -> apply(value, at, () -> condition.entityTypes(types)));
                case "difficulty-at-least" ->
                    threshold(value, at)
                            .ifPresent(t -> apply(
                                    value, at, () -> condition.clause(new Clause.DifficultyAtLeast(t.value, t.name))));
                case "difficulty-below" ->
                    threshold(value, at)
                            .ifPresent(t -> apply(
                                    value, at, () -> condition.clause(new Clause.DifficultyBelow(t.value, t.name))));
                case "prompt-tokens-over" ->
                    integer(value, at).ifPresent(v -> apply(value, at, () -> condition.promptTokensOver(v)));
                case "exceeds-context-of" ->
                    text(value, at).ifPresent(v -> apply(value, at, () -> condition.exceedsContextOf(v)));
                case "script" ->
                    readScripts(value, at).ifPresent(scripts -> apply(value, at, () -> condition.script(scripts)));
                case "tenant" ->
                    stringsOrOne(value, at)
                            .ifPresent(v -> apply(value, at, () -> condition.tenant(new LinkedHashSet<>(v))));
                case "tenant-matches" ->
                    text(value, at).ifPresent(v -> apply(value, at, () -> condition.tenantMatches(v)));
                case "tags-any" ->
                    stringsOrOne(value, at)
                            .ifPresent(v -> apply(value, at, () -> condition.tagsAny(new LinkedHashSet<>(v))));
                case "tags-all" ->
                    stringsOrOne(value, at)
                            .ifPresent(v -> apply(value, at, () -> condition.tagsAll(new LinkedHashSet<>(v))));
                case "needs" ->
                    stringsOrOne(value, at)
                            .ifPresent(v -> apply(value, at, () -> condition.clause(Clause.Needs.of(v))));
                case "headers" ->
                    mapping(value, at).ifPresent(headers -> {
                        if (headers.entries().isEmpty()) {
                            problems.add(problemAt(headers.location(), at, "headers must name at least one header"));
                        }
                        Set<String> seen = new LinkedHashSet<>();
                        for (YamlNode.Entry header : headers.entries()) {
                            String headerPath = at + "." + header.key();
                            if (!seen.add(header.key().toLowerCase(Locale.ROOT))) {
                                problems.add(problemAt(
                                        header.keyLocation(), headerPath, "duplicate key '" + header.key() + "'"));
                                continue;
                            }
                            text(header.value(), headerPath)
                                    .ifPresent(regex -> apply(
                                            header.value(), headerPath, () -> condition.header(header.key(), regex)));
                        }
                    });
                case "estimated-cost-over" ->
                    mapping(value, at).ifPresent(cost -> {
                        Map<String, YamlNode> c = fields(cost, at, COST_KEYS);
                        requirePresent(c, cost, at, "tier", "usd");
                        Optional<String> tier = text(c.get("tier"), at + ".tier");
                        Optional<Double> usd = number(c.get("usd"), at + ".usd");
                        if (tier.isPresent() && usd.isPresent()) {
                            apply(c.get("usd"), at + ".usd", () -> condition.estimatedCostOver(tier.get(), usd.get()));
                        }
                    });
                case "tier-healthy" -> text(value, at).ifPresent(v -> apply(value, at, () -> condition.tierHealthy(v)));
                case "tier-unhealthy" ->
                    text(value, at).ifPresent(v -> apply(value, at, () -> condition.tierUnhealthy(v)));
                case "time-of-day" -> mapping(value, at).ifPresent(window -> readTimeOfDay(window, at, condition));
                case "task" ->
                    readChoiceWithConfidence(value, at, TASK_KEYS, "types")
                            .ifPresent(t -> apply(
                                    value, at, () -> condition.clause(new Clause.Task(t.names(), t.minConfidence()))));
                case "language" ->
                    readChoiceWithConfidence(value, at, LANGUAGE_KEYS, "languages")
                            .ifPresent(l -> apply(
                                    value,
                                    at,
                                    () -> condition.clause(new Clause.Language(l.names(), l.minConfidence()))));
                default -> throw new IllegalStateException(key);
            }
        }
        return problems.size() == before ? Optional.of(condition.build()) : Optional.empty();
    }

    private record NamesWithConfidence(Set<String> names, double minConfidence) {}

    /** {@code key: a}, {@code key: [a, b]} or {@code key: {<listKey>: [a, b], min-confidence: 0.6}}. */
    private Optional<NamesWithConfidence> readChoiceWithConfidence(
            YamlNode value, String path, Set<String> keys, String listKey) {
        if (value instanceof YamlNode.Mapping mapping) {
            Map<String, YamlNode> f = fields(mapping, path, keys);
            requirePresent(f, mapping, path, listKey);
            Optional<List<String>> names = stringsOrOne(f.get(listKey), path + "." + listKey);
            double minConfidence =
                    number(f.get("min-confidence"), path + ".min-confidence").orElse(0.0);
            return names.map(n -> new NamesWithConfidence(new LinkedHashSet<>(n), minConfidence));
        }
        return stringsOrOne(value, path).map(n -> new NamesWithConfidence(new LinkedHashSet<>(n), 0.0));
    }

    private record Threshold(double value, Optional<String> name) {}

    private static final double HARD_FALLBACK = 0.6;

    private Optional<Threshold> threshold(YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                return Optional.of(new Threshold(Double.parseDouble(value), Optional.empty()));
            } catch (NumberFormatException e) {
                if (value.equals(Clause.CALIBRATED)) {
                    // Resolved per request from the estimator; the hard threshold stands in for an
                    // estimator that has no calibration.
                    return Optional.of(new Threshold(
                            assessment.threshold("hard").orElse(HARD_FALLBACK), Optional.of(Clause.CALIBRATED)));
                }
                var threshold = assessment.threshold(value);
                if (threshold.isPresent()) {
                    return Optional.of(new Threshold(threshold.getAsDouble(), Optional.of(value)));
                }
                Set<String> names = assessment.difficultyThresholds().keySet();
                problems.add(problemAt(
                        node.location(),
                        path,
                        "'" + value + "' is neither a number in [0, 1] nor a threshold under"
                                + " assessment.difficulty.thresholds" + Suggestions.didYouMean(value, names)
                                + " (thresholds: " + String.join(", ", names) + ", and " + Clause.CALIBRATED
                                + " for the calibration's own)"));
                return Optional.empty();
            }
        });
    }

    private Optional<Set<Character.UnicodeScript>> readScripts(YamlNode node, String path) {
        return stringsOrOne(node, path).flatMap(names -> {
            Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
            boolean ok = true;
            for (String name : names) {
                Character.UnicodeScript script = SCRIPTS.get(name);
                if (script == null) {
                    ok = false;
                    problems.add(problemAt(
                            node.location(),
                            path,
                            "unknown script '" + name + "'" + Suggestions.didYouMean(name, SCRIPTS.keySet())
                                    + " (scripts are Unicode script names in lower case, like latin, han, cyrillic,"
                                    + " arabic)"));
                } else {
                    scripts.add(script);
                }
            }
            return ok ? Optional.of(scripts) : Optional.empty();
        });
    }

    private void readTimeOfDay(YamlNode.Mapping window, String path, Condition.Builder condition) {
        Map<String, YamlNode> w = fields(window, path, TIME_KEYS);
        requirePresent(w, window, path, "from", "to");
        Optional<LocalTime> from = time(w.get("from"), path + ".from");
        Optional<LocalTime> to = time(w.get("to"), path + ".to");
        ZoneId zone = ZoneId.of("UTC");
        boolean ok = true;
        Optional<String> zoneName = text(w.get("zone"), path + ".zone");
        if (zoneName.isPresent()) {
            try {
                zone = ZoneId.of(zoneName.get());
            } catch (DateTimeException e) {
                ok = false;
                problems.add(problemAt(
                        w.get("zone").location(),
                        path + ".zone",
                        "unknown time zone '" + zoneName.get() + "'; use a region id like Europe/Berlin, or UTC"));
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Optional<List<String>> dayNames = strings(w.get("days"), path + ".days");
        if (dayNames.isPresent()) {
            for (String day : dayNames.get()) {
                DayOfWeek parsed = DAYS.get(day);
                if (parsed == null) {
                    ok = false;
                    problems.add(problemAt(
                            w.get("days").location(),
                            path + ".days",
                            "'" + day + "' is not a day" + Suggestions.didYouMean(day, DAYS.keySet())
                                    + " (allowed: mon, tue, wed, thu, fri, sat, sun)"));
                } else {
                    days.add(parsed);
                }
            }
        }
        if (ok && from.isPresent() && to.isPresent()) {
            ZoneId finalZone = zone;
            apply(window, path, () -> condition.timeOfDay(from.get(), to.get(), finalZone, days));
        }
    }

    // ---- actions

    private Optional<Action> readAction(YamlNode.Mapping node, String path, Set<String> allowed) {
        Map<String, YamlNode> fields = fields(node, path, allowed);
        List<String> given =
                fields.keySet().stream().filter(ACTION_KEYS::contains).toList();
        if (given.size() != 1) {
            problems.add(problemAt(
                    node.location(),
                    path,
                    given.isEmpty()
                            ? "give an action: one of " + sorted(ACTION_KEYS)
                            : given.size() == 2
                                    ? "give one action, not both '" + given.get(0) + "' and '" + given.get(1) + "'"
                                    : "give one action, not " + given.size() + " (" + String.join(", ", given) + ")"));
            return Optional.empty();
        }
        String key = given.get(0);
        String actionPath = path + "." + key;
        YamlNode value = fields.get(key);
        if (value instanceof YamlNode.Scalar scalar && scalar.isNull() && key.equals("keep-local")) {
            return Optional.of(new Action.KeepLocal(Optional.empty()));
        }
        if (key.equals("refuse") && value instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return text(value, actionPath)
                    .flatMap(message -> build(value, actionPath, () -> new Action.Refuse(message)));
        }
        return mapping(value, actionPath).flatMap(action -> {
            int before = problems.size();
            Optional<Action> result = switch (key) {
                case "route" -> {
                    Map<String, YamlNode> f = fields(action, actionPath, ROUTE_KEYS);
                    if (f.containsKey("group")) {
                        yield readRouteGroup(action, f, actionPath);
                    }
                    if (f.containsKey("choose")) {
                        problems.add(problemAt(
                                f.get("choose").location(),
                                actionPath + ".choose",
                                "choose picks a tier of a group; name one with group: instead of tier:"));
                    }
                    requirePresent(f, action, actionPath, "tier");
                    Optional<String> tier = text(f.get("tier"), actionPath + ".tier");
                    List<String> fallback =
                            strings(f.get("fallback"), actionPath + ".fallback").orElse(List.of());
                    yield tier.map(t -> new Action.Route(t, fallback));
                }
                case "keep-local" -> {
                    Map<String, YamlNode> f = fields(action, actionPath, KEEP_LOCAL_KEYS);
                    Optional<String> tier = text(f.get("tier"), actionPath + ".tier");
                    List<String> fallback =
                            strings(f.get("fallback"), actionPath + ".fallback").orElse(List.of());
                    yield Optional.of(new Action.KeepLocal(tier, fallback));
                }
                case "local-first" -> {
                    Map<String, YamlNode> f = fields(action, actionPath, LOCAL_FIRST_KEYS);
                    requirePresent(f, action, actionPath, "escalate-to");
                    Optional<String> tier = text(f.get("tier"), actionPath + ".tier");
                    Optional<String> escalateTo = text(f.get("escalate-to"), actionPath + ".escalate-to");
                    double minConfidence = number(f.get("min-confidence"), actionPath + ".min-confidence")
                            .orElse(Action.LocalFirst.DEFAULT_MIN_CONFIDENCE);
                    List<String> fallback =
                            strings(f.get("fallback"), actionPath + ".fallback").orElse(List.of());
                    YamlNode at = f.getOrDefault("min-confidence", action);
                    String atPath = f.containsKey("min-confidence") ? actionPath + ".min-confidence" : actionPath;
                    yield escalateTo.flatMap(
                            e -> build(at, atPath, () -> new Action.LocalFirst(tier, e, minConfidence, fallback)));
                }
                case "redact-then-remote" -> {
                    Map<String, YamlNode> f = fields(action, actionPath, REDACT_KEYS);
                    requirePresent(f, action, actionPath, "tier");
                    Optional<String> tier = text(f.get("tier"), actionPath + ".tier");
                    List<String> fallback =
                            strings(f.get("fallback"), actionPath + ".fallback").orElse(List.of());
                    yield tier.map(t -> new Action.RedactThenRemote(t, fallback));
                }
                case "refuse" -> {
                    Map<String, YamlNode> f = fields(action, actionPath, REFUSE_KEYS);
                    requirePresent(f, action, actionPath, "message");
                    yield text(f.get("message"), actionPath + ".message")
                            .flatMap(m -> build(f.get("message"), actionPath + ".message", () -> new Action.Refuse(m)));
                }
                default -> throw new IllegalStateException(key);
            };
            return problems.size() == before ? result : Optional.empty();
        });
    }

    private Optional<Action> readRouteGroup(YamlNode.Mapping action, Map<String, YamlNode> f, String path) {
        if (f.containsKey("tier")) {
            problems.add(problemAt(
                    f.get("tier").location(),
                    path + ".tier",
                    "give tier or group, not both: a route goes to one tier, or to the chosen tier of a group"));
            return Optional.empty();
        }
        Optional<String> group = text(f.get("group"), path + ".group");
        Action.Choice choice = Action.Choice.IN_ORDER;
        Optional<String> choose = text(f.get("choose"), path + ".choose");
        if (choose.isPresent()) {
            try {
                choice = Action.Choice.ofWireName(choose.get());
            } catch (IllegalArgumentException e) {
                problems.add(problemAt(
                        f.get("choose").location(),
                        path + ".choose",
                        e.getMessage()
                                + Suggestions.didYouMean(choose.get(), List.of("lowest-token-tax", "in-order"))));
                return Optional.empty();
            }
        }
        List<String> fallback = strings(f.get("fallback"), path + ".fallback").orElse(List.of());
        Action.Choice chosen = choice;
        return group.map(g -> new Action.RouteGroup(g, chosen, fallback));
    }

    // ---- groups

    private void readGroups(YamlNode.Mapping groups, Policy.Builder builder) {
        for (YamlNode.Entry entry : groups.entries()) {
            String path = "groups." + entry.key();
            locations.put(path, entry.keyLocation());
            if (entry.value() instanceof YamlNode.Sequence sequence) {
                for (int i = 0; i < sequence.items().size(); i++) {
                    locations.put(path + "[" + i + "]", sequence.items().get(i).location());
                }
            }
            strings(entry.value(), path).ifPresent(tiers -> builder.group(entry.key(), tiers));
        }
    }

    // ---- audit

    private void readAudit(YamlNode.Mapping node, Policy.Builder builder) {
        Map<String, YamlNode> fields = fields(node, "audit", AUDIT_KEYS);
        requirePresent(fields, node, "audit", "file");
        int before = problems.size();
        Optional<String> file = text(fields.get("file"), "audit.file");
        long maxBytes = longValue(fields.get("max-bytes"), "audit.max-bytes").orElse(AuditSettings.DEFAULT_MAX_BYTES);
        long keep = longValue(fields.get("keep"), "audit.keep").orElse((long) AuditSettings.DEFAULT_KEEP);
        Optional<Secret> hmacKey = secret(fields.get("hmac-key"), "audit.hmac-key");
        Optional<Path> checkpoint =
                text(fields.get("checkpoint"), "audit.checkpoint").map(Path::of);
        boolean refuse = bool(fields.get("refuse-when-unwritable"), "audit.refuse-when-unwritable")
                .orElse(false);
        if (file.isEmpty() || problems.size() != before) {
            return;
        }
        try {
            builder.audit(new AuditSettings(
                    Path.of(file.get()),
                    maxBytes,
                    (int) Math.clamp(keep, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    hmacKey,
                    checkpoint,
                    refuse));
        } catch (IllegalArgumentException e) {
            // The settings' own check names the key it rejects; report it where that key is written.
            String key = AUDIT_KEYS.stream()
                    .filter(name -> e.getMessage().startsWith("audit." + name + " "))
                    .findFirst()
                    .orElse("file");
            problems.add(problemAt(fields.getOrDefault(key, node).location(), "audit." + key, e.getMessage()));
        }
    }

    // ---- learning

    private void readLearning(YamlNode.Mapping node, Policy.Builder builder) {
        Map<String, YamlNode> fields = fields(node, "learning", LEARNING_KEYS);
        requirePresent(fields, node, "learning", "store");
        int before = problems.size();
        Optional<String> store = text(fields.get("store"), "learning.store");
        int maxLines =
                integer(fields.get("max-lines"), "learning.max-lines").orElse(LearningSettings.DEFAULT_MAX_LINES);
        boolean escalations =
                bool(fields.get("escalations"), "learning.escalations").orElse(true);
        Optional<LearningSettings.Shadow> shadow =
                mapping(fields.get("shadow"), "learning.shadow").flatMap(this::readShadow);
        if (store.isEmpty() || problems.size() != before) {
            return;
        }
        try {
            builder.learning(new LearningSettings(java.nio.file.Path.of(store.get()), maxLines, escalations, shadow));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("learning.max-lines") ? "max-lines" : "store";
            problems.add(problemAt(fields.getOrDefault(key, node).location(), "learning." + key, e.getMessage()));
        }
    }

    private Optional<LearningSettings.Shadow> readShadow(YamlNode.Mapping node) {
        String path = "learning.shadow";
        Map<String, YamlNode> fields = fields(node, path, SHADOW_KEYS);
        requirePresent(fields, node, path, "tier", "sample");
        int before = problems.size();
        Optional<String> tier = text(fields.get("tier"), path + ".tier");
        Optional<Double> sample = number(fields.get("sample"), path + ".sample");
        sample.filter(share -> !(share > 0 && share <= 1))
                .ifPresent(share -> problems.add(problemAt(
                        fields.get("sample").location(),
                        path + ".sample",
                        "learning.shadow.sample must be in (0, 1], was " + share)));
        Condition when = mapping(fields.get("when"), path + ".when")
                .flatMap(n -> readCondition(n, path + ".when"))
                .orElse(Condition.always());
        LearningSettings.Agreement agreement = readAgreement(fields.get("agreement"), path + ".agreement");
        if (tier.isEmpty() || sample.isEmpty() || problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new LearningSettings.Shadow(tier.get(), sample.get(), when, agreement));
    }

    private LearningSettings.Agreement readAgreement(@Nullable YamlNode node, String path) {
        LearningSettings.Agreement fallback = new LearningSettings.Agreement.NormalisedMatch();
        if (node == null) {
            return fallback;
        }
        if (node instanceof YamlNode.Scalar) {
            Optional<String> value = text(node, path);
            if (value.isPresent() && !value.get().equals(NORMALISED_MATCH)) {
                problems.add(problemAt(
                        node.location(),
                        path,
                        "agreement must be '" + NORMALISED_MATCH + "', {check: NAME} or {judge: TIER}, was '"
                                + value.get() + "'" + Suggestions.didYouMean(value.get(), Set.of(NORMALISED_MATCH))));
            }
            return fallback;
        }
        Optional<YamlNode.Mapping> mapping = mapping(node, path);
        if (mapping.isEmpty()) {
            return fallback;
        }
        Map<String, YamlNode> fields = fields(mapping.get(), path, AGREEMENT_KEYS);
        if (fields.size() != 1) {
            if (fields.size() > 1) {
                problems.add(problemAt(node.location(), path, "agreement takes one of check or judge, not both"));
            } else if (mapping.get().entries().isEmpty()) {
                problems.add(problemAt(node.location(), path, "agreement needs check: NAME or judge: TIER"));
            }
            return fallback;
        }
        Map.Entry<String, YamlNode> only = fields.entrySet().iterator().next();
        Optional<String> value = text(only.getValue(), path + "." + only.getKey());
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().isBlank()) {
            problems.add(problemAt(only.getValue().location(), path + "." + only.getKey(), "must not be blank"));
            return fallback;
        }
        return only.getKey().equals("check")
                ? new LearningSettings.Agreement.NamedCheck(value.get())
                : new LearningSettings.Agreement.Judge(value.get());
    }

    // ---- budgets

    private void readBudgets(YamlNode.Mapping node, Policy.Builder builder) {
        Map<String, YamlNode> fields = fields(node, "budgets", BUDGETS_KEYS);
        int before = problems.size();
        BudgetSettings.StoreType store = BudgetSettings.StoreType.MEMORY;
        Optional<Secret> url = Optional.empty();
        String prefix = "tandem";
        Optional<YamlNode.Mapping> storeNode = mapping(fields.get("store"), "budgets.store");
        if (storeNode.isPresent()) {
            Map<String, YamlNode> s = fields(storeNode.get(), "budgets.store", STORE_KEYS);
            store = text(s.get("type"), "budgets.store.type")
                    .flatMap(v -> parseEnum(v, BudgetSettings.StoreType.class, s.get("type"), "budgets.store.type"))
                    .orElse(store);
            url = secret(s.get("url"), "budgets.store.url");
            prefix = text(s.get("key-prefix"), "budgets.store.key-prefix").orElse(prefix);
        }
        ZoneId zone = ZoneId.of("UTC");
        Optional<String> zoneName = text(fields.get("zone"), "budgets.zone");
        if (zoneName.isPresent()) {
            try {
                zone = ZoneId.of(zoneName.get());
            } catch (DateTimeException e) {
                problems.add(problemAt(
                        fields.get("zone").location(),
                        "budgets.zone",
                        "unknown time zone '" + zoneName.get() + "'; use a region id like Europe/Berlin, or UTC"));
            }
        }
        List<Budget> budgets = new ArrayList<>();
        sequence(fields.get("limits"), "budgets.limits").ifPresent(limits -> {
            for (int i = 0; i < limits.items().size(); i++) {
                String path = "budgets.limits[" + i + "]";
                YamlNode item = limits.items().get(i);
                locations.put(path, item.location());
                mapping(item, path).flatMap(limit -> readBudget(limit, path)).ifPresent(budgets::add);
            }
        });
        if (problems.size() == before) {
            BudgetSettings.StoreType finalStore = store;
            Optional<Secret> finalUrl = url;
            String finalPrefix = prefix;
            ZoneId finalZone = zone;
            YamlNode at = storeNode.<YamlNode>map(n -> n).orElse(node);
            apply(
                    at,
                    storeNode.isPresent() ? "budgets.store" : "budgets",
                    () -> builder.budgets(new BudgetSettings(finalStore, finalUrl, finalPrefix, finalZone, budgets)));
        }
    }

    private Optional<Budget> readBudget(YamlNode.Mapping node, String path) {
        Map<String, YamlNode> f = fields(node, path, LIMIT_KEYS);
        requirePresent(f, node, path, "name");
        Optional<String> name = text(f.get("name"), path + ".name");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Budget.Builder> builder = build(f.get("name"), path + ".name", () -> Budget.builder(name.get()));
        if (builder.isEmpty()) {
            return Optional.empty();
        }
        Budget.Builder budget = builder.get();
        int before = problems.size();
        stringsOrOne(f.get("tenants"), path + ".tenants").ifPresent(t -> budget.tenants(new LinkedHashSet<>(t)));
        text(f.get("period"), path + ".period")
                .flatMap(v -> parseEnum(v, Budget.Period.class, f.get("period"), path + ".period"))
                .ifPresent(budget::period);
        longValue(f.get("max-requests"), path + ".max-requests")
                .ifPresent(v -> apply(f.get("max-requests"), path + ".max-requests", () -> budget.maxRequests(v)));
        longValue(f.get("max-tokens"), path + ".max-tokens")
                .ifPresent(v -> apply(f.get("max-tokens"), path + ".max-tokens", () -> budget.maxTokens(v)));
        number(f.get("max-cost"), path + ".max-cost")
                .ifPresent(v -> apply(f.get("max-cost"), path + ".max-cost", () -> budget.maxCost(v)));
        stringsOrOne(f.get("tiers"), path + ".tiers").ifPresent(t -> budget.tiers(new LinkedHashSet<>(t)));
        text(f.get("on-store-unavailable"), path + ".on-store-unavailable").ifPresent(v -> {
            switch (v) {
                case "fail-open" -> budget.failClosed(false);
                case "fail-closed" -> budget.failClosed(true);
                default ->
                    problems.add(problemAt(
                            f.get("on-store-unavailable").location(),
                            path + ".on-store-unavailable",
                            "'" + v + "' is not allowed"
                                    + Suggestions.didYouMean(v, List.of("fail-open", "fail-closed"))
                                    + " (allowed: fail-open, fail-closed)"));
            }
        });
        mapping(f.get("when-exceeded"), path + ".when-exceeded")
                .flatMap(action -> readAction(action, path + ".when-exceeded", ACTION_KEYS))
                .ifPresent(action ->
                        apply(f.get("when-exceeded"), path + ".when-exceeded", () -> budget.whenExceeded(action)));
        if (problems.size() != before) {
            return Optional.empty();
        }
        return build(node, path, budget::build);
    }

    // ---- primitives

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
        problems.add(problemAt(node.location(), path, "expected a mapping, got " + kind(node, path)));
        return Optional.empty();
    }

    private Optional<YamlNode.Sequence> sequence(@Nullable YamlNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Sequence sequence) {
            return Optional.of(sequence);
        }
        problems.add(problemAt(node.location(), path, "expected a list, got " + kind(node, path)));
        return Optional.empty();
    }

    /** A scalar's text with environment variables interpolated. */
    private Optional<String> text(@Nullable YamlNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            Interpolation.Result result = Interpolation.apply(scalar.text(), environment);
            if (!result.ok()) {
                problems.add(problemAt(node.location(), path, result.error()));
                return Optional.empty();
            }
            return Optional.of(result.value());
        }
        problems.add(problemAt(node.location(), path, "expected a value, got " + kind(node, path)));
        return Optional.empty();
    }

    private Optional<Secret> secret(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            if (value.isBlank()) {
                problems.add(problemAt(
                        node.location(), path, "the secret is empty; check the environment variable it comes from"));
                return Optional.empty();
            }
            return Optional.of(Secret.of(value));
        });
    }

    /** A list of values. */
    private Optional<List<String>> strings(@Nullable YamlNode node, String path) {
        return sequence(node, path).flatMap(list -> {
            List<String> values = new ArrayList<>();
            int before = problems.size();
            for (int i = 0; i < list.items().size(); i++) {
                text(list.items().get(i), path + "[" + i + "]").ifPresent(values::add);
            }
            return problems.size() == before ? Optional.of(values) : Optional.empty();
        });
    }

    /** A list of values, or one value standing for a list of one. */
    private Optional<List<String>> stringsOrOne(@Nullable YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return text(node, path).map(List::of);
        }
        return strings(node, path);
    }

    private Optional<Set<EntityType>> entityTypes(@Nullable YamlNode node, String path) {
        return strings(node, path).flatMap(values -> {
            Set<EntityType> types = new LinkedHashSet<>();
            int before = problems.size();
            for (String value : values) {
                apply(node, path, () -> types.add(EntityType.of(value)));
            }
            return problems.size() == before ? Optional.of(types) : Optional.empty();
        });
    }

    private Optional<Double> number(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                double parsed = Double.parseDouble(value);
                if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                    throw new NumberFormatException();
                }
                return Optional.of(parsed);
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

    private Optional<Long> longValue(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                return Optional.of(Long.parseLong(value.replace("_", "")));
            } catch (NumberFormatException e) {
                problems.add(problemAt(node.location(), path, "expected a whole number, got '" + value + "'"));
                return Optional.empty();
            }
        });
    }

    private Optional<Duration> duration(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            Matcher m = DURATION.matcher(value);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return Optional.of(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            default -> Duration.ofHours(amount);
                        });
            }
            problems.add(problemAt(
                    node.location(), path, "expected a duration like 500ms, 30s, 2m or 1h, got '" + value + "'"));
            return Optional.empty();
        });
    }

    private Optional<LocalTime> time(@Nullable YamlNode node, String path) {
        return text(node, path).flatMap(value -> {
            try {
                return Optional.of(LocalTime.parse(value.length() == 4 ? "0" + value : value));
            } catch (DateTimeParseException e) {
                problems.add(problemAt(
                        node.location(),
                        path,
                        "expected a time like 09:00 or 17:30 (24-hour clock), got '" + value + "'"));
                return Optional.empty();
            }
        });
    }

    private Sensitivity sensitivity(String value) {
        return Sensitivity.fromWireName(value);
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
        apply(node.location(), path, call);
    }

    private void apply(YamlNode.Location location, String path, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            problems.add(problemAt(location, path, e.getMessage()));
        }
    }

    private <T> Optional<T> build(YamlNode node, String path, java.util.function.Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (IllegalArgumentException e) {
            problems.add(problemAt(node.location(), path, e.getMessage()));
            return Optional.empty();
        }
    }

    /** What a node is, for messages; a secret field's value is never quoted. */
    private static String kind(YamlNode node, String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (SECRET_KEYS.contains(last) && node instanceof YamlNode.Scalar s && !s.isNull()) {
            return "a value (not shown: it is secret)";
        }
        return YamlNode.kind(node);
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
        return new YamlNode.Location(source, 1, 1);
    }

    private PolicyProblem problemAt(YamlNode.Location location, String path, String message) {
        return new PolicyProblem(location.source(), location.line(), location.column(), path, message);
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", new TreeSet<>(keys));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Map<String, DayOfWeek> days() {
        Map<String, DayOfWeek> days = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            days.put(day.name().substring(0, 3).toLowerCase(Locale.ROOT), day);
        }
        return Map.copyOf(days);
    }

    private static Map<String, Character.UnicodeScript> scripts() {
        Map<String, Character.UnicodeScript> scripts = new LinkedHashMap<>();
        for (Character.UnicodeScript script : Character.UnicodeScript.values()) {
            scripts.put(script.name().toLowerCase(Locale.ROOT), script);
        }
        return Map.copyOf(scripts);
    }
}
