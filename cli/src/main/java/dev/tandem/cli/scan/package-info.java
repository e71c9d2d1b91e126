/** {@code tandem scan --jsonl}: personal data and secrets found in texts. */
@NullMarked
package dev.tandem.cli.scan;

import org.jspecify.annotations.NullMarked;
