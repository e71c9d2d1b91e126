package dev.tandem.core.exception;

/** The request cannot be routed as given (no messages, no user text, ...); no tier was called. */
public class InvalidRequestException extends TandemException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
