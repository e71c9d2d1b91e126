/**
 * How much to trust an answer: token log-probabilities where the tier reports them, and checks on the
 * answer itself. A local-first decision escalates when its first answer scores below the policy's minimum.
 */
@NullMarked
package dev.tandem.router.confidence;

import org.jspecify.annotations.NullMarked;
