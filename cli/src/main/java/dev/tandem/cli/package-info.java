/** The {@code tandem} command line: {@code chat}, {@code route}, {@code scan}. Entry point {@link dev.tandem.cli.Main}. */
@NullMarked
package dev.tandem.cli;

import org.jspecify.annotations.NullMarked;
