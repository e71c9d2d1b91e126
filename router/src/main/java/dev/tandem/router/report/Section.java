package dev.tandem.router.report;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One part of the page: a chart drawn for each {@link Layout} with its data as tables under it, or a
 * single line when there is nothing to show.
 *
 * @param id the chart's {@code data-chart} name
 * @param emptyLine set when the section has no data: the page shows the title and this line only
 * @param drawing the chart for a layout; null for a section of text and tables only
 * @param tables the chart's data, for screen readers and for reading exact values and full names
 * @param note a sentence under the chart, plain text
 */
record Section(
        String id,
        String title,
        @Nullable String emptyLine,
        @Nullable Function<Layout, String> drawing,
        List<Table> tables,
        @Nullable String note) {

    Section {
        tables = List.copyOf(tables);
    }

    static Section empty(String id, String title, String line) {
        return new Section(id, title, line, null, List.of(), null);
    }

    /** A table of plain-text cells; the first column heads each row. */
    record Table(String caption, List<String> headers, List<List<String>> rows) {
        Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }
}
