package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Failure;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every tier the decision allowed was tried, or skipped, and none answered. {@link #attempts()} lists
 * each one with why it failed; the message summarises them.
 *
 * <p>It is retriable when at least one attempt failed for a reason that may go away.
 */
public class NoRouteAvailableException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final transient List<Attempt> attempts;

    /**
     * @param attempts every attempt, in order
     * @param failures the exceptions behind the failed attempts; they are kept as suppressed exceptions
     */
    public NoRouteAvailableException(String requestId, List<Attempt> attempts, List<? extends Throwable> failures) {
        super(describe(requestId, attempts));
        this.requestId = requireNonNull(requestId, "requestId");
        this.attempts = List.copyOf(attempts);
        failures.forEach(this::addSuppressed);
    }

    public String requestId() {
        return requestId;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    @Override
    public boolean isRetriable() {
        return attempts.stream().flatMap(attempt -> attempt.failure().stream()).anyMatch(Failure::retriable);
    }

    private static String describe(String requestId, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "No tier could serve request " + requestId + ": the decision named no tier that exists.";
        }
        return "No tier could serve request " + requestId + ". Tried: "
                + attempts.stream()
                        .map(attempt -> attempt.tier() + " (" + attempt.status().wireName() + ": "
                                + attempt.failure()
                                        .map(f -> f.type() + ": " + f.message())
                                        .orElse("ok") + ")")
                        .collect(Collectors.joining("; "));
    }
}
