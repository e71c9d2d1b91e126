package dev.tandem.core.exception;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A tier was asked for a JSON answer (a JSON response format, with or without a schema) and never gave one
 * that parses and follows the schema, even after showing the model its mistakes. Not retriable on the same
 * tier (each attempt already was a retry); the router falls back to the next tier as the policy says.
 *
 * <p>{@link #problems()} says where the last answer failed, by JSON path and rule (such as {@code
 * $.status: enum}); the answers themselves are never part of the exception, since they may quote the request.
 */
public class InvalidStructuredOutputException extends NonRetriableTierException {

    private static final long serialVersionUID = 1L;

    private final int attempts;
    private final List<String> problems;

    public InvalidStructuredOutputException(String tier, String model, int attempts, List<String> problems) {
        super(
                tier,
                "Model '" + model + "' on tier '" + tier + "' gave no JSON answer that follows the requested"
                        + " format in " + attempts + (attempts == 1 ? " attempt" : " attempts")
                        + "; the last one failed at " + String.join(", ", problems)
                        + ". Route such requests to a larger model, or relax the schema.",
                null);
        this.attempts = attempts;
        this.problems = List.copyOf(requireNonNull(problems, "problems"));
    }

    /** How many answers the model gave, the first included. */
    public int attempts() {
        return attempts;
    }

    /** Where the last answer broke the format: JSON paths and rules, never values. */
    public List<String> problems() {
        return problems;
    }
}
