package dev.tandem.router.difficulty;

import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.policy.Policy;
import java.nio.file.Path;
import java.util.Optional;

/** Picks the difficulty estimator a router uses when the application does not set one. */
public final class DifficultyEstimators {

    private DifficultyEstimators() {}

    /**
     * The {@link CalibratedDifficultyEstimator} with the calibration file the policy names ({@code
     * assessment.difficulty.calibration-file}); the embedding signal is on exactly when that calibration
     * needs it. Without a file: the built-in calibration. With a {@code localTokenizer}, the tokenization
     * tax and the context fit count with the local model's own per-script rates ({@link
     * TokenCounters#measured}) and window instead of the rule-of-thumb rates of {@link TokenCounters}.
     *
     * @throws IllegalArgumentException when the file is missing or is not a calibration
     */
    public static DifficultyEstimator forPolicy(Policy policy, Optional<LocalTokenizer> localTokenizer) {
        Optional<Path> file = policy.assessment().calibrationFile();
        if (file.isEmpty() && localTokenizer.isEmpty()) {
            return CalibratedDifficultyEstimator.ofDefaults();
        }
        DifficultyConfig.Builder config = DifficultyConfig.custom();
        if (file.isPresent()) {
            Calibration calibration = Calibration.load(file.get());
            config.embedding(calibration.needsEmbedding()).calibration(calibration);
        }
        localTokenizer.ifPresent(local -> config.localTokenizer(TokenCounters.measured(local::countTokens))
                .localContextWindow(local.contextWindow()));
        return CalibratedDifficultyEstimator.create(config.build());
    }
}
