/**
 * Benchmarks of the router: {@link dev.tandem.bench.Bench} (the harness behind {@code tandem bench})
 * and, in {@code dev.tandem.bench.jmh}, a JMH suite for deeper runs. See {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.tandem.bench;

import org.jspecify.annotations.NullMarked;
