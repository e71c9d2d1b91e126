/** Replaces detected entities with placeholders before a request leaves the machine, and restores them in the answer. */
@NullMarked
package dev.tandem.router.redact;

import org.jspecify.annotations.NullMarked;
