package dev.tandem.core.spi;

import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.request.TandemRequest;

/**
 * Estimates how hard a request is for the local model. Implementations must be thread-safe and return
 * the signals behind each score.
 */
@FunctionalInterface
public interface DifficultyEstimator {

    Difficulty estimate(TandemRequest request);
}
