/** Opt-in capture of remote answers as training pairs for the local model. */
@NullMarked
package dev.tandem.router.distill;

import org.jspecify.annotations.NullMarked;
