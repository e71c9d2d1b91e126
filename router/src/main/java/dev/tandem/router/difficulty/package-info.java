/**
 * Difficulty: how hard a request is for the local model. {@link
 * dev.tandem.router.difficulty.CalibratedDifficultyEstimator} (the router's default) weighs prompt
 * features, the task type from a local sentence embedding, the script and its tokenization tax, and the
 * fit in the local context window with a learned {@link dev.tandem.router.difficulty.Calibration};
 * {@link dev.tandem.router.difficulty.HeuristicDifficultyEstimator} is a fixed-weight alternative with
 * no model. Learning lives in {@code calibration}, measuring in {@code evaluation}. See
 * docs/difficulty.md.
 */
@NullMarked
package dev.tandem.router.difficulty;

import org.jspecify.annotations.NullMarked;
