package dev.tandem.policy;

import dev.tandem.core.exception.TandemException;
import java.util.List;
import java.util.stream.Collectors;

/** A policy has one or more problems; all of them are listed, in file order. Nothing was applied. */
public class InvalidPolicyException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyProblem> problems;

    public InvalidPolicyException(List<PolicyProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid policy has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String describe(List<PolicyProblem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return "Invalid policy (" + count + "):\n"
                + problems.stream().map(p -> "  " + p.describe()).collect(Collectors.joining("\n"));
    }
}
