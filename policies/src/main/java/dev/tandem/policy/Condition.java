package dev.tandem.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When a rule applies: a list of {@link Clause}s joined by AND. A condition with no clause always
 * holds. Clauses keep the order they were written in, and are evaluated in that order.
 *
 * <pre>{@code
 * Condition eu = Condition.builder().tenantMatches("eu-.*").sensitivityAtLeast(Sensitivity.HIGH).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Condition {

    private static final Condition ALWAYS = new Condition(List.of());

    private final List<Clause> clauses;

    private Condition(List<Clause> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    public static Condition always() {
        return ALWAYS;
    }

    public static Condition of(List<Clause> clauses) {
        return clauses.isEmpty() ? ALWAYS : new Condition(clauses);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Clause> clauses() {
        return clauses;
    }

    public boolean isAlways() {
        return clauses.isEmpty();
    }

    public Optional<Sensitivity> sensitivityAtLeast() {
        return find(Clause.SensitivityAtLeast.class).map(Clause.SensitivityAtLeast::level);
    }

    public SortedSet<EntityType> entityTypes() {
        return find(Clause.EntityTypes.class)
                .map(Clause.EntityTypes::types)
                .orElse(Collections.unmodifiableSortedSet(new TreeSet<>()));
    }

    public OptionalDouble difficultyAtLeast() {
        return find(Clause.DifficultyAtLeast.class)
                .map(c -> OptionalDouble.of(c.threshold()))
                .orElse(OptionalDouble.empty());
    }

    public OptionalInt promptTokensOver() {
        return find(Clause.PromptTokensOver.class)
                .map(c -> OptionalInt.of(c.tokens()))
                .orElse(OptionalInt.empty());
    }

    private <C extends Clause> Optional<C> find(Class<C> type) {
        return clauses.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition condition && condition.clauses.equals(clauses);
    }

    @Override
    public int hashCode() {
        return clauses.hashCode();
    }

    @Override
    public String toString() {
        return "Condition" + clauses;
    }

    /** Builds a {@link Condition}; each setter validates its value and names the valid range. */
    public static final class Builder {
        private final List<Clause> clauses = new ArrayList<>();

        private Builder() {}

        public Builder clause(Clause clause) {
            clauses.add(clause);
            return this;
        }

        public Builder sensitivityAtLeast(Sensitivity level) {
            return clause(new Clause.SensitivityAtLeast(level));
        }

        public Builder entityTypes(Set<EntityType> types) {
            return clause(new Clause.EntityTypes(new TreeSet<>(types)));
        }

        /** A difficulty threshold in [0, 1]. */
        public Builder difficultyAtLeast(double threshold) {
            return clause(new Clause.DifficultyAtLeast(threshold, Optional.empty()));
        }

        public Builder difficultyBelow(double threshold) {
            return clause(new Clause.DifficultyBelow(threshold, Optional.empty()));
        }

        /** A prompt length in tokens, at least 1. */
        public Builder promptTokensOver(int tokens) {
            return clause(new Clause.PromptTokensOver(tokens));
        }

        public Builder exceedsContextOf(String tier) {
            return clause(new Clause.ExceedsContextOf(tier));
        }

        public Builder script(Set<Character.UnicodeScript> scripts) {
            return clause(new Clause.Script(scripts));
        }

        public Builder tenant(Set<String> tenants) {
            return clause(new Clause.Tenant(tenants));
        }

        /** A regular expression (re2j) the whole tenant must match. */
        public Builder tenantMatches(String regex) {
            return clause(new Clause.TenantMatches(compile("tenant-matches", regex)));
        }

        public Builder tagsAny(Set<String> tags) {
            return clause(new Clause.TagsAny(tags));
        }

        public Builder tagsAll(Set<String> tags) {
            return clause(new Clause.TagsAll(tags));
        }

        /** A header whose whole value must match {@code regex} (re2j). */
        public Builder header(String name, String regex) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a header name must not be blank");
            }
            return clause(new Clause.Header(name, compile("headers." + name, regex)));
        }

        public Builder estimatedCostOver(String tier, double usd) {
            return clause(new Clause.EstimatedCostOver(tier, usd));
        }

        public Builder tierUnhealthy(String tier) {
            return clause(new Clause.TierUnhealthy(tier));
        }

        public Builder tierHealthy(String tier) {
            return clause(new Clause.TierHealthy(tier));
        }

        public Builder timeOfDay(LocalTime from, LocalTime to, ZoneId zone, Set<DayOfWeek> days) {
            return clause(new Clause.TimeOfDay(from, to, zone, days));
        }

        public Condition build() {
            return Condition.of(clauses);
        }

        private static Pattern compile(String key, String regex) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription()
                        + " (re2j syntax: no look-around or back-references)");
            }
        }
    }
}
