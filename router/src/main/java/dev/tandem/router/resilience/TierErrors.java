package dev.tandem.router.resilience;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.tandem.core.exception.NonRetriableTierException;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.RetriableTierException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierModelNotFoundException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;

/**
 * Translates whatever a tier's model threw into Tandem's exception tree. Tandem's own tiers already throw
 * {@link TierException}s; any other LangChain4j model throws LangChain4j's exceptions, whose retriable
 * and non-retriable branches map one to one. The foreign message is not kept, since providers echo
 * prompts and keys in it; only the exception type is named, and the original stays attached as the cause.
 */
public final class TierErrors {

    private TierErrors() {}

    public static TierException translate(String tier, Throwable error) {
        if (error instanceof TierException own) {
            return own;
        }
        String message = "tier '" + tier + "' failed with " + error.getClass().getName();
        return switch (error) {
            // Before LangChain4j's branches: Tandem's exceptions are LangChain4jExceptions in neither branch.
            case TandemException e when e.isRetriable() -> new RetriableTierException(tier, message, e);
            case TandemException e -> new NonRetriableTierException(tier, message, e);
            case TimeoutException e -> new TierTimeoutException(tier, message, e);
            case RateLimitException e -> new RateLimitedException(tier, message, null);
            case RetriableException e -> new RetriableTierException(tier, message, e);
            case AuthenticationException e -> new TierAuthenticationException(tier, message, e);
            case ModelNotFoundException e -> new TierModelNotFoundException(tier, message, e);
            case InvalidRequestException e -> new TierRequestRejectedException(tier, message, e);
            case NonRetriableException e -> new NonRetriableTierException(tier, message, e);
            default -> new TierUnavailableException(tier, message, error);
        };
    }
}
