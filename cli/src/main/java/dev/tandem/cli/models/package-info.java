/** {@code tandem models}: pull, list, quantize and describe local models. */
@NullMarked
package dev.tandem.cli.models;

import org.jspecify.annotations.NullMarked;
