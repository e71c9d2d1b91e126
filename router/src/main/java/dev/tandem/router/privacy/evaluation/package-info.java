/**
 * Measuring privacy scanners against labelled texts: span precision, recall and F1 per type, and the
 * request-level leak and false-alarm rates. Start at {@link
 * dev.tandem.router.privacy.evaluation.PrivacyEvaluation}.
 */
@NullMarked
package dev.tandem.router.privacy.evaluation;

import org.jspecify.annotations.NullMarked;
