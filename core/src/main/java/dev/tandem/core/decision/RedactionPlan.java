package dev.tandem.core.decision;

import dev.tandem.core.assessment.EntityType;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which entity types must be replaced by placeholders before a request leaves the machine. The
 * originals are restored in the answer. An empty plan redacts nothing.
 */
public record RedactionPlan(SortedSet<EntityType> types) {

    private static final RedactionPlan NONE = new RedactionPlan(new TreeSet<>());

    public RedactionPlan {
        types = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(types));
    }

    public static RedactionPlan none() {
        return NONE;
    }

    public static RedactionPlan of(Set<EntityType> types) {
        return new RedactionPlan(new TreeSet<>(types));
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    public boolean covers(EntityType type) {
        return types.contains(type);
    }
}
