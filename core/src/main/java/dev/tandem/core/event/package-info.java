/** Events emitted while a request is routed, and the listener SPI that receives them. */
@NullMarked
package dev.tandem.core.event;

import org.jspecify.annotations.NullMarked;
