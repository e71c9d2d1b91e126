package dev.tandem.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * The root of everything Tandem throws. It is unchecked, like LangChain4j's exceptions.
 *
 * <p>Messages say what went wrong and what to do, and never contain request text, detected personal
 * data or secrets. {@link #isRetriable()} tells whether the same call may succeed later.
 */
public class TandemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TandemException(String message) {
        super(message);
    }

    public TandemException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the same call may succeed; false unless a subclass says otherwise. */
    public boolean isRetriable() {
        return false;
    }
}
