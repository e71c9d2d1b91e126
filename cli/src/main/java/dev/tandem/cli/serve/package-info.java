/** {@code tandem serve}: the OpenAI-compatible gateway on the command line. */
@NullMarked
package dev.tandem.cli.serve;

import org.jspecify.annotations.NullMarked;
