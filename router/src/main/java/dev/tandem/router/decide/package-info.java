/** Stage 2, decide: applies the policy to an assessment and binds the result to the configured tiers. */
@NullMarked
package dev.tandem.router.decide;

import org.jspecify.annotations.NullMarked;
