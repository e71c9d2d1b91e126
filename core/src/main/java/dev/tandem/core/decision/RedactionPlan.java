package dev.tandem.core.decision;

import dev.tandem.core.assessment.EntityType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which entity types must be rewritten before a request leaves the machine, and how ({@link
 * RedactionMethod}): placeholders by default. Placeholders and pseudonyms are restored in the answer.
 * An empty plan redacts nothing. {@link RedactionMethod#BLOCK} never appears in a plan: a blocked type
 * keeps the request off remote tiers instead.
 *
 * <pre>{@code
 * RedactionPlan plan = RedactionPlan.of(Map.of(EMAIL, RedactionMethod.MASK, PERSON, RedactionMethod.PSEUDONYM));
 * }</pre>
 */
public record RedactionPlan(SortedSet<EntityType> types, SortedMap<EntityType, RedactionMethod> methods) {

    private static final RedactionPlan NONE = new RedactionPlan(new TreeSet<>());

    public RedactionPlan {
        SortedMap<EntityType, RedactionMethod> copy = new TreeMap<>(methods);
        for (EntityType type : types) {
            copy.putIfAbsent(type, RedactionMethod.PLACEHOLDER);
        }
        if (copy.containsValue(RedactionMethod.BLOCK)) {
            throw new IllegalArgumentException(
                    "a redaction plan cannot block a type; blocked types keep the request off remote tiers");
        }
        types = Collections.unmodifiableSortedSet(new TreeSet<>(copy.keySet()));
        methods = Collections.unmodifiableSortedMap(copy);
    }

    /** A plan that replaces these types with placeholders. */
    public RedactionPlan(SortedSet<EntityType> types) {
        this(types, new TreeMap<>());
    }

    public static RedactionPlan none() {
        return NONE;
    }

    /** A plan that replaces these types with placeholders. */
    public static RedactionPlan of(Set<EntityType> types) {
        return new RedactionPlan(new TreeSet<>(types));
    }

    /** A plan with a method per type. */
    public static RedactionPlan of(Map<EntityType, RedactionMethod> methods) {
        return new RedactionPlan(new TreeSet<>(), new TreeMap<>(methods));
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    public boolean covers(EntityType type) {
        return types.contains(type);
    }

    /** How a covered type is rewritten; {@code placeholder} for a type the plan does not cover. */
    public RedactionMethod methodOf(EntityType type) {
        return methods.getOrDefault(type, RedactionMethod.PLACEHOLDER);
    }
}
