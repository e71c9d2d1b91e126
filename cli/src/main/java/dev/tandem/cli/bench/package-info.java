/** {@code tandem bench}: the benchmark harness of {@code tandem-benchmarks}, as a command. */
@NullMarked
package dev.tandem.cli.bench;

import org.jspecify.annotations.NullMarked;
