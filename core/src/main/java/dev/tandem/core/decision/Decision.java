package dev.tandem.core.decision;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the decide stage chose for one request: the tier to try first, the fallbacks to try after it in
 * order, whether any remote tier may see the request at all, the ordered reasons, and the redaction
 * plan for remote tiers.
 *
 * <p>{@code remoteAllowed == false} is a guarantee, not a preference: the execute stage never sends
 * the request to a remote tier, whatever the target and the fallbacks say.
 *
 * <p>{@code escalation} is set for local-first decisions: the target answers first, and the request is
 * escalated to the escalation tier when the answer's confidence is below its minimum.
 */
public record Decision(
        String tier,
        Locality locality,
        List<String> fallbacks,
        boolean remoteAllowed,
        List<Reason> reasons,
        RedactionPlan redaction,
        Optional<Escalation> escalation) {

    /** A decision without escalation. */
    public Decision(
            String tier,
            Locality locality,
            List<String> fallbacks,
            boolean remoteAllowed,
            List<Reason> reasons,
            RedactionPlan redaction) {
        this(tier, locality, fallbacks, remoteAllowed, reasons, redaction, Optional.empty());
    }

    public Decision {
        requireNonNull(tier, "tier");
        requireNonNull(locality, "locality");
        fallbacks = List.copyOf(fallbacks);
        if (fallbacks.contains(tier)) {
            throw new IllegalArgumentException("tier '" + tier + "' cannot be its own fallback");
        }
        if (!remoteAllowed && locality == Locality.REMOTE) {
            throw new IllegalArgumentException("tier '" + tier + "' is remote but remote tiers are not allowed");
        }
        reasons = List.copyOf(reasons);
        requireNonNull(redaction, "redaction");
        requireNonNull(escalation, "escalation");
    }

    /** The target followed by the fallbacks: every tier the execute stage may try, in order. */
    public List<String> candidates() {
        List<String> candidates = new ArrayList<>(fallbacks.size() + 1);
        candidates.add(tier);
        candidates.addAll(fallbacks);
        return candidates;
    }
}
