package dev.tandem.cli.policy;

import dev.tandem.cli.Console;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.PolicyProblem;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem policy check FILE}: prints every problem as {@code file:line:col: path: message} and
 * exits 1 when there is one; prints a one-line summary and exits 0 otherwise. An environment variable the
 * policy needs but this environment lacks (a secret on CI) is a warning, and the rest of the file is still
 * checked; {@code --strict} makes it a problem. Secrets are never printed.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a policy file. Prints every problem as file:line:col: path: message;",
            "exit code 1 when there is any, 0 when the policy is valid.",
            "Unset environment variables are warnings (exit 0) unless --strict."
        })
public final class PolicyCheckCommand implements Callable<Integer> {

    @ParentCommand
    private PolicyCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (YAML).")
    private Path file;

    @Option(
            names = "--strict",
            description = "Fail on environment variables the policy uses that are not set (default: warn).")
    private boolean strict;

    @Override
    public Integer call() {
        Console console = parent.parent.console();
        Map<String, String> environment = console.environment().variables();
        List<PolicyProblem> problems = PolicyLoader.check(file, environment);
        List<PolicyProblem> unset = problems.stream()
                .filter(problem -> problem.unsetVariable().isPresent())
                .toList();
        if (!strict && !unset.isEmpty()) {
            // Check the rest with a stand-in for each missing variable; a value that is not known cannot be
            // judged, so problems at the very place of a missing variable are left out.
            Set<String> unknownValues =
                    unset.stream().map(PolicyCheckCommand::place).collect(Collectors.toSet());
            problems = PolicyLoader.check(file, standIns(environment, unset)).stream()
                    .filter(problem -> !unknownValues.contains(place(problem)))
                    .toList();
            unset.forEach(problem -> console.err().println(warning(problem)));
        }
        if (problems.isEmpty()) {
            Policy policy =
                    PolicyLoader.load(file, unset.isEmpty() || strict ? environment : standIns(environment, unset));
            console.out()
                    .println(file + ": OK: policy " + policy.name() + ", "
                            + policy.tiers().size() + " tiers, "
                            + policy.rules().size() + " rules, "
                            + policy.budgets().budgets().size() + " budgets"
                            + (unset.isEmpty()
                                    ? ""
                                    : ", " + unset.size() + " unset environment variable"
                                            + (unset.size() == 1 ? "" : "s")
                                            + " (warnings above; --strict fails on them)"));
            return 0;
        }
        problems.forEach(problem -> console.err().println(problem.describe()));
        console.err().println(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        return 1;
    }

    private static Map<String, String> standIns(Map<String, String> environment, List<PolicyProblem> unset) {
        Map<String, String> withStandIns = new HashMap<>(environment);
        unset.forEach(problem -> withStandIns.put(problem.unsetVariable().get(), "unset"));
        return withStandIns;
    }

    private static String place(PolicyProblem problem) {
        return problem.line() + ":" + problem.column() + ":" + problem.path();
    }

    private static String warning(PolicyProblem problem) {
        String where = problem.source() + ":" + problem.line() + ":" + problem.column();
        return where + ": " + problem.path() + ": warning: " + problem.message();
    }
}
