package dev.tandem.cli.policy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.cli.Console;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.policy.InvalidPolicyException;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.PolicyProblem;
import dev.tandem.privacy.PolicyPrivacy;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.assess.SpecialistSignals;
import dev.tandem.router.decide.Explanation;
import dev.tandem.router.decide.PolicyDecider;
import dev.tandem.router.difficulty.DifficultyEstimators;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem policy explain FILE --prompt "..."}: assesses the prompt, then shows every rule in
 * order, whether it matched and why, the budgets checked and the final decision. No tier is called;
 * every tier the policy declares is assumed configured. The prompt and the values found in it are
 * never printed.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Show step by step how a policy decides a prompt: each rule in order, whether it matched and why,",
            "and the final decision. Calls no model."
        })
public final class PolicyExplainCommand implements Callable<Integer> {

    @ParentCommand
    private PolicyCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file (YAML).")
    private Path file;

    @Option(names = "--prompt", required = true, description = "The user prompt to decide.")
    private String prompt;

    @Option(names = "--tenant", description = "The caller's tenant.")
    private @Nullable String tenant;

    @Option(names = "--tag", description = "A caller tag; repeat for more.")
    private List<String> tags = List.of();

    @Option(names = "--header", description = "A caller header NAME=VALUE; repeat for more.")
    private Map<String, String> headers = Map.of();

    @Option(names = "--max-output-tokens", description = "The answer length to assume (default: the assessor's).")
    private @Nullable Integer maxOutputTokens;

    @Override
    public Integer call() {
        Console console = parent.parent.console();
        Policy policy;
        try {
            policy = PolicyLoader.load(file, console.environment().variables());
        } catch (InvalidPolicyException e) {
            e.problems().stream().map(PolicyProblem::describe).forEach(console.err()::println);
            return 1;
        }
        CallerMetadata.Builder caller = CallerMetadata.builder();
        if (tenant != null) {
            caller.tenant(tenant);
        }
        caller.tags(tags);
        headers.forEach(caller::header);
        ChatRequest.Builder chat = ChatRequest.builder().messages(UserMessage.from(prompt));
        if (maxOutputTokens != null) {
            chat.maxOutputTokens(maxOutputTokens);
        }
        TandemRequest request = TandemRequest.of(chat.build(), caller.build());
        Assessor.Privacy privacy = new Assessor.Privacy(
                PolicyPrivacy.scanner(policy.assessment(), PrivacyScanners.defaults()),
                PolicyPrivacy.levels(policy.assessment()));
        // The router's estimator for this policy (its calibration file, if any), so the explanation scores
        // difficulty as routing does; no tier here lends a tokenizer, so group tiers are ordered by estimate.
        DifficultyEstimator difficulty = DifficultyEstimators.forPolicy(policy, Optional.empty());
        SpecialistSignals specialists = SpecialistSignals.forPolicy(policy, Map.of());
        Assessment assessment = new Assessor(() -> privacy, () -> difficulty, () -> specialists).assess(request);
        console.out()
                .println(String.format(
                        Locale.ROOT,
                        "assessment: sensitivity %s%s, difficulty %.2f, script %s%s, ~%d prompt tokens + %d answer"
                                + " tokens%s",
                        assessment.privacy().sensitivity().wireName(),
                        assessment.privacy().countsByType().isEmpty()
                                ? ""
                                : " " + assessment.privacy().countsByType(),
                        assessment.difficulty().score(),
                        assessment.language().scriptName(),
                        assessment
                                .language()
                                .detected()
                                .map(d ->
                                        String.format(Locale.ROOT, ", language %s (%.2f)", d.isoCode(), d.confidence()))
                                .orElse(""),
                        assessment.tokens().promptTokens(),
                        assessment.tokens().expectedOutputTokens(),
                        assessment.difficulty().tasks().isEmpty()
                                ? ""
                                : ", task "
                                        + assessment.difficulty().tasks().stream()
                                                .limit(3)
                                                .map(t -> String.format(
                                                        Locale.ROOT, "%s %.2f", t.type(), t.probability()))
                                                .collect(Collectors.joining(", "))));
        Explanation explanation =
                PolicyDecider.builder(policy).assumeDeclaredTiers().build().explain(request, assessment);
        console.out().println(explanation.render());
        return 0;
    }
}
