package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

/** A named rule: when {@code condition} holds, {@code action} decides the route. */
public record Rule(String name, Condition condition, Action action) {

    public Rule {
        requireNonNull(name, "name");
        requireNonNull(condition, "condition");
        requireNonNull(action, "action");
    }
}
