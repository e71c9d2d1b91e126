/** {@code tandem audit verify}, and the {@code --audit FILE} option that commands which route share. */
@NullMarked
package dev.tandem.cli.audit;

import org.jspecify.annotations.NullMarked;
