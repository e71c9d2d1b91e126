/** {@code tandem report}: the HTML routing report of an audit log. */
@NullMarked
package dev.tandem.cli.report;

import org.jspecify.annotations.NullMarked;
