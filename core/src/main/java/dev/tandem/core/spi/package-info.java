/** Extension points of the assess stage. */
@NullMarked
package dev.tandem.core.spi;

import org.jspecify.annotations.NullMarked;
