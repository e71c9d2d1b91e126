package dev.tandem.router.report;

import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditRecords.PolicyChange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time charts of the report (requests over time, latency, savings) and the horizontal bar chart the
 * other sections share. Every chart is drawn for one {@link Layout}; margins come from the widest label,
 * so no label runs past an edge.
 */
final class Charts {

    static final String LOCAL = "#2e7d32";
    static final String REMOTE = "#1565c0";
    static final String FAILED = "#c62828";
    static final String SHARE = "#ef6c00";
    static final String POLICY = "#7b1fa2";
    static final String GRID = "#e6e6e6";
    static final String AXIS = "#999";
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final double TOP = 24;
    private static final double ROW = 38;

    private Charts() {}

    /** One labelled row of a horizontal bar chart: a value per series. */
    record Row(String label, long[] values) {
        long total() {
            return Arrays.stream(values).sum();
        }
    }

    /**
     * Stacked horizontal bars, one row per label: the full label above its bar (shortened with an
     * ellipsis only past the card's width, whole on hover), the total after it.
     */
    static String bars(String id, String title, Layout layout, List<Row> rows, String[] series, String[] colours) {
        long max = rows.stream().mapToLong(Row::total).max().orElse(1);
        double valueRoom = Svg.textWidth(String.format(Locale.ROOT, "%,d", max)) + 8;
        double plotWidth = layout.width - valueRoom;
        double legend = series.length > 1 ? Svg.legendHeight(series, layout.width) + 6 : 0;
        int height = (int) Math.ceil(4 + rows.size() * ROW + legend);
        Svg svg = new Svg(id, title, layout.width, height);
        double y = 4;
        for (Row row : rows) {
            svg.text(0, y + 12, "start", Svg.fit(row.label(), layout.width), row.label());
            double x = 0;
            for (int s = 0; s < series.length; s++) {
                long value = row.values()[s];
                if (value == 0) {
                    continue;
                }
                double w = max == 0 ? 0 : value * plotWidth / max;
                svg.bar(
                        x,
                        y + 17,
                        w,
                        14,
                        colours[s],
                        row.label() + ": " + value + (series.length > 1 ? " " + series[s] : ""));
                x += w;
            }
            svg.text(x + 6, y + 29, "start", String.format(Locale.ROOT, "%,d", row.total()));
            y += ROW;
        }
        if (series.length > 1) {
            svg.legend(y + 2, series, colours);
        }
        return svg.close();
    }

