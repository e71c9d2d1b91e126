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
        permits Action.Route, Action.KeepLocal, Action.LocalFirst, Action.RedactThenRemote, Action.Refuse {

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
