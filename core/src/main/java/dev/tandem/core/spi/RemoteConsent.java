package dev.tandem.core.spi;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * Approves or denies each remote call before anything leaves the machine, as an assistant that asks
 * before each hand-off. The router calls it once per remote attempt (fallbacks, escalations and stream
 * continuations included) with the request exactly as it would be sent: already redacted, placeholders
 * and all. A local tier is never reviewed.
 *
 * <pre>{@code
 * TandemRouter router = TandemRouter.builder()
 *         .policy(policy)
 *         .remoteConsent(call -> call.tier().equals("gpt") && call.continuation()
 *                 ? RemoteConsent.Verdict.deny("no continuations on gpt")
 *                 : RemoteConsent.Verdict.approve())
 *         .build();
 * }</pre>
 *
 * <p>A denial skips that tier, recorded as an attempt with failure type {@code ConsentDenied} and the
 * verdict's reason; the router moves on to the decision's next tier (a local one when the policy names
 * one) and, when none is left, ends with {@code NoRouteAvailableException} listing every attempt. A
 * consent that throws counts as a denial. The default approves every call.
 *
 * <p>Implementations must be thread-safe; they run on the request's thread and may block (to ask a
 * person), which holds that request and nothing else. The preview is personal-data-free only as far as
 * the redaction plan reaches: do not log it.
 */
@FunctionalInterface
public interface RemoteConsent {

    /** The verdict on one remote call. */
    Verdict review(RemoteCall call);

    /** Approves every remote call: the default. */
    static RemoteConsent approveAll() {
        return call -> Verdict.approve();
    }

    /**
     * One remote call awaiting consent.
     *
     * @param requestId the request's id
     * @param tier the remote tier that would be called
     * @param outgoing the request as it would be sent, redacted
     * @param continuation true when it asks the tier to continue an answer another tier started
     */
    record RemoteCall(String requestId, String tier, ChatRequest outgoing, boolean continuation) {
        public RemoteCall {
            requireNonNull(requestId, "requestId");
            requireNonNull(tier, "tier");
            requireNonNull(outgoing, "outgoing");
        }

        /** Ids and the tier only: the outgoing request may hold personal data the plan did not cover. */
        @Override
        public String toString() {
            return "RemoteCall[requestId=" + requestId + ", tier=" + tier + ", continuation=" + continuation + "]";
        }
    }

    /**
     * Approval, or denial with a reason that lands in the attempt's failure (so it must not quote the
     * request).
     */
    record Verdict(boolean approved, String reason) {
        public Verdict {
            requireNonNull(reason, "reason");
        }

        public static Verdict approve() {
            return new Verdict(true, "approved");
        }

        public static Verdict deny(String reason) {
            return new Verdict(false, reason);
        }
    }
}
