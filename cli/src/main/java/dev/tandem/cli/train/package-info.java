/** {@code tandem train}: trains the models Tandem ships. */
@NullMarked
package dev.tandem.cli.train;

import org.jspecify.annotations.NullMarked;
