package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

/**
 * The model declined to answer (an OpenAI {@code refusal}): the call worked, but there is no answer to
 * give. Not retriable, since the same request gets the same refusal, and not a reason to fall back to
 * another tier unless the policy says so.
 *
 * <p>The refusal text is the model's own words to the user and may quote the request, so it is only
 * available through {@link #refusal()}, never in {@link #getMessage()}.
 */
public class ModelRefusalException extends NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    private final transient String refusal;

    public ModelRefusalException(String tier, String model, String refusal) {
        super(
                tier,
                "Tier '" + tier + "' answered, but model '" + model + "' refused the request; the refusal text"
                        + " is available from refusal(). Rephrase the request; sending it again will not help.",
                null);
        this.refusal = requireNonNull(refusal, "refusal");
    }

    /** What the model said instead of answering, for showing to the user. */
    public String refusal() {
        return refusal;
    }
}
