/** {@code tandem policy check} and {@code tandem policy explain}. */
@NullMarked
package dev.tandem.cli.policy;

import org.jspecify.annotations.NullMarked;
