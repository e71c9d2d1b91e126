/** Implementation of the privacy scanner: not an API, may change without notice. */
@NullMarked
package dev.tandem.privacy.recognizers;

import org.jspecify.annotations.NullMarked;
