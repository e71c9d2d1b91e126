/** Stage 3, execute: tries the decision's tiers in order, never sends a local-only request to a remote tier, and records every attempt. */
@NullMarked
package dev.tandem.router.execute;

import org.jspecify.annotations.NullMarked;
