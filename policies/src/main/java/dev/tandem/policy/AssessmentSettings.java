package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.RedactionMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the assess stage should score requests under this policy: the sensitivity of each entity type,
 * custom privacy recognizers (deny-lists, re2j patterns) and allow-lists, the redaction method of each
 * type, named difficulty thresholds that rules can refer to, a calibration file for the difficulty
 * estimator and example prompts that extend its task types. The router turns the recognizers into its privacy scanner and follows a reloaded policy.
 *
 * <pre>{@code
 * AssessmentSettings settings = AssessmentSettings.builder()
 *         .entityLevel(EntityType.of("MEDICAL_RECORD"), Sensitivity.RESTRICTED)
 *         .denyList(new DenyListSpec(EntityType.of("PROJECT"), List.of("Bluebird"), false, true, 0.9))
 *         .pattern(new PatternSpec(EntityType.of("EMPLOYEE_ID"), "\\bEMP-\\d{6}\\b", 0.8))
 *         .allowList(new AllowListSpec(List.of("support@acme.example"), List.of(), Set.of()))
 *         .redaction(EntityType.of("CREDIT_CARD"), RedactionMethod.BLOCK)
 *         .difficultyThreshold("hard", 0.6)
 *         .calibrationFile(Path.of("calibration.json"))
 *         .taskExemplars("legal-drafting", List.of("Draft a non-disclosure agreement between two companies."))
 *         .build();
 * }</pre>
 *
 * <p>{@code sendUnscannableContent} ({@code assessment.privacy.send-unscannable-content}, default
 * false): whether a request holding content the privacy scanner cannot read (images, audio, PDF, video,
 * provider-specific parameters) may still go to a remote tier; by default it is kept local. {@code
 * failClosed} ({@code assessment.privacy.fail-closed}, default true): whether a privacy scanner or a
 * policy evaluation that cannot run keeps the request local; false sends it as if nothing was found.
 *
 * <p>Defaults: no overrides of entity levels, no custom recognizers or allow-lists, placeholders for
 * every type, unscannable content kept local, failing closed, the thresholds {@code easy = 0.3} and {@code hard = 0.6}, no calibration file, the
 * built-in task exemplars only. Threshold names are lower-case identifiers; values are in [0, 1]. Immutable.
 */
