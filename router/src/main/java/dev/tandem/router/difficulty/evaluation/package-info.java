/**
 * Measuring how well a difficulty score routes labelled requests: AUC, the quality-against-local-share
 * curve, APGR and the local share at a quality target, each against a random router.
 */
@NullMarked
package dev.tandem.router.difficulty.evaluation;

import org.jspecify.annotations.NullMarked;
