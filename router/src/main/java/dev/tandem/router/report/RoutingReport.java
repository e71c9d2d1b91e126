package dev.tandem.router.report;

import static java.util.Objects.requireNonNull;

import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders the routing report of an audit log: one self-contained HTML page (inline CSS, inline SVG, a
 * few lines of inline script that only measure the charts), which needs no network to view.
 *
 * <pre>{@code
 * String html = RoutingReport.builder()
 *         .price("remote", Price.perMillion(0.15, 0.60))
 *         .verification(AuditVerifier.verify(file))
 *         .build()
 *         .render(AuditReader.read(file));
 * }</pre>
 *
 * <p>Charts: the local share over time; the deciding rules; remote requests and what was redacted from
 * them; fallbacks and errors; latency percentiles (p50, p90, p99) per tier; estimated savings over
 * time. Savings price every answered request's tokens on the reference tier (default {@code remote})
 * and subtract what it cost on the tier that served it; tiers without a price count as free. The page
 * shows the prices it assumed. Immutable and thread-safe.
 */
public final class RoutingReport {

    static final String LOCAL = "#2e7d32";
    static final String REMOTE = "#1565c0";
    static final String FAILED = "#c62828";
    static final String NEUTRAL = "#6d4c41";
    private static final int MAX_BUCKETS = 24;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Map<String, Price> prices;
    private final String referenceTier;
    private final String title;
    private final Optional<AuditVerifier.Verification> verification;

