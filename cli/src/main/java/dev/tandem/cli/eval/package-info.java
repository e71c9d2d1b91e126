/** {@code tandem eval}: evaluations on labelled data ({@code eval routing}, and more to come). */
@NullMarked
package dev.tandem.cli.eval;

import org.jspecify.annotations.NullMarked;
