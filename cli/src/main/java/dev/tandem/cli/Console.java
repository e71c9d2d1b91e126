package dev.tandem.cli;

import dev.tandem.cli.setup.Environment;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Where a command reads and writes, and the environment it runs in. {@link Main} passes the process's
 * own; tests pass their own streams and variables.
 *
 * @param interactive whether stdin is a terminal a person types into
 */
public record Console(InputStream in, PrintStream out, PrintStream err, boolean interactive, Environment environment) {}
