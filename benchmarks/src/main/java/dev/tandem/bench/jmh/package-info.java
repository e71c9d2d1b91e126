/**
 * The JMH suite: the operations {@code tandem bench} times, measured with forks, warm-up iterations and
 * confidence intervals. Run from the module's jar (see {@code docs/benchmarks.md}); never part of the
 * test suite.
 */
@NullMarked
package dev.tandem.bench.jmh;

import org.jspecify.annotations.NullMarked;
