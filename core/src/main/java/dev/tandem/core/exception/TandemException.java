package dev.tandem.core.exception;

import dev.langchain4j.exception.LangChain4jException;
import org.jspecify.annotations.Nullable;

/**
 * The root of everything Tandem throws. It is unchecked and a {@link LangChain4jException}, so code
 * written against LangChain4j (a {@code catch (LangChain4jException e)} around an {@code AiServices}
 * call, an {@code ExceptionMapper}, which passes LangChain4j's own exceptions through) handles
 * Tandem's failures like any other model's.
 *
 * <p>Java allows one superclass, so Tandem's tree cannot also sit under LangChain4j's
 * {@code RetriableException} / {@code NonRetriableException} classes; {@link #isRetriable()} carries
 * that split instead (tier failures fix it by type: {@link RetriableTierException} and
 * {@link NonRetriableTierException}). A retry loop should test {@code isRetriable()}.
 *
 * <p>Messages say what went wrong and what to do, and never contain request text, detected personal
 * data or secrets.
 */
public class TandemException extends LangChain4jException {

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
