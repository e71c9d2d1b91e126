package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A recognizer for a regular expression, compiled with re2j so that matching is linear in the text:
 * a user's pattern can never hang the router. An optional validator checks each match, such as a
 * check digit, which is the way to plug in another country's national identifier.
 *
 * <pre>{@code
 * PatternRule steuerId = PatternRule.builder(EntityType.of("DE_TAX_ID"))
 *         .pattern("\\b[1-9]\\d{10}\\b")
 *         .validator(MyChecks::steuerIdCheckDigit)
 *         .score(0.6)
 *         .build();
 * }</pre>
 *
 * <p>Defaults: group 0 (the whole match), score 0.6, no validator. re2j has no look-around and no
 * back-references. Immutable and thread-safe when the validator is. {@code toString} shows the type
 * and the pattern (configuration, not data), never a match.
 */
public final class PatternRule implements Recognizer {

    private final EntityType type;
    private final Pattern pattern;
    private final int group;
    private final double score;
    private final @Nullable Predicate<String> validator;

    private PatternRule(Builder builder, Pattern pattern) {
        this.type = builder.type;
        this.pattern = pattern;
        this.group = builder.group;
        this.score = builder.score;
        this.validator = builder.validator;
    }

    public static Builder builder(EntityType type) {
        return new Builder(type);
    }

    public EntityType type() {
        return type;
    }

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            int start = matcher.start(group);
            int end = matcher.end(group);
            if (start < 0 || end <= start) {
                continue;
            }
            if (validator == null || validator.test(text.substring(start, end))) {
                found.add(new EntitySpan(type, start, end, score));
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "PatternRule[type=" + type + ", pattern=" + pattern.pattern() + ", group=" + group + ", score=" + score
                + ", validated=" + (validator != null) + "]";
    }

    /** Builds a {@link PatternRule}; the pattern is required. */
    public static final class Builder {
        private final EntityType type;
        private @Nullable String regex;
        private int group;
        private double score = 0.6;
        private @Nullable Predicate<String> validator;

        private Builder(EntityType type) {
            this.type = requireNonNull(type, "type");
        }

        /** A re2j regular expression; use {@code (?i)} for case-insensitive matching. */
        public Builder pattern(String regex) {
            this.regex = requireNonNull(regex, "regex");
            return this;
        }

        /** The capturing group that holds the entity; 0, the default, is the whole match. */
        public Builder group(int group) {
            if (group < 0) {
                throw new IllegalArgumentException("group " + group + " is negative");
            }
            this.group = group;
            return this;
        }

        public Builder score(double score) {
            this.score = ContextWords.Builder.unit("score", score);
            return this;
        }

        /** Keeps only the matches the validator accepts, such as those with a valid check digit. */
        public Builder validator(Predicate<String> validator) {
            this.validator = requireNonNull(validator, "validator");
            return this;
        }

        public PatternRule build() {
            if (regex == null) {
                throw new IllegalStateException("pattern rule for " + type + " has no pattern; call pattern(...)");
            }
            Pattern compiled;
            try {
                compiled = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "pattern '" + regex + "' for " + type + " is not a valid re2j regex: " + e.getDescription()
                                + " (re2j has no look-around or back-references)",
                        e);
            }
            if (group > compiled.groupCount()) {
                throw new IllegalArgumentException("group " + group + " does not exist in pattern '" + regex
                        + "', which has " + compiled.groupCount() + " groups");
            }
            return new PatternRule(this, compiled);
        }
    }
}
