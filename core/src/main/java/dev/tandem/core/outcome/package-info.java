/** What happened when a decision was executed: every attempt, the tier that answered, latency and tokens. */
@NullMarked
package dev.tandem.core.outcome;

import org.jspecify.annotations.NullMarked;
