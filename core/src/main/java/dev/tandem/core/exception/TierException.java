package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A tier failed to answer. Subclasses are either {@link RetriableTierException} or {@link
 * NonRetriableTierException}; each tier translates its transport or engine errors into one of them at
 * its boundary, so the router can decide whether to retry, fall back or give up.
 */
public abstract sealed class TierException extends TandemException
        permits RetriableTierException, NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    private final String tier;
    private @Nullable String providerMessage;

    protected TierException(String tier, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.tier = requireNonNull(tier, "tier");
    }

    /** The name of the tier that failed. */
    public String tier() {
        return tier;
    }

    /**
     * The provider's own error text (such as OpenAI's {@code error.message}), kept apart from {@link
     * #getMessage()}: providers may echo the prompt or parts of a key in it, so Tandem never puts it in its
     * message, logs or {@code toString}. Show it to a user or log it only where that is acceptable.
     */
    public Optional<String> providerMessage() {
        return Optional.ofNullable(providerMessage);
    }

    /**
     * Attaches the provider's error text at the boundary that read it, before the exception is thrown;
     * returns this exception.
     */
    public TierException withProviderMessage(@Nullable String providerMessage) {
        this.providerMessage = providerMessage == null || providerMessage.isBlank() ? null : providerMessage;
        return this;
    }
}
