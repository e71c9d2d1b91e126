/** What the assess stage learns about a request: privacy findings, difficulty, language and token estimates. */
@NullMarked
package dev.tandem.core.assessment;

import org.jspecify.annotations.NullMarked;
