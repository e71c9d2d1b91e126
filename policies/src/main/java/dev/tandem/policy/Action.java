package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a rule does when its condition holds. */
public sealed interface Action permits Action.Route, Action.KeepLocal {

    /** Send the request to {@code tier}; when it fails, try {@code fallback} in order. */
    record Route(String tier, List<String> fallback) implements Action {
        public Route {
            requireNonNull(tier, "tier");
            fallback = List.copyOf(fallback);
        }
    }

    /**
     * Serve the request on a local tier and never send it to a remote one, not even as a fallback. The
     * tier is the named one, or else the first local tier the policy declares; the other local tiers are
     * the fallbacks.
     */
    record KeepLocal(Optional<String> tier) implements Action {
        public KeepLocal {
            requireNonNull(tier, "tier");
        }
    }
}
