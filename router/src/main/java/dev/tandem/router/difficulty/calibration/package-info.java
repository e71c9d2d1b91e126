/** Learning a difficulty {@link dev.tandem.router.difficulty.Calibration} from labelled prompts. */
@NullMarked
package dev.tandem.router.difficulty.calibration;

import org.jspecify.annotations.NullMarked;
