/**
 * The routing report: a self-contained HTML page, with SVG charts drawn here in Java, that shows what an
 * audit log records: the local share over time, the reasons, what was redacted from remote requests,
 * fallbacks and errors, latency percentiles per tier and estimated savings. It needs no network to view.
 */
@NullMarked
package dev.tandem.router.report;

import org.jspecify.annotations.NullMarked;