    private RoutingReport(Builder builder) {
        this.prices = Map.copyOf(builder.prices);
        this.referenceTier = builder.referenceTier;
        this.title = builder.title;
        this.verification = Optional.ofNullable(builder.verification);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page for these records, oldest first. */
    public String render(List<AuditEntry> entries) {
        List<AuditEntry> sorted = entries.stream()
                .sorted(Comparator.comparing(AuditEntry::time).thenComparingLong(AuditEntry::seq))
                .toList();
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(Svg.escape(title))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body>\n<h1>")
                .append(Svg.escape(title))
                .append("</h1>\n");
        html.append(summary(sorted));
        html.append("<div class=\"grid\">\n");
        figure(html, "Local share over time", localShare(sorted));
        figure(html, "Why: the deciding rule", reasons(sorted));
        figure(html, "Remote requests and what was redacted from them", redactions(sorted));
        figure(html, "Fallbacks and errors", fallbacksAndErrors(sorted));
        figure(html, "Latency percentiles per tier (ms)", latency(sorted));
        figure(html, "Estimated savings over time (USD)", savingsChart(sorted));
        html.append("</div>\n");
        html.append(pricesNote());
        html.append("<script>").append(MEASURE).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private String summary(List<AuditEntry> entries) {
        long total = entries.size();
        long completed = entries.stream().filter(AuditEntry::completed).count();
        long local = entries.stream()
                .filter(e -> e.locality().orElse("").equals("local"))
                .count();
        long remote = completed - local;
        long failed = total - completed;
        double cost = entries.stream().mapToDouble(this::cost).sum();
        double saved = entries.stream().mapToDouble(this::saving).sum();
        StringBuilder out = new StringBuilder("<div class=\"kpis\">");
        kpi(out, "requests", Long.toString(total));
        kpi(out, "served locally", completed == 0 ? "–" : percent(local, completed));
        kpi(out, "served remotely", Long.toString(remote));
        kpi(out, "failed or rejected", Long.toString(failed));
        kpi(out, "estimated cost", usd(cost));
        kpi(out, "estimated savings", usd(saved));
        verification.ifPresent(v -> kpi(
                out,
                "hash chain",
                v.valid()
                        ? "verified"
                        : v.problems().size() + " problem" + (v.problems().size() == 1 ? "" : "s")));
        out.append("</div>\n");
        if (!entries.isEmpty()) {
            out.append("<p class=\"note\">From ")
                    .append(TIME.format(entries.get(0).time()))
                    .append(" to ")
                    .append(TIME.format(entries.get(entries.size() - 1).time()))
                    .append(" UTC. The audit log holds types, counts, rule names and salted hashes only;")
                    .append(" this page shows no request or answer text.</p>\n");
        }
        verification.filter(v -> !v.valid()).ifPresent(v -> {
            out.append("<div class=\"problems\"><strong>The audit log's hash chain is broken:</strong><ul>");
            v.problems().stream()
                    .limit(20)
                    .forEach(p -> out.append("<li>").append(Svg.escape(p)).append("</li>"));
            out.append("</ul></div>\n");
        });
        return out.toString();
    }

    private static void kpi(StringBuilder out, String label, String value) {
        out.append("<div class=\"kpi\"><div class=\"value\">")
                .append(Svg.escape(value))
                .append("</div><div class=\"label\">")
                .append(Svg.escape(label))
                .append("</div></div>");
    }

    private static void figure(StringBuilder html, String caption, String svg) {
        html.append("<figure><figcaption>")
                .append(Svg.escape(caption))
                .append("</figcaption>")
                .append(svg)
                .append("</figure>\n");
    }

    /** Stacked bars of local, remote and failed requests per time bucket, with the local share as a line. */
    private String localShare(List<AuditEntry> entries) {
        Svg svg = new Svg("local-share", "Local share over time");
        if (entries.isEmpty()) {
            return svg.empty("no requests recorded").close();
        }
        Instant first = entries.get(0).time();
        Instant last = entries.get(entries.size() - 1).time();
        long span = Math.max(1, Duration.between(first, last).toMillis() + 1);
        int buckets = (int) Math.min(MAX_BUCKETS, Math.max(1, Math.min(entries.size(), span)));
        long[][] counts = new long[buckets][3];
        for (AuditEntry entry : entries) {
            int bucket = (int)
                    Math.min(buckets - 1, Duration.between(first, entry.time()).toMillis() * buckets / span);
            int kind = !entry.completed() ? 2 : entry.locality().orElse("").equals("local") ? 0 : 1;
            counts[bucket][kind]++;
        }
        long max = 1;
        for (long[] bucket : counts) {
            max = Math.max(max, bucket[0] + bucket[1] + bucket[2]);
        }
        int left = 50;
        double plotWidth = Svg.WIDTH - left - Svg.RIGHT;
        double plotHeight = Svg.HEIGHT - Svg.TOP - Svg.BOTTOM;
        double slot = plotWidth / buckets;
        double baseline = Svg.TOP + plotHeight;
        svg.line(left, baseline, Svg.WIDTH - Svg.RIGHT, baseline, "#999");
        svg.text(left - 6, Svg.TOP + 10, "end", Long.toString(max));
        svg.text(left - 6, baseline, "end", "0");
        List<double[]> share = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            double x = left + b * slot + slot * 0.15;
            double y = baseline;
            String[] names = {"local", "remote", "failed"};
            String[] colours = {LOCAL, REMOTE, FAILED};
            for (int kind = 0; kind < 3; kind++) {
                if (counts[b][kind] == 0) {
                    continue;
                }
                double h = counts[b][kind] * plotHeight / max;
                y -= h;
                svg.bar(x, y, slot * 0.7, h, colours[kind], counts[b][kind] + " " + names[kind]);
            }
            long answered = counts[b][0] + counts[b][1];
            if (answered > 0) {
                double ratio = (double) counts[b][0] / answered;
                double cx = x + slot * 0.35;
                double cy = baseline - ratio * plotHeight;
                share.add(new double[] {cx, cy});
                svg.dot(cx, cy, "#f9a825", "local share " + percent(counts[b][0], answered));
            }
        }
        svg.polyline(share, "#f9a825");
        svg.text(left, Svg.HEIGHT - 22, "start", TIME.format(first));
        svg.text(Svg.WIDTH - Svg.RIGHT, Svg.HEIGHT - 22, "end", TIME.format(last));
        legend(svg, new String[] {"local", "remote", "failed", "local share"}, new String[] {
            LOCAL, REMOTE, FAILED, "#f9a825"
        });
        return svg.close();
    }

    private String reasons(List<AuditEntry> entries) {
        Map<String, Long> byRule = new TreeMap<>();
        entries.forEach(e -> byRule.merge(e.decidingRule(), 1L, Long::sum));
        return horizontalBars("reasons", "Deciding rules", byRule, NEUTRAL, "no decisions recorded");
    }

    private String redactions(List<AuditEntry> entries) {
        Map<String, Long> rows = new LinkedHashMap<>();
        List<AuditEntry> remote = entries.stream()
                .filter(e -> e.completed() && e.locality().orElse("").equals("remote"))
                .toList();
        long redacted = remote.stream().filter(e -> !e.redactions().isEmpty()).count();
        if (!remote.isEmpty()) {
            rows.put("remote requests", (long) remote.size());
            rows.put("…with redactions", redacted);
        }
        Map<String, Long> byType = new TreeMap<>();
        entries.forEach(e -> e.redactions()
                .forEach(r -> r.counts()
                        .forEach((type, count) -> byType.merge(type + " redacted", (long) count, Long::sum))));
        rows.putAll(byType);
        return horizontalBars("redactions", "Remote requests and redactions", rows, REMOTE, "no remote requests");
    }

    private String fallbacksAndErrors(List<AuditEntry> entries) {
        Map<String, Long> rows = new TreeMap<>();
        for (AuditEntry entry : entries) {
            entry.fallbacks()
                    .forEach(f -> rows.merge(f.from() + " → " + f.to() + " (" + f.error() + ")", 1L, Long::sum));
            entry.error().ifPresent(error -> rows.merge("failed: " + error, 1L, Long::sum));
        }
        return horizontalBars("fallbacks", "Fallbacks and errors", rows, FAILED, "no fallbacks and no errors");
    }

    private String latency(List<AuditEntry> entries) {
        Map<String, List<Long>> byTier = new TreeMap<>();
        for (AuditEntry entry : entries) {
            if (entry.completed()
                    && entry.tier().isPresent()
                    && entry.latencyMillis().isPresent()) {
                byTier.computeIfAbsent(entry.tier().get(), t -> new ArrayList<>())
                        .add(entry.latencyMillis().getAsLong());
            }
        }
        Svg svg = new Svg("latency", "Latency percentiles per tier");
        if (byTier.isEmpty()) {
            return svg.empty("no answered requests").close();
        }
        double[] quantiles = {0.5, 0.9, 0.99};
        String[] names = {"p50", "p90", "p99"};
        String[] colours = {"#81c784", "#43a047", "#1b5e20"};
        Map<String, long[]> values = new LinkedHashMap<>();
        long max = 1;
        for (Map.Entry<String, List<Long>> tier : byTier.entrySet()) {
            List<Long> sorted = tier.getValue().stream().sorted().toList();
            long[] p = new long[quantiles.length];
            for (int q = 0; q < quantiles.length; q++) {
                p[q] = percentile(sorted, quantiles[q]);
                max = Math.max(max, p[q]);
            }
            values.put(tier.getKey(), p);
        }
        int left = 50;
        double plotWidth = Svg.WIDTH - left - Svg.RIGHT;
        double plotHeight = Svg.HEIGHT - Svg.TOP - Svg.BOTTOM;
        double baseline = Svg.TOP + plotHeight;
        double group = plotWidth / values.size();
        double barWidth = Math.min(40, group * 0.8 / quantiles.length);
        svg.line(left, baseline, Svg.WIDTH - Svg.RIGHT, baseline, "#999");
        svg.text(left - 6, Svg.TOP + 10, "end", max + " ms");
        svg.text(left - 6, baseline, "end", "0");
        int g = 0;
        for (Map.Entry<String, long[]> tier : values.entrySet()) {
            double start = left + g * group + (group - barWidth * quantiles.length) / 2;
            for (int q = 0; q < quantiles.length; q++) {
                double h = tier.getValue()[q] * plotHeight / max;
                svg.bar(
                        start + q * barWidth,
                        baseline - h,
                        barWidth - 2,
                        h,
                        colours[q],
                        tier.getKey() + " " + names[q] + " " + tier.getValue()[q] + " ms");
            }
            svg.text(left + g * group + group / 2, baseline + 14, "middle", tier.getKey());
            g++;
        }
        legend(svg, names, colours);
        return svg.close();
    }

    private String savingsChart(List<AuditEntry> entries) {
        Svg svg = new Svg("savings", "Estimated savings over time");
        List<AuditEntry> answered =
                entries.stream().filter(AuditEntry::completed).toList();
        if (answered.isEmpty()) {
            return svg.empty("no answered requests").close();
        }
        double[] cumulative = new double[answered.size()];
        double running = 0;
        for (int i = 0; i < answered.size(); i++) {
            running += saving(answered.get(i));
            cumulative[i] = running;
        }
        double min = Math.min(0, java.util.Arrays.stream(cumulative).min().orElse(0));
        double max = Math.max(java.util.Arrays.stream(cumulative).max().orElse(0), min + 1e-9);
        int left = 70;
        double plotWidth = Svg.WIDTH - left - Svg.RIGHT;
        double plotHeight = Svg.HEIGHT - Svg.TOP - Svg.BOTTOM;
        double baseline = Svg.TOP + plotHeight;
        svg.line(left, baseline, Svg.WIDTH - Svg.RIGHT, baseline, "#999");
        svg.text(left - 6, Svg.TOP + 10, "end", usd(max));
        svg.text(left - 6, baseline, "end", usd(min));
        List<double[]> points = new ArrayList<>();
        int step = Math.max(1, answered.size() / 200);
        for (int i = 0; i < answered.size(); i += step) {
            double x = left + (answered.size() == 1 ? plotWidth / 2 : i * plotWidth / (answered.size() - 1));
            double y = baseline - (cumulative[i] - min) * plotHeight / (max - min);
            points.add(new double[] {x, y});
        }
        int lastIndex = answered.size() - 1;
        if ((lastIndex % step) != 0) {
            double y = baseline - (cumulative[lastIndex] - min) * plotHeight / (max - min);
            points.add(new double[] {left + plotWidth, y});
        }
        svg.polyline(points, LOCAL);
        for (double[] point : points) {
            svg.dot(point[0], point[1], LOCAL, "");
        }
        svg.text(
                left + plotWidth / 2,
                Svg.HEIGHT - 22,
                "middle",
                "total " + usd(running) + " vs everything on " + referenceTier);
        svg.text(left, Svg.HEIGHT - 22, "start", TIME.format(answered.get(0).time()));
        svg.text(
                Svg.WIDTH - Svg.RIGHT,
                Svg.HEIGHT - 22,
                "end",
                TIME.format(answered.get(lastIndex).time()));
        return svg.close();
    }

    private static String horizontalBars(
            String chart, String title, Map<String, Long> rows, String colour, String emptyMessage) {
        Svg svg = new Svg(chart, title);
        if (rows.isEmpty()) {
            return svg.empty(emptyMessage).close();
        }
        List<Map.Entry<String, Long>> shown = rows.entrySet().stream().limit(10).toList();
        long max = shown.stream().mapToLong(Map.Entry::getValue).max().orElse(1);
        double plotWidth = Svg.WIDTH - Svg.LEFT - Svg.RIGHT - 40;
        double rowHeight = Math.min(28, (Svg.HEIGHT - Svg.TOP - 10.0) / shown.size());
        int i = 0;
        for (Map.Entry<String, Long> row : shown) {
            double y = Svg.TOP + i * rowHeight;
            double w = max == 0 ? 0 : row.getValue() * plotWidth / max;
            String label = row.getKey().length() > 24 ? row.getKey().substring(0, 23) + "…" : row.getKey();
            svg.text(Svg.LEFT - 6, y + rowHeight * 0.65, "end", label);
            if (row.getValue() > 0) {
                svg.bar(Svg.LEFT, y + 3, w, rowHeight - 6, colour, row.getKey() + ": " + row.getValue());
            }
            svg.text(Svg.LEFT + w + 6, y + rowHeight * 0.65, "start", Long.toString(row.getValue()));
            i++;
        }
        return svg.close();
    }

    private static void legend(Svg svg, String[] names, String[] colours) {
        double x = 60;
        for (int i = 0; i < names.length; i++) {
            svg.line(x, Svg.HEIGHT - 8, x + 12, Svg.HEIGHT - 8, colours[i]);
            svg.text(x + 16, Svg.HEIGHT - 4, "start", names[i]);
            x += 30 + names[i].length() * 6.5;
        }
    }

    private double cost(AuditEntry entry) {
        if (!entry.completed() || entry.tier().isEmpty()) {
            return 0;
        }
        return prices.getOrDefault(entry.tier().get(), Price.free()).cost(entry.tokensIn(), entry.tokensOut());
    }

    private double saving(AuditEntry entry) {
        Price reference = prices.get(referenceTier);
        if (reference == null || !entry.completed()) {
            return 0;
        }
        return reference.cost(entry.tokensIn(), entry.tokensOut()) - cost(entry);
    }

    private String pricesNote() {
        StringBuilder out = new StringBuilder("<p class=\"note\">Prices assumed (USD per million tokens, in/out): ");
        if (prices.isEmpty()) {
            out.append("none, so cost and savings are 0");
        } else {
            List<String> parts = new ArrayList<>();
            prices.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(p -> parts.add(Svg.escape(p.getKey()) + " "
                            + String.format(
                                    Locale.ROOT,
                                    "%.2f/%.2f",
                                    p.getValue().inputPerMillion(),
                                    p.getValue().outputPerMillion())));
            out.append(String.join(", ", parts));
        }
        out.append(". Savings compare each answered request with the same tokens on ")
                .append(Svg.escape(referenceTier))
                .append("; unpriced tiers count as free.</p>\n");
        return out.toString();
    }

    static long percentile(List<Long> sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    private static String usd(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude == 0 || magnitude >= 1 ? "$%.2f" : magnitude >= 0.01 ? "$%.4f" : "$%.6f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** Builds a {@link RoutingReport}. Defaults: no prices, reference tier {@code remote}, no verification. */
    public static final class Builder {
        private final Map<String, Price> prices = new LinkedHashMap<>();
        private String referenceTier = "remote";
        private String title = "Tandem routing report";
        private AuditVerifier.@Nullable Verification verification;

        private Builder() {}

        public Builder price(String tier, Price price) {
            prices.put(requireNonNull(tier, "tier"), requireNonNull(price, "price"));
            return this;
        }

        public Builder prices(Map<String, Price> prices) {
            prices.forEach(this::price);
            return this;
        }

        public Builder referenceTier(String tier) {
            if (tier.isBlank()) {
                throw new IllegalArgumentException("the reference tier must name a tier, such as remote");
            }
            this.referenceTier = tier;
            return this;
        }

        public Builder title(String title) {
            this.title = requireNonNull(title, "title");
            return this;
        }

        /** Shows the chain's state on the page, and its problems when it is broken. */
        public Builder verification(AuditVerifier.Verification verification) {
            this.verification = requireNonNull(verification, "verification");
            return this;
        }

        public RoutingReport build() {
            return new RoutingReport(this);
        }
    }

    private static final String CSS = "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;"
            + "margin:24px;color:#222;background:#fafafa}h1{font-size:22px;margin:0 0 12px}"
            + ".kpis{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:8px}"
            + ".kpi{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:110px}"
            + ".kpi .value{font-size:20px;font-weight:600}.kpi .label{font-size:12px;color:#666}"
            + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(580px,1fr));gap:16px}"
            + "figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px}"
            + "figcaption{font-weight:600;margin-bottom:6px}.note{color:#555;font-size:13px}"
            + ".problems{background:#ffebee;border:1px solid #c62828;border-radius:6px;padding:8px 12px}";

    /** Records each chart's drawn size and its drawn marks on the element, for tests and curious readers. */
    private static final String MEASURE = "document.querySelectorAll('svg.chart').forEach(function(s){"
            + "var r=s.getBoundingClientRect();var n=0;s.querySelectorAll('.mark').forEach(function(m){"
            + "var b=m.getBBox();if(b.width>0&&b.height>0){n++;}});"
            + "s.setAttribute('data-drawn-width',Math.round(r.width));"
            + "s.setAttribute('data-drawn-height',Math.round(r.height));"
            + "s.setAttribute('data-drawn-marks',n);});";
}
