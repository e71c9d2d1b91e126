/** Recognizers for personal data and secrets, and the sensitivity they imply. */
@NullMarked
package dev.tandem.router.privacy;

import org.jspecify.annotations.NullMarked;
