package dev.tandem.router.decide;

import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A caller's request to be served by one tier, sent as the caller header {@value #HEADER} (the gateway
 * sets it when a client names a tier as its model). The policy still decides first, and the pin only
 * narrows that decision: a local tier may always be pinned (nothing leaves the machine); a remote tier
 * only when the decision already lets the request go to it, so the redaction the decision planned for
 * it applies. Otherwise the request is refused, naming the rule that kept it away.
 */
public final class TierPin {

    /** The caller header naming the tier to pin. */
    public static final String HEADER = "x-tandem-pin-tier";

    private TierPin() {}

    /** The decision narrowed to the pinned tier, or {@code decision} itself when no tier is pinned. */
    public static Decision apply(TandemRequest request, Decision decision, Map<String, Tier> tiers) {
        String pinned = request.caller().headers().get(HEADER);
        if (pinned == null
                || pinned.equals(decision.tier()) && decision.fallbacks().isEmpty()) {
            return decision;
        }
        Tier tier = tiers.get(pinned);
        if (tier == null) {
            throw new RequestRefusedException(
                    request.id(), "pin", "no tier is called '" + pinned + "'; the tiers are " + tiers.keySet());
        }
        List<Reason> reasons = new ArrayList<>(decision.reasons());
        if (tier.locality() == Locality.REMOTE && !decision.candidates().contains(pinned)) {
            String rule = decision.reasons().isEmpty()
                    ? "the policy"
                    : decision.reasons().get(0).rule();
            throw new RequestRefusedException(
                    request.id(),
                    rule,
                    "the caller pinned remote tier '" + pinned + "', but the policy does not let this request go"
                            + " there (it would be served by " + decision.candidates() + ")");
        }
        reasons.add(new Reason("pin", "the caller pinned tier " + pinned));
        return new Decision(
                pinned,
                tier.locality(),
                List.of(),
                decision.remoteAllowed(),
                reasons,
                decision.redaction(),
                java.util.Optional.empty());
    }
}
