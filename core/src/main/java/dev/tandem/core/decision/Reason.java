package dev.tandem.core.decision;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Why a decision went the way it did: the rule that fired (or another named step of the decide
 * stage), a sentence a person can read, and the scores it compared. Reasons never quote request text.
 *
 * <pre>{@code
 * new Reason("hard-requests-go-remote", "difficulty 0.72 >= 0.60", Map.of("difficulty", 0.72))
 * }</pre>
 */
public record Reason(String rule, String explanation, Map<String, Double> scores) {

    public Reason {
        requireNonNull(rule, "rule");
        requireNonNull(explanation, "explanation");
        scores = Map.copyOf(scores);
    }

    public Reason(String rule, String explanation) {
        this(rule, explanation, Map.of());
    }

    /** A person-readable line, such as {@code hard-requests-go-remote: difficulty 0.72 >= 0.60}. */
    public String describe() {
        return rule + ": " + explanation;
    }

    /** The same as {@link #describe()}, so that a list of reasons prints as a person reads it. */
    @Override
    public String toString() {
        return describe();
    }

    /** The scores sorted by name, for stable output. */
    public Map<String, Double> sortedScores() {
        return new TreeMap<>(scores);
    }
}
