/** Fixtures and measurement loops shared by the bench command and the JMH suite; not an API. */
@NullMarked
package dev.tandem.bench.internal;

import org.jspecify.annotations.NullMarked;
