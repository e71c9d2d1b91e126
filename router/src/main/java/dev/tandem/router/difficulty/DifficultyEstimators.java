package dev.tandem.router.difficulty;

import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the difficulty estimator a router uses when the application does not set one. */
public final class DifficultyEstimators {

    private static final Logger log = LoggerFactory.getLogger(DifficultyEstimators.class);

    private DifficultyEstimators() {}

    /**
     * The {@link CalibratedDifficultyEstimator} with the calibration file the policy names ({@code
     * assessment.difficulty.calibration-file}); the embedding signal is on exactly when that calibration
     * needs it. Without a file: the built-in calibration. The task types are the built-in ones and those
     * the policy adds ({@link #taskExemplars}). With a {@code localTokenizer}, the tokenization
     * tax and the context fit count with the local model's own per-script rates ({@link
     * TokenCounters#measured}) and window instead of the rule-of-thumb rates of {@link TokenCounters}.
     *
     * <p>A tokenizer that fails to load is logged and left out: the approximations apply.
     *
     * @throws IllegalArgumentException when the file is missing or is not a calibration
     */
    public static DifficultyEstimator forPolicy(Policy policy, Optional<LocalTokenizer> localTokenizer) {
        Optional<Path> file = policy.assessment().calibrationFile();
        boolean moreExemplars = !policy.assessment().taskExemplars().isEmpty();
        if (file.isEmpty() && localTokenizer.isEmpty() && !moreExemplars) {
            return CalibratedDifficultyEstimator.ofDefaults();
        }
        DifficultyConfig.Builder config = DifficultyConfig.custom().taskExemplars(taskExemplars(policy));
        if (file.isPresent()) {
            Calibration calibration = Calibration.load(file.get());
            // A task condition needs the classifier even when the calibration weighs no task type.
            config.embedding(calibration.needsEmbedding() || usesTaskCondition(policy))
                    .calibration(calibration);
        }
        localTokenizer.ifPresent(local -> {
            try {
                ToIntFunction<String> counter = TokenCounters.measured(local::countTokens);
                config.localTokenizer(counter).localContextWindow(local.contextWindow());
            } catch (RuntimeException e) {
                // A broken model folder then fails the local tier's calls, where fallbacks apply, rather
                // than every request's assessment.
                log.warn(
                        "The local tier's tokenizer did not load ({}); difficulty uses approximate token counts",
                        e.getMessage());
            }
        });
        return CalibratedDifficultyEstimator.create(config.build());
    }

    /** Whether a rule (or the shadow's condition) of the policy tests the task type. */
    static boolean usesTaskCondition(Policy policy) {
        java.util.stream.Stream<dev.tandem.policy.Condition> conditions = java.util.stream.Stream.concat(
                policy.rules().stream().map(dev.tandem.policy.Rule::condition),
                policy.learning().flatMap(l -> l.shadow()).map(s -> s.when()).stream());
        return conditions.anyMatch(c -> c.clauses().stream().anyMatch(dev.tandem.policy.Clause.Task.class::isInstance));
    }

    /**
     * The task exemplars of a policy: the built-in ones and those its {@code
     * assessment.difficulty.task-types} add. A new type weighs nothing until a calibration is fitted with
     * it ({@code tandem calibrate --policy FILE}).
     */
    public static TaskExemplars taskExemplars(Policy policy) {
        Map<String, List<String>> added = policy.assessment().taskExemplars();
        if (added.isEmpty()) {
            return TaskExemplars.defaults();
        }
        TaskExemplars.Builder exemplars = TaskExemplars.builder().addAll(TaskExemplars.defaults());
        added.forEach(exemplars::add);
        return exemplars.build();
    }
}
