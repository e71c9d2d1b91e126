package dev.tandem.cli.policy;

import dev.tandem.cli.Console;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.PolicyProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem policy check FILE}: prints every problem as {@code file:line:col: path: message} and
 * exits 1 when there is one; prints a one-line summary and exits 0 otherwise. Secrets are never printed.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a policy file. Prints every problem as file:line:col: path: message;",
            "exit code 1 when there is any, 0 when the policy is valid."
        })
public final class PolicyCheckCommand implements Callable<Integer> {

    @ParentCommand
    private PolicyCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (YAML).")
    private Path file;

    @Override
    public Integer call() {
        Console console = parent.parent.console();
        List<PolicyProblem> problems =
                PolicyLoader.check(file, console.environment().variables());
        if (problems.isEmpty()) {
            Policy policy = PolicyLoader.load(file, console.environment().variables());
            console.out()
                    .println(file + ": OK: policy " + policy.name() + ", "
                            + policy.tiers().size() + " tiers, "
                            + policy.rules().size() + " rules, "
                            + policy.budgets().budgets().size() + " budgets");
            return 0;
        }
        problems.forEach(problem -> console.err().println(problem.describe()));
        console.err().println(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        return 1;
    }
}
