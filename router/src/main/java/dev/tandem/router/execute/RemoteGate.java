package dev.tandem.router.execute;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.spi.RemoteConsent;
import dev.tandem.router.redact.Redaction;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last checks before a request leaves the machine, in both executors: no value the redaction
 * replaced may still be in it, and the application's {@link RemoteConsent} must approve the call. Either
 * failing skips the tier; it never throws. Thread-safe when the consent is.
 */
final class RemoteGate {

    static final Failure LEAK_GUARD = new Failure(
            "RedactionIncomplete", "a redacted value was still in the outgoing request; remote tier not called", false);

    private static final Logger LOG = LoggerFactory.getLogger(RemoteGate.class);

    private final RemoteConsent consent;

    RemoteGate(RemoteConsent consent) {
        this.consent = requireNonNull(consent, "consent");
    }

    /** Why {@code outgoing} may not go to {@code tier}; empty when it may. */
    Optional<Failure> check(
            String requestId, String tier, ChatRequest outgoing, @Nullable Redaction redaction, boolean continuation) {
        if (redaction != null && redaction.leaksInto(outgoing)) {
            return Optional.of(LEAK_GUARD);
        }
        RemoteConsent.Verdict verdict;
        try {
            verdict = consent.review(new RemoteConsent.RemoteCall(requestId, tier, outgoing, continuation));
        } catch (RuntimeException e) {
            LOG.warn(
                    "The remote consent of request {} threw {}; the call to tier '{}' counts as denied",
                    requestId,
                    e.getClass().getName(),
                    tier);
            return Optional.of(new Failure(
                    "ConsentDenied",
                    "the remote consent failed (" + e.getClass().getSimpleName() + ")",
                    false));
        }
        if (verdict == null || !verdict.approved()) {
            return Optional.of(new Failure(
                    "ConsentDenied",
                    "the remote consent denied the call: " + (verdict == null ? "no verdict" : verdict.reason()),
                    false));
        }
        return Optional.empty();
    }

    /** The failure of a remote tier not called because the request could not be redacted; never quotes text. */
    static Failure redactionFailed(RuntimeException error) {
        return new Failure(
                "RedactionFailed",
                "the request could not be redacted (" + error.getClass().getSimpleName() + "); remote tier not called",
                false);
    }
}
