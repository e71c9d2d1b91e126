package dev.tandem.core.decision;

import static java.util.Objects.requireNonNull;

/**
 * Local-first with escalation: the first tier answers, and when its confidence in the answer is below
 * {@code minConfidence} the request is escalated to {@code tier}.
 *
 * @param tier the tier to escalate to
 * @param minConfidence the confidence, in [0, 1], below which the local answer is not kept
 */
public record Escalation(String tier, double minConfidence) {

    public Escalation {
        requireNonNull(tier, "tier");
        if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
            throw new IllegalArgumentException("minConfidence " + minConfidence + " is outside [0, 1]");
        }
    }
}
