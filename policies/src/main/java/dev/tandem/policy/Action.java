package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a rule does when its condition holds. Every action that can reach a tier carries a fallback
 * chain: the tiers to try, in order, when the first one fails. An empty chain means the first tier's
 * own {@code fallback} chain from the tier declarations.
 */
public sealed interface Action
        permits Action.Route,
                Action.RouteGroup,
                Action.KeepLocal,
                Action.LocalFirst,
                Action.RedactThenRemote,
                Action.Refuse {

    /** The YAML key of this action. */
    String key();

    /** {@code route}: send the request to {@code tier}; when it fails, try {@code fallback} in order. */
    record Route(String tier, List<String> fallback) implements Action {
        public Route {
            requireNonNull(tier, "tier");
            fallback = List.copyOf(fallback);
        }

        @Override
        public String key() {
            return "route";
        }
    }

    /**
     * {@code route: {group: specialists, choose: lowest-token-tax, fallback: [remote]}}: send the request to
     * one of the local tiers of a group declared under {@code groups}, picked per request by {@code choose};
     * when it fails, the group's other tiers come next (in the same order of preference), then {@code
     * fallback}. A group tier that declares {@code languages} and does not list the detected language is
     * left out.
     */
    record RouteGroup(String group, Choice choose, List<String> fallback) implements Action {
        public RouteGroup {
            requireNonNull(group, "group");
            requireNonNull(choose, "choose");
            fallback = List.copyOf(fallback);
        }

        @Override
        public String key() {
            return "route";
        }
    }

    /** How a {@link RouteGroup} orders its tiers for a request. */
    enum Choice {
        /** In the order the group lists them. */
        IN_ORDER("in-order"),
        /**
         * The tier whose own tokenizer needs the fewest tokens for the prompt first; ties go to the tier whose
         * context window leaves the most room for the prompt and the answer.
         */
        LOWEST_TOKEN_TAX("lowest-token-tax");

        private final String wireName;

        Choice(String wireName) {
            this.wireName = wireName;
        }

        /** The name in YAML: {@code in-order} or {@code lowest-token-tax}. */
        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException naming the valid choices */
        public static Choice ofWireName(String name) {
            for (Choice choice : values()) {
                if (choice.wireName.equals(name)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("unknown choice '" + name + "'; expected lowest-token-tax or in-order");
        }
    }

    /**
     * {@code keep-local}: serve the request on a local tier and never send it to a remote one, not even
     * as a fallback. The tier is the named one, or else the first local tier the policy declares; the
     * fallback is the given local tiers, or else the other local tiers.
     */
    record KeepLocal(Optional<String> tier, List<String> fallback) implements Action {
        public KeepLocal {
            requireNonNull(tier, "tier");
            fallback = List.copyOf(fallback);
        }

        public KeepLocal(Optional<String> tier) {
            this(tier, List.of());
        }

        @Override
        public String key() {
            return "keep-local";
        }
    }

    /**
     * {@code local-first}: a local tier answers first; when its confidence is below {@code
     * minConfidence} the request escalates to {@code escalateTo}. When the local tier fails, the fallback
     * chain applies (by default, the escalation tier).
     */
    record LocalFirst(Optional<String> tier, String escalateTo, double minConfidence, List<String> fallback)
            implements Action {
        public static final double DEFAULT_MIN_CONFIDENCE = 0.7;

        public LocalFirst {
            requireNonNull(tier, "tier");
            requireNonNull(escalateTo, "escalateTo");
            if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
                throw new IllegalArgumentException("min-confidence must be in [0, 1], was " + minConfidence);
            }
            fallback = List.copyOf(fallback);
        }

        @Override
        public String key() {
            return "local-first";
        }
    }

    /**
     * {@code redact-then-remote}: send the request to a remote tier with every entity found replaced by a
     * placeholder; the answer comes back with the originals restored. The tier must be remote.
     */
    record RedactThenRemote(String tier, List<String> fallback) implements Action {
        public RedactThenRemote {
            requireNonNull(tier, "tier");
            fallback = List.copyOf(fallback);
        }

        @Override
        public String key() {
            return "redact-then-remote";
        }
    }

    /** {@code refuse}: no tier is called; the caller gets {@code RequestRefusedException} with the message. */
    record Refuse(String message) implements Action {
        public Refuse {
            requireNonNull(message, "message");
            if (message.isBlank()) {
                throw new IllegalArgumentException("refuse needs a message for the caller");
            }
        }

        @Override
        public String key() {
            return "refuse";
        }
    }
}
