/** The JSON Lines contract of the commands: reading requests, writing results. */
@NullMarked
package dev.tandem.cli.json;

import org.jspecify.annotations.NullMarked;
