package dev.tandem.core.outcome;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.exception.TandemException;

/**
 * Why an attempt failed or was skipped: a short type (the exception's simple name, or a reason such as
 * {@code RemoteNotAllowed}), a message with no personal data in it, and whether trying again could help.
 */
public record Failure(String type, String message, boolean retriable) {

    public Failure {
        requireNonNull(type, "type");
        requireNonNull(message, "message");
    }

    public static Failure of(TandemException exception) {
        return new Failure(exception.getClass().getSimpleName(), exception.getMessage(), exception.isRetriable());
    }
}
