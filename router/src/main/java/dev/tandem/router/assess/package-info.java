/** Stage 1, assess: privacy findings, difficulty, language and token estimates for one request. */
@NullMarked
package dev.tandem.router.assess;

import org.jspecify.annotations.NullMarked;