    /** Stacked local / remote / failed bars per time bucket on a request axis, the local share on its own 0–100 % axis. */
    static String timeline(Layout layout, List<AuditEntry> entries, List<PolicyChange> changes) {
        Instant first = entries.get(0).time();
        Instant last = entries.get(entries.size() - 1).time();
        TimeBuckets buckets = TimeBuckets.covering(first, last, entries.size(), layout.maxBuckets);
        long[][] counts = bucketCounts(entries, buckets);
        long max =
                Arrays.stream(counts).mapToLong(c -> c[0] + c[1] + c[2]).max().orElse(1);
        Axis axis = Axis.counts(max, 4);
        double left = axis.widestLabel() + 8;
        double right = Svg.textWidth("100%") + 8;
        double plotWidth = layout.width - left - right;
        double bottom = TOP + layout.plotHeight;
        String[] names = changes.isEmpty()
                ? new String[] {"local", "remote", "failed", "local share"}
                : new String[] {"local", "remote", "failed", "local share", "policy change"};
        String[] colours = {LOCAL, REMOTE, FAILED, SHARE, POLICY};
        int height = (int) Math.ceil(bottom + 26 + Svg.legendHeight(names, layout.width));
        Svg svg = new Svg("local-share", "Requests and local share over time", layout.width, height);
        svg.text(0, 12, "start", "requests");
        svg.text(layout.width, 12, "end", "local share");
        for (int t = 0; t < axis.ticks().size(); t++) {
            double y = axis.y(axis.ticks().get(t), TOP, bottom);
            svg.line(left, y, left + plotWidth, y, t == 0 ? AXIS : GRID);
            svg.text(left - 6, y + 4, "end", axis.labels().get(t));
        }
        for (int p = 0; p <= 100; p += 50) {
            svg.text(left + plotWidth + 6, bottom - p * layout.plotHeight / 100.0 + 4, "start", p + "%");
        }
        double slot = plotWidth / buckets.count();
        String[] kinds = {"local", "remote", "failed"};
        List<double[]> share = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            String when = buckets.label(buckets.startOf(b)) + "–" + buckets.label(buckets.startOf(b + 1));
            double x = left + b * slot + slot * 0.15;
            double y = bottom;
            for (int kind = 0; kind < 3; kind++) {
                if (counts[b][kind] > 0) {
                    double h = counts[b][kind] * layout.plotHeight / axis.high();
                    y -= h;
                    svg.bar(x, y, slot * 0.7, h, colours[kind], when + ": " + counts[b][kind] + " " + kinds[kind]);
                }
            }
            long answered = counts[b][0] + counts[b][1];
            if (answered > 0) {
                double cy = bottom - (double) counts[b][0] / answered * layout.plotHeight;
                share.add(new double[] {x + slot * 0.35, cy});
            }
        }
        svg.polyline(share, SHARE);
        int s = 0;
        for (int b = 0; b < buckets.count(); b++) {
            long answered = counts[b][0] + counts[b][1];
            if (answered > 0) {
                double[] point = share.get(s++);
                svg.dot(
                        point[0],
                        point[1],
                        SHARE,
                        buckets.label(buckets.startOf(b)) + ": local share " + percent(counts[b][0], answered) + " ("
                                + counts[b][0] + " of " + answered + " answered)");
            }
        }
        Duration span = Duration.between(buckets.start(), buckets.end());
        for (int c = 0; c < changes.size(); c++) {
            PolicyChange change = changes.get(c);
            double x = left
                    + plotWidth
                            * Duration.between(buckets.start(), change.time()).toMillis()
                            / span.toMillis();
            x = Math.max(left, Math.min(left + plotWidth, x));
            String label = "P" + (c + 1);
            svg.line(x, TOP, x, bottom, POLICY, true);
            boolean fitsRight = x + 3 + Svg.textWidth(label) <= left + plotWidth;
            svg.text(fitsRight ? x + 3 : x - 3, TOP + 10, fitsRight ? "start" : "end", label, policyName(change));
        }
        String from = buckets.label(buckets.start());
        String to = buckets.label(buckets.end());
        svg.text(left, bottom + 16, "start", from);
        svg.text(left + plotWidth, bottom + 16, "end", to);
        String middle = buckets.label(buckets.startOf(buckets.count() / 2));
        double middleX = left + plotWidth * (buckets.count() / 2) / buckets.count();
        if (buckets.count() >= 2
                && middleX - Svg.textWidth(middle) / 2 > left + Svg.textWidth(from) + 12
                && middleX + Svg.textWidth(middle) / 2 < left + plotWidth - Svg.textWidth(to) - 12) {
            svg.text(middleX, bottom + 16, "middle", middle);
        }
        svg.legend(bottom + 24, names, colours);
        return svg.close();
    }

    static long[][] bucketCounts(List<AuditEntry> entries, TimeBuckets buckets) {
        long[][] counts = new long[buckets.count()][3];
        for (AuditEntry entry : entries) {
            int kind = !entry.completed() ? 2 : entry.locality().orElse("").equals("local") ? 0 : 1;
            counts[buckets.indexOf(entry.time())][kind]++;
        }
        return counts;
    }

    static String policyName(PolicyChange change) {
        return "policy '" + change.policy() + "' (" + change.rules() + " rules, calibration " + change.calibration()
                + ") from " + TIME.format(change.time()) + " UTC";
    }

    /** p50, p90 and p99 (nearest rank) per tier, on an axis in ms or s. */
    static String latency(Layout layout, Map<String, long[]> percentiles, String[] names, String[] colours) {
        long max = percentiles.values().stream()
                .flatMapToLong(Arrays::stream)
                .max()
                .orElse(1);
        Axis axis = Axis.covering(0, Math.max(max, 1), 4, Charts::duration);
        double left = axis.widestLabel() + 8;
        double plotWidth = layout.width - left - 4;
        double bottom = TOP + layout.plotHeight;
        int height = (int) Math.ceil(bottom + 26 + Svg.legendHeight(names, layout.width));
        Svg svg = new Svg("latency", "Latency percentiles per tier", layout.width, height);
        svg.text(0, 12, "start", "latency");
        for (int t = 0; t < axis.ticks().size(); t++) {
            double y = axis.y(axis.ticks().get(t), TOP, bottom);
            svg.line(left, y, left + plotWidth, y, t == 0 ? AXIS : GRID);
            svg.text(left - 6, y + 4, "end", axis.labels().get(t));
        }
        double group = plotWidth / percentiles.size();
        double barWidth = Math.min(40, group * 0.8 / names.length);
        int g = 0;
        for (Map.Entry<String, long[]> tier : percentiles.entrySet()) {
            double start = left + g * group + (group - barWidth * names.length) / 2;
            for (int q = 0; q < names.length; q++) {
                long value = tier.getValue()[q];
                double h = value * layout.plotHeight / axis.high();
                svg.bar(
                        start + q * barWidth,
                        bottom - h,
                        barWidth - 2,
                        h,
                        colours[q],
                        tier.getKey() + " " + names[q] + ": " + String.format(Locale.ROOT, "%,d ms", value));
            }
            svg.text(
                    left + g * group + group / 2,
                    bottom + 16,
                    "middle",
                    Svg.fit(tier.getKey(), group - 4),
                    tier.getKey());
            g++;
        }
        svg.legend(bottom + 24, names, colours);
        return svg.close();
    }

    /** Cumulative estimated savings against time, on a USD axis. */
    static String savings(Layout layout, List<Instant> times, double[] cumulative) {
        double min = Arrays.stream(cumulative).min().orElse(0);
        double max = Arrays.stream(cumulative).max().orElse(0);
        Axis axis = Axis.covering(Math.min(0, min), Math.max(max, Math.min(0, min) + 1e-6), 4, Charts::usd);
        double left = axis.widestLabel() + 8;
        double plotWidth = layout.width - left - 4;
        double bottom = TOP + layout.plotHeight;
        Svg svg = new Svg("savings", "Estimated savings over time", layout.width, (int) Math.ceil(bottom + 22));
        svg.text(0, 12, "start", "saved, cumulative (USD)");
        for (int t = 0; t < axis.ticks().size(); t++) {
            double y = axis.y(axis.ticks().get(t), TOP, bottom);
            svg.line(left, y, left + plotWidth, y, axis.ticks().get(t) == 0 ? AXIS : GRID);
            svg.text(left - 6, y + 4, "end", axis.labels().get(t));
        }
        Instant first = times.get(0);
        Instant last = times.get(times.size() - 1);
        long span = Math.max(1, Duration.between(first, last).toMillis());
        List<double[]> points = new ArrayList<>();
        int step = Math.max(1, times.size() / 120);
        for (int i = 0; i < times.size(); i += step) {
            points.add(point(times, cumulative, i, first, span, left, plotWidth, axis, bottom));
        }
        if ((times.size() - 1) % step != 0) {
            points.add(point(times, cumulative, times.size() - 1, first, span, left, plotWidth, axis, bottom));
        }
        svg.polyline(points, LOCAL);
        for (double[] p : points) {
            svg.dot(p[0], p[1], LOCAL, usd(p[2]) + " saved by " + TIME.format(Instant.ofEpochMilli((long) p[3])));
        }
        TimeBuckets labels = TimeBuckets.covering(first, last, times.size(), 24);
        svg.text(left, bottom + 16, "start", labels.label(first));
        svg.text(left + plotWidth, bottom + 16, "end", labels.label(last));
        return svg.close();
    }

    private static double[] point(
            List<Instant> times,
            double[] cumulative,
            int i,
            Instant first,
            long span,
            double left,
            double plotWidth,
            Axis axis,
            double bottom) {
        double x = times.size() == 1
                ? left + plotWidth / 2
                : left + plotWidth * Duration.between(first, times.get(i)).toMillis() / span;
        return new double[] {
            x, axis.y(cumulative[i], TOP, bottom), cumulative[i], times.get(i).toEpochMilli()
        };
    }

    /** Counts of {@code keys}, largest first (ties by name). */
    static Map<String, Long> largestFirst(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        new TreeMap<>(counts)
                .entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static String duration(double millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        String seconds = String.format(Locale.ROOT, "%.1f", millis / 1000);
        return (seconds.endsWith(".0") ? seconds.substring(0, seconds.length() - 2) : seconds) + " s";
    }

    static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    static String usd(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude == 0 || magnitude >= 1 ? "$%,.2f" : magnitude >= 0.01 ? "$%.4f" : "$%.6f";
        return String.format(Locale.ROOT, pattern, value).replace("$-", "-$");
    }
}
