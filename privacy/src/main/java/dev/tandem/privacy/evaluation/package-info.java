/**
 * Measuring privacy scanners against labelled texts: span precision, recall and F1 per type, and the
 * request-level leak and false-alarm rates. Start at {@link
 * dev.tandem.privacy.evaluation.PrivacyEvaluation}.
 */
@NullMarked
package dev.tandem.privacy.evaluation;

import org.jspecify.annotations.NullMarked;
