package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

/**
 * A policy rule refused the request ({@code refuse: {message: ...}}) or a budget with {@code
 * when-exceeded: refuse} is used up. No tier was called. The message is the operator's message from the
 * policy, prefixed with the rule that refused; it never quotes the request.
 *
 * <p>Not retriable: the same request under the same policy is refused again (a budget refusal may pass
 * once the budget's period rolls over).
 */
public class RequestRefusedException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final String rule;
    private final String reason;

    /**
     * @param rule the rule or budget that refused
     * @param reason the operator's message, shown to the caller
     */
    public RequestRefusedException(String requestId, String rule, String reason) {
        super("Request " + requireNonNull(requestId, "requestId") + " refused by " + requireNonNull(rule, "rule") + ": "
                + requireNonNull(reason, "reason"));
        this.requestId = requestId;
        this.rule = rule;
        this.reason = reason;
    }

    public String requestId() {
        return requestId;
    }

    /** The rule (or {@code budget:NAME}) that refused. */
    public String rule() {
        return rule;
    }

    /** The operator's message from the policy. */
    public String reason() {
        return reason;
    }
}
