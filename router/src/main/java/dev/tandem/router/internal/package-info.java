/** Plumbing shared by the stages; not an API. */
@NullMarked
package dev.tandem.router.internal;

import org.jspecify.annotations.NullMarked;
