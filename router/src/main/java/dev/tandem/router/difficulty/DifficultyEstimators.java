package dev.tandem.router.difficulty;

import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.policy.Policy;
import java.nio.file.Path;
import java.util.Optional;

/** Picks the difficulty estimator a router uses when the application does not set one. */
public final class DifficultyEstimators {

    private DifficultyEstimators() {}

    /**
     * The {@link CalibratedDifficultyEstimator} with the calibration file the policy names ({@code
     * assessment.difficulty.calibration-file}); the embedding signal is on exactly when that calibration
     * needs it. Without a file: {@link CalibratedDifficultyEstimator#ofDefaults()}.
     *
     * @throws IllegalArgumentException when the file is missing or is not a calibration
     */
    public static DifficultyEstimator forPolicy(Policy policy) {
        Optional<Path> file = policy.assessment().calibrationFile();
        if (file.isEmpty()) {
            return CalibratedDifficultyEstimator.ofDefaults();
        }
        Calibration calibration = Calibration.load(file.get());
        return CalibratedDifficultyEstimator.create(DifficultyConfig.custom()
                .embedding(calibration.needsEmbedding())
                .calibration(calibration)
                .build());
    }
}
