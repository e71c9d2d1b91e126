package dev.tandem.router.execute;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.outcome.Attempt;
import java.util.List;

/**
 * A streamed answer stopped after some of it had reached the caller, and no tier continued it (the
 * router's {@code PartialStreamFailure} is {@code ERROR}, or no tier was left). The answer is incomplete:
 * {@link #partialText()} holds exactly the text delivered so far (placeholders restored), {@link
 * #attempts()} says which tiers were tried and why they failed, and the cause is the tier's failure.
 *
 * <p>The message names the request, the tier and the failure type, and the number of characters
 * delivered, never the text itself, so it is safe to log. {@code toString} is the message.
 */
public final class StreamInterruptedException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final String tier;
    private final String partialText;
    private final transient List<Attempt> attempts;
    private final boolean retriable;

    public StreamInterruptedException(
            String requestId, String partialText, List<Attempt> attempts, TierException failure) {
        super(
                "The streamed answer to request " + requireNonNull(requestId, "requestId")
                        + " was interrupted on tier '"
                        + failure.tier() + "' after " + partialText.length() + " characters ("
                        + failure.getClass().getSimpleName() + "); it is incomplete. partialText() holds what"
                        + " was streamed; retry the request, or set the router's onPartialStreamFailure to CONTINUE"
                        + " to have another tier finish it.",
                failure);
        this.requestId = requestId;
        this.tier = failure.tier();
        this.partialText = requireNonNull(partialText, "partialText");
        this.attempts = List.copyOf(attempts);
        this.retriable = failure.isRetriable();
    }

    public String requestId() {
        return requestId;
    }

    /** The tier that stopped mid-answer. */
    public String tier() {
        return tier;
    }

    /** The text the caller already received; it may contain personal data, so do not log it. */
    public String partialText() {
        return partialText;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
