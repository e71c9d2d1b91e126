/** Implementation of the privacy scanner: not an API, may change without notice. */
@NullMarked
package dev.tandem.privacy.internal;

import org.jspecify.annotations.NullMarked;
