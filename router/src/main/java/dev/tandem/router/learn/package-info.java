/**
 * Learning from traffic: a bounded store of labelled prompts fed by the cascade's escalations and by
 * opt-in shadow mode, which {@code tandem calibrate --from-traffic} refits the difficulty calibration from.
 */
@NullMarked
package dev.tandem.router.learn;

import org.jspecify.annotations.NullMarked;
