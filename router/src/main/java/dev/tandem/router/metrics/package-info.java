/**
 * Micrometer metrics for routed requests: a {@link dev.tandem.router.metrics.TandemMetrics} listener
 * that binds to any {@code MeterRegistry}. Meter names, tags and units are listed in {@code
 * docs/observability.md}.
 */
@NullMarked
package dev.tandem.router.metrics;

import org.jspecify.annotations.NullMarked;
