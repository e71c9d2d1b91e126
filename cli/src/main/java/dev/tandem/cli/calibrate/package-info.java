/** {@code tandem calibrate}: learning difficulty weights and a threshold from labelled prompts. */
@NullMarked
package dev.tandem.cli.calibrate;

import org.jspecify.annotations.NullMarked;
