/**
 * Reports built from an audit log. {@link dev.tandem.router.report.RoutingReport}: a self-contained HTML
 * page (SVG charts drawn here in Java, each for a wide card and for a phone, with its data in a table)
 * showing the local share over time, personal data by type and outcome, what left the machine, rules,
 * tenants, fallbacks, escalations, latency and estimated savings, under a headline that says whether the
 * chain verified. {@link dev.tandem.router.report.RequestsSentReport}: the end-user export of one tenant's
 * requests that left the machine, as HTML and JSON, without any text. Neither needs the network to view.
 */
@NullMarked
package dev.tandem.router.report;

import org.jspecify.annotations.NullMarked;
