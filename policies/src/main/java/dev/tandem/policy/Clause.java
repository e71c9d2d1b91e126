package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.tier.TierFeature;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One test inside a rule's {@code when}. A {@link Condition} holds when all of its clauses hold. Each
 * clause is immutable; its YAML key is given with each type.
 */
public sealed interface Clause {

    /** The YAML key of this clause, such as {@code difficulty-at-least}. */
    String key();

    /** {@code sensitivity-at-least: high}: the request's sensitivity is at this level or above. */
    record SensitivityAtLeast(Sensitivity level) implements Clause {
        public SensitivityAtLeast {
            requireNonNull(level, "level");
        }

        @Override
        public String key() {
            return "sensitivity-at-least";
        }
    }

    /** {@code entity-types: [EMAIL]}: at least one entity of one of these types was found. */
    record EntityTypes(SortedSet<EntityType> types) implements Clause {
        public EntityTypes {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("entity-types must name at least one type");
            }
            types = Collections.unmodifiableSortedSet(new TreeSet<>(types));
        }

        @Override
        public String key() {
            return "entity-types";
        }
    }

    /**
     * The threshold name {@code calibrated}: the calibrated threshold of the difficulty estimator in force
     * ({@link Difficulty#calibratedThreshold()}), which a calibration file or the built-in calibration sets
     * for its target local share. With an estimator that reports none, the clause's own threshold applies
     * (the policy's {@code hard} threshold).
     */
    String CALIBRATED = "calibrated";

    /**
     * {@code difficulty-at-least: 0.6}, {@code difficulty-at-least: hard} or {@code difficulty-at-least:
     * calibrated}: the score is at least the threshold, in [0, 1]; {@code name} is the assessment threshold
     * it came from, if any.
     */
    record DifficultyAtLeast(double threshold, Optional<String> name) implements Clause {
        public DifficultyAtLeast {
            checkUnit("difficulty-at-least", threshold);
            requireNonNull(name, "name");
        }

        /** The threshold a request's difficulty is compared with: the calibrated one for {@code calibrated}. */
        public double thresholdFor(Difficulty difficulty) {
            return resolve(threshold, name, difficulty);
        }

        /** Whether the difficulty is at least the threshold. */
        public boolean holds(Difficulty difficulty) {
            return difficulty.score() >= thresholdFor(difficulty);
        }

        @Override
        public String key() {
            return "difficulty-at-least";
        }
    }

    /** {@code difficulty-below: 0.3} or {@code difficulty-below: easy}: the score is below the threshold. */
    record DifficultyBelow(double threshold, Optional<String> name) implements Clause {
        public DifficultyBelow {
            checkUnit("difficulty-below", threshold);
            requireNonNull(name, "name");
        }

        /** The threshold a request's difficulty is compared with: the calibrated one for {@code calibrated}. */
        public double thresholdFor(Difficulty difficulty) {
            return resolve(threshold, name, difficulty);
        }

        /** Whether the difficulty is below the threshold. */
        public boolean holds(Difficulty difficulty) {
            return difficulty.score() < thresholdFor(difficulty);
        }

        @Override
        public String key() {
            return "difficulty-below";
        }
    }

    /** {@code prompt-tokens-over: 1500}: the estimated prompt is longer than this, at least 1. */
    record PromptTokensOver(int tokens) implements Clause {
        public PromptTokensOver {
            if (tokens < 1) {
                throw new IllegalArgumentException("prompt-tokens-over must be at least 1, was " + tokens);
            }
        }

        @Override
        public String key() {
            return "prompt-tokens-over";
        }
    }

    /**
     * {@code exceeds-context-of: local}: the estimated prompt plus answer does not fit the tier's
     * context window.
     */
    record ExceedsContextOf(String tier) implements Clause {
        public ExceedsContextOf {
            requireNonNull(tier, "tier");
        }

        @Override
        public String key() {
            return "exceeds-context-of";
        }
    }

    /** {@code script: [han, cyrillic]}: the dominant script of the request is one of these. */
    record Script(Set<Character.UnicodeScript> scripts) implements Clause {
        public Script {
            if (scripts.isEmpty()) {
                throw new IllegalArgumentException("script must name at least one script");
            }
            scripts = Collections.unmodifiableSet(EnumSet.copyOf(scripts));
        }

        @Override
        public String key() {
            return "script";
        }
    }

    /**
     * {@code task: coding}, {@code task: [coding, maths]} or {@code task: {types: [coding], min-confidence:
     * 0.6}}: the task classifier's most probable type for the prompt is one of these, with at least this
     * probability (default 0: the top type is enough). The types are the built-in ones ({@link
     * #BUILT_IN_TASK_TYPES}) and those the policy adds under {@code assessment.difficulty.task-types}.
     */
    record Task(Set<String> types, double minConfidence) implements Clause {
        public Task {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("task must name at least one task type");
            }
            types = Collections.unmodifiableSet(new TreeSet<>(types));
            checkUnit("task.min-confidence", minConfidence);
        }

        @Override
        public String key() {
            return "task";
        }
    }

    /** The task types Tandem's classifier ships with, in the order of its exemplar file. */
    java.util.List<String> BUILT_IN_TASK_TYPES = java.util.List.of(
            "chit-chat",
            "factual-lookup",
            "summarisation",
            "translation",
            "extraction",
            "classification",
            "coding",
            "maths",
            "multi-step-reasoning",
            "creative-writing");

    /**
     * {@code language: de}, {@code language: [de, fr]} or {@code language: {languages: [de], min-confidence:
     * 0.8}}: the detected natural language of the request (ISO 639-1 code) is one of these, with at least
     * this confidence (default 0). Only the languages a policy names are loaded into the detector.
     */
    record Language(Set<String> languages, double minConfidence) implements Clause {
        public Language {
            if (languages.isEmpty()) {
                throw new IllegalArgumentException("language must name at least one language");
            }
            for (String code : languages) {
                Languages.check(code);
            }
            languages = Collections.unmodifiableSet(new TreeSet<>(languages));
            checkUnit("language.min-confidence", minConfidence);
        }

        @Override
        public String key() {
            return "language";
        }
    }

    /** {@code tenant: [acme, globex]}: the caller's tenant is one of these. */
    record Tenant(Set<String> tenants) implements Clause {
        public Tenant {
            if (tenants.isEmpty()) {
                throw new IllegalArgumentException("tenant must name at least one tenant");
            }
            tenants = Set.copyOf(tenants);
        }

        @Override
        public String key() {
            return "tenant";
        }
    }

    /**
     * The longest caller-supplied value (tenant, header) a pattern is matched against; a longer value never
     * matches. Together with re2j's linear-time matching this bounds the work one request can cause.
     */
    int MAX_MATCHED_LENGTH = 1024;

    /**
     * {@code tenant-matches: "eu-.*"}: the caller's tenant matches the regular expression entirely. The
     * expression is re2j's (linear time, no look-around or back-references); a tenant longer than {@link
     * #MAX_MATCHED_LENGTH} never matches.
     */
    record TenantMatches(Pattern pattern) implements Clause {
        public TenantMatches {
            requireNonNull(pattern, "pattern");
        }

        /** Whether the whole {@code tenant} matches, within the length cap. */
        public boolean matches(String tenant) {
            return tenant.length() <= MAX_MATCHED_LENGTH && pattern.matches(tenant);
        }

        @Override
        public String key() {
            return "tenant-matches";
        }
    }

    /** {@code tags-any: [support]}: the caller tagged the request with at least one of these. */
    record TagsAny(Set<String> tags) implements Clause {
        public TagsAny {
            if (tags.isEmpty()) {
                throw new IllegalArgumentException("tags-any must name at least one tag");
            }
            tags = Set.copyOf(tags);
        }

        @Override
        public String key() {
            return "tags-any";
        }
    }

    /**
     * {@code needs: [tools, json-schema]}: the request needs at least one of these ({@code tools}, {@code
     * json-output}, {@code json-schema}, {@code images}; see {@link TierFeature}).
     */
    record Needs(Set<TierFeature> features) implements Clause {
        public Needs {
            if (features.isEmpty()) {
                throw new IllegalArgumentException("needs must name at least one of " + known());
            }
            features = Set.copyOf(features);
        }

        /** Reads wire names such as {@code json-schema}; an unknown name is an error listing the known ones. */
        public static Needs of(Collection<String> names) {
            Set<TierFeature> features = new LinkedHashSet<>();
            for (String name : names) {
                TierFeature feature = Arrays.stream(TierFeature.values())
                        .filter(f -> f.wireName().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown need '" + name + "'; expected one of " + known()));
                features.add(feature);
            }
            return new Needs(features);
        }

        private static String known() {
            return Arrays.stream(TierFeature.values())
                    .map(TierFeature::wireName)
                    .collect(Collectors.joining(", "));
        }

        @Override
        public String key() {
            return "needs";
        }
    }

    /** {@code tags-all: [eu, gold]}: the caller tagged the request with every one of these. */
    record TagsAll(Set<String> tags) implements Clause {
        public TagsAll {
            if (tags.isEmpty()) {
                throw new IllegalArgumentException("tags-all must name at least one tag");
            }
            tags = Set.copyOf(tags);
        }

        @Override
        public String key() {
            return "tags-all";
        }
    }

    /**
     * {@code headers: {x-region: "eu-.*"}}: the header (name matched case-insensitively) is present and
     * its value matches the regular expression entirely. The expression is re2j's (linear time); a value
     * longer than {@link #MAX_MATCHED_LENGTH} never matches.
     */
    record Header(String name, Pattern pattern) implements Clause {
        public Header {
            requireNonNull(name, "name");
            name = name.toLowerCase(java.util.Locale.ROOT);
            requireNonNull(pattern, "pattern");
        }

        /** Whether the whole header {@code value} matches, within the length cap. */
        public boolean matches(String value) {
            return value.length() <= MAX_MATCHED_LENGTH && pattern.matches(value);
        }

        @Override
        public String key() {
            return "headers";
        }
    }

    /**
     * {@code estimated-cost-over: {tier: remote, usd: 0.05}}: serving the request on the tier would cost
     * more than this many US dollars, from the estimated tokens and the tier's prices.
     */
    record EstimatedCostOver(String tier, double usd) implements Clause {
        public EstimatedCostOver {
            requireNonNull(tier, "tier");
            if (!(usd >= 0.0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("estimated-cost-over.usd must be at least 0, was " + usd);
            }
        }

        @Override
        public String key() {
            return "estimated-cost-over";
        }
    }

    /** {@code tier-unhealthy: remote}: the tier's health (circuit breaker) says it is failing. */
    record TierUnhealthy(String tier) implements Clause {
        public TierUnhealthy {
            requireNonNull(tier, "tier");
        }

        @Override
        public String key() {
            return "tier-unhealthy";
        }
    }

    /** {@code tier-healthy: remote}: the tier is healthy. */
    record TierHealthy(String tier) implements Clause {
        public TierHealthy {
            requireNonNull(tier, "tier");
        }

        @Override
        public String key() {
            return "tier-healthy";
        }
    }

    /**
     * {@code time-of-day: {from: "22:00", to: "06:00", zone: Europe/Berlin, days: [mon, tue]}}: the
     * decision time, in the zone, is in {@code [from, to)}; a window with {@code to <= from} wraps past
     * midnight. {@code days} (default every day) is the day on which the window starts.
     */
    record TimeOfDay(LocalTime from, LocalTime to, ZoneId zone, Set<DayOfWeek> days) implements Clause {
        public TimeOfDay {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            requireNonNull(zone, "zone");
            if (from.equals(to)) {
                throw new IllegalArgumentException("time-of-day window is empty: from and to are both " + from);
            }
            days = days.isEmpty()
                    ? Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class))
                    : Collections.unmodifiableSet(EnumSet.copyOf(days));
        }

        @Override
        public String key() {
            return "time-of-day";
        }
    }

    private static double resolve(double threshold, Optional<String> name, Difficulty difficulty) {
        if (name.isPresent()
                && name.get().equals(CALIBRATED)
                && difficulty.calibratedThreshold().isPresent()) {
            return difficulty.calibratedThreshold().getAsDouble();
        }
        return threshold;
    }

    private static void checkUnit(String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], was " + value);
        }
    }
}
