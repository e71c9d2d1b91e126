/** {@code tandem route --jsonl}: decisions without calling any model. */
@NullMarked
package dev.tandem.cli.route;

import org.jspecify.annotations.NullMarked;
