package dev.tandem.policy.budget;

import dev.tandem.core.exception.TandemException;
import org.jspecify.annotations.Nullable;

/** The budget store could not be reached; the message names the store and the error type only. */
public class BudgetStoreUnavailableException extends TandemException {

    private static final long serialVersionUID = 1L;

    public BudgetStoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