public record AssessmentSettings(
        Map<EntityType, Sensitivity> entityLevels,
        Map<String, Double> difficultyThresholds,
        Optional<Path> calibrationFile,
        List<DenyListSpec> denyLists,
        List<PatternSpec> patterns,
        List<AllowListSpec> allowLists,
        Map<EntityType, RedactionMethod> redaction,
        Map<String, List<String>> taskExemplars,
        boolean sendUnscannableContent,
        boolean failClosed) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final AssessmentSettings DEFAULTS = builder().build();

    public AssessmentSettings {
        entityLevels = Collections.unmodifiableMap(new TreeMap<>(entityLevels));
        difficultyThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(difficultyThresholds));
        requireNonNull(calibrationFile, "calibrationFile");
        denyLists = List.copyOf(denyLists);
        patterns = List.copyOf(patterns);
        allowLists = List.copyOf(allowLists);
        redaction = Collections.unmodifiableMap(new TreeMap<>(redaction));
        Map<String, List<String>> exemplars = new LinkedHashMap<>();
        taskExemplars.forEach((type, texts) -> exemplars.put(type, List.copyOf(texts)));
        taskExemplars = Collections.unmodifiableMap(exemplars);
    }

    /** Settings without custom recognizers and with placeholders for every type. */
    public AssessmentSettings(
            Map<EntityType, Sensitivity> entityLevels,
            Map<String, Double> difficultyThresholds,
            Optional<Path> calibrationFile) {
        this(
                entityLevels,
                difficultyThresholds,
                calibrationFile,
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                false,
                true);
    }

    /** True when the policy adds recognizers or allow-lists to the built-in privacy scanner. */
    public boolean hasCustomRecognizers() {
        return !denyLists.isEmpty() || !patterns.isEmpty() || !allowLists.isEmpty();
    }

    /** How a type is redacted before a remote tier; {@code placeholder} unless configured. */
    public RedactionMethod redactionOf(EntityType type) {
        return redaction.getOrDefault(type, RedactionMethod.PLACEHOLDER);
    }

    /**
     * A deny-list recognizer: these terms are entities of {@code type}. Defaults in YAML:
     * case-insensitive, whole words, score 0.9. {@code toString} shows the number of terms only.
     */
    public record DenyListSpec(
            EntityType type, List<String> terms, boolean caseSensitive, boolean wholeWords, double score) {
        public DenyListSpec {
            requireNonNull(type, "type");
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("deny-list for " + type + " has no terms; add at least one");
            }
            for (String term : terms) {
                if (term.isBlank()) {
                    throw new IllegalArgumentException("deny-list term for " + type + " must not be blank");
                }
            }
            unit("score", score);
        }

        @Override
        public String toString() {
            return "DenyListSpec[type=" + type + ", terms=" + terms.size() + ", caseSensitive=" + caseSensitive
                    + ", wholeWords=" + wholeWords + ", score=" + score + "]";
        }
    }

    /** A pattern recognizer: re2j matches of {@code regex} are entities of {@code type}; score 0.6 in YAML. */
    public record PatternSpec(EntityType type, String regex, double score) {
        public PatternSpec {
            requireNonNull(type, "type");
            checkRegex(regex, "pattern for " + type);
            unit("score", score);
        }
    }

    /**
     * Values that are never reported: equal to a term (ignoring case) or fully matching a re2j pattern,
     * for the {@code onlyFor} types (all types when empty). {@code toString} shows counts only.
     */
    public record AllowListSpec(List<String> terms, List<String> patterns, Set<EntityType> onlyFor) {
        public AllowListSpec {
            terms = List.copyOf(terms);
            patterns = List.copyOf(patterns);
            onlyFor = Set.copyOf(onlyFor);
            if (terms.isEmpty() && patterns.isEmpty()) {
                throw new IllegalArgumentException("allow-list has no terms and no patterns; add at least one");
            }
            for (String term : terms) {
                if (term.isBlank()) {
                    throw new IllegalArgumentException("allow-list term must not be blank");
                }
            }
            for (String pattern : patterns) {
                checkRegex(pattern, "allow-list pattern");
            }
        }

        @Override
        public String toString() {
            return "AllowListSpec[terms=" + terms.size() + ", patterns=" + patterns.size() + ", onlyFor="
                    + new java.util.TreeSet<>(onlyFor) + "]";
        }
    }

    private static void checkRegex(String regex, String what) {
        requireNonNull(regex, "regex");
        try {
            com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " '" + regex + "' is not a valid re2j regex: "
                    + e.getDescription() + " (re2j has no look-around or back-references)");
        }
    }

    private static double unit(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
        return value;
    }

    public static AssessmentSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A named threshold, such as {@code hard}. */
    public OptionalDouble threshold(String name) {
        Double value = difficultyThresholds.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Builds {@link AssessmentSettings}; each setter checks its value. */
    public static final class Builder {
        private final Map<EntityType, Sensitivity> entityLevels = new TreeMap<>();
        private final Map<String, Double> thresholds = defaultThresholds();
        private @Nullable Path calibrationFile;
        private final List<DenyListSpec> denyLists = new ArrayList<>();
        private final List<PatternSpec> patterns = new ArrayList<>();
        private final List<AllowListSpec> allowLists = new ArrayList<>();
        private final Map<EntityType, RedactionMethod> redaction = new TreeMap<>();
        private final Map<String, List<String>> taskExemplars = new LinkedHashMap<>();
        private boolean sendUnscannableContent;
        private boolean failClosed = true;

        private Builder() {}

        /** True lets requests with content that cannot be scanned (images, audio, PDF) go to remote tiers. */
        public Builder sendUnscannableContent(boolean send) {
            this.sendUnscannableContent = send;
            return this;
        }

        /** False sends a request whose privacy scan or policy evaluation failed as if nothing was found. */
        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        private static Map<String, Double> defaultThresholds() {
            Map<String, Double> defaults = new LinkedHashMap<>();
            defaults.put("easy", 0.3);
            defaults.put("hard", 0.6);
            return defaults;
        }

        public Builder entityLevel(EntityType type, Sensitivity level) {
            entityLevels.put(requireNonNull(type, "type"), requireNonNull(level, "level"));
            return this;
        }

        /** A named difficulty threshold in [0, 1]; replaces a default of the same name. */
        public Builder difficultyThreshold(String name, double value) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("threshold name '" + name + "' must match [a-z][a-z0-9-]*");
            }
            if (name.equals(Clause.CALIBRATED)) {
                throw new IllegalArgumentException("threshold name '" + Clause.CALIBRATED
                        + "' is reserved: it stands for the difficulty calibration's own threshold");
            }
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("difficulty threshold must be in [0, 1], was " + value);
            }
            thresholds.put(name, value);
            return this;
        }

        public Builder calibrationFile(Path file) {
            this.calibrationFile = requireNonNull(file, "file");
            return this;
        }

        public Builder denyList(DenyListSpec denyList) {
            denyLists.add(requireNonNull(denyList, "denyList"));
            return this;
        }

        public Builder pattern(PatternSpec pattern) {
            patterns.add(requireNonNull(pattern, "pattern"));
            return this;
        }

        public Builder allowList(AllowListSpec allowList) {
            allowLists.add(requireNonNull(allowList, "allowList"));
            return this;
        }

        /** How a type is redacted before a remote tier; {@code block} keeps such requests local. */
        public Builder redaction(EntityType type, RedactionMethod method) {
            redaction.put(requireNonNull(type, "type"), requireNonNull(method, "method"));
            return this;
        }

        /**
         * Example prompts of a task type for the difficulty estimator's task classifier: a new type, or
         * more examples of a built-in one (coding, maths, translation, ...). Appends when called again.
         */
        public Builder taskExemplars(String taskType, List<String> exemplars) {
            requireNonNull(taskType, "taskType");
            if (!NAME.matcher(taskType).matches()) {
                throw new IllegalArgumentException("task type '" + taskType + "' must match [a-z][a-z0-9-]*");
            }
            if (exemplars.isEmpty()) {
                throw new IllegalArgumentException(
                        "task type '" + taskType + "' has no exemplar; add at least one example prompt");
            }
            for (String exemplar : exemplars) {
                if (exemplar == null || exemplar.isBlank()) {
                    throw new IllegalArgumentException("task type '" + taskType + "' has a blank exemplar");
                }
            }
            taskExemplars.computeIfAbsent(taskType, type -> new ArrayList<>()).addAll(exemplars);
            return this;
        }

        public AssessmentSettings build() {
            return new AssessmentSettings(
                    entityLevels,
                    thresholds,
                    Optional.ofNullable(calibrationFile),
                    denyLists,
                    patterns,
                    allowLists,
                    redaction,
                    taskExemplars,
                    sendUnscannableContent,
                    failClosed);
        }
    }
}
