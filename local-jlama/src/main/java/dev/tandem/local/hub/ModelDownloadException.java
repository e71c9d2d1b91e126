package dev.tandem.local.hub;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.exception.TandemException;
import org.jspecify.annotations.Nullable;

/**
 * A model could not be fetched from the Hugging Face Hub or found in the cache. {@link #reason()} says
 * why, so a caller can react (ask for a token, go online, free disk); the message says the same to a
 * person, names the model and what to do, and never contains the token.
 */
public final class ModelDownloadException extends TandemException {

    private static final long serialVersionUID = 1L;

    /** Why a download failed. */
    public enum Reason {
        /** The hub could not be reached (DNS, refused connection, timeout, connection lost). Retriable. */
        NO_NETWORK,
        /** 401: the model is private or gated and no token, or a wrong one, was sent. */
        UNAUTHORIZED,
        /** 403 or the hub's GatedRepo error: the token's account has not been granted access. */
        GATED,
        /** 404 or the hub's RepoNotFound / RevisionNotFound error. */
        NOT_FOUND,
        /** The repository holds no model Jlama can load (no config.json or no safetensors weights). */
        UNSUPPORTED,
        /** A file's bytes do not match the hub's SHA-256 (or Git blob id); it was deleted. Retriable. */
        CORRUPT,
        /** The disk ran out of space. */
        DISK_FULL,
        /** Offline mode is on and the model is not in the cache. */
        NOT_CACHED,
        /** The hub answered with another error (5xx are retriable). */
        HUB_ERROR,
        /**
         * The hub or mirror asked for something unsafe: a listed file name that could leave the model folder
         * ({@code ..}, a backslash, a drive letter, an absolute path), or a redirect from https to http.
         */
        UNSAFE
    }

    private final Reason reason;
    private final String model;
    private final boolean retriable;

    ModelDownloadException(Reason reason, String model, String message, @Nullable Throwable cause, boolean retriable) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason");
        this.model = requireNonNull(model, "model");
        this.retriable = retriable;
    }

    ModelDownloadException(Reason reason, String model, String message, @Nullable Throwable cause) {
        this(reason, model, message, cause, reason == Reason.NO_NETWORK || reason == Reason.CORRUPT);
    }

    public Reason reason() {
        return reason;
    }

    /** The model, as {@code owner/name@revision}. */
    public String model() {
        return model;
    }

    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
