/** {@code tandem distill-embedding}: static token vectors from all-MiniLM-L6-v2 for the fast task signal. */
@NullMarked
package dev.tandem.cli.distill;

import org.jspecify.annotations.NullMarked;
