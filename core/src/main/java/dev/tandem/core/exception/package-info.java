/** The exception tree. Everything Tandem throws is a {@link dev.tandem.core.exception.TandemException}; tier failures split into retriable and non-retriable branches. */
@NullMarked
package dev.tandem.core.exception;

import org.jspecify.annotations.NullMarked;
