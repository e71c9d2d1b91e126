package dev.tandem.router.report;

import static java.util.Objects.requireNonNull;

import dev.tandem.policy.Policy;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Renders the routing report of an audit log: one self-contained HTML page (inline CSS and SVG, no script,
 * nothing from the network) that reads well on a desktop and on a phone.
 *
 * <pre>{@code
 * String html = RoutingReport.builder()
 *         .price("remote", Price.perMillion(0.15, 0.60))
 *         .policy(policy)                                  // optional: unused rules, budget use
 *         .verification(AuditVerifier.verify(file))
 *         .build()
 *         .render(AuditReader.readTolerant(file));
 * }</pre>
 *
 * <p>The page opens with a headline: the period, the local share, how many requests left the machine, and
 * whether the hash chain verified and how many unreadable lines were skipped. Then: requests and the local
 * share over time (buckets sized to the log's span, policy changes marked), personal data by type and
 * what happened to it, what left the machine and what was redacted, the deciding rules, the policy's rules
 * that matched nothing, per-tenant requests, spend and budget use, fallbacks and errors, escalations,
 * latency percentiles per tier and estimated savings. Each chart is drawn twice (for wide cards and for a
 * phone; CSS shows one), scales to its card, and has its data in a table under it. A section with nothing
 * to show is one line.
 *
 * <p>Savings price every answered request's tokens on the reference tier (default {@code remote}) and
 * subtract what it cost on the tier that served it; tiers without a price count as free. The page shows
 * the prices it assumed. Immutable and thread-safe.
 */
public final class RoutingReport {

    private final Map<String, Price> prices;
    private final String referenceTier;
    private final String title;
    private final Optional<AuditVerifier.Verification> verification;
    private final Optional<Policy> policy;

    private RoutingReport(Builder builder) {
        this.prices = Map.copyOf(builder.prices);
        this.referenceTier = builder.referenceTier;
        this.title = builder.title;
        this.verification = Optional.ofNullable(builder.verification);
        this.policy = Optional.ofNullable(builder.policy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page for these request records. */
    public String render(List<AuditEntry> entries) {
        return render(new AuditRecords(entries, List.of(), List.of(), List.of()));
    }

    /** The page for what {@code AuditReader.readTolerant} read, skipped lines and policy changes included. */
    public String render(AuditRecords records) {
        List<AuditEntry> sorted = records.entries().stream()
                .sorted(Comparator.comparing(AuditEntry::time).thenComparingLong(AuditEntry::seq))
                .toList();
        List<AuditRecords.PolicyChange> changes = records.policyChanges().stream()
                .sorted(Comparator.comparing(AuditRecords.PolicyChange::time))
                .toList();
        Sections sections = new Sections(prices, referenceTier, policy);
        StringBuilder html = new StringBuilder(65_536);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(Svg.escape(title))
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body>\n<h1>")
                .append(Svg.escape(title))
                .append("</h1>\n");
        headline(html, sorted, records.skipped());
        kpis(html, sorted, sections);
        problems(html, records.skipped());
        List<Section> all = sections.all(sorted, changes, records.shadowCalls());
        html.append("<div class=\"grid\">\n");
        all.stream().filter(s -> s.emptyLine() == null).forEach(s -> card(html, s));
        html.append("</div>\n");
        List<Section> empty = all.stream().filter(s -> s.emptyLine() != null).toList();
        if (!empty.isEmpty()) {
            html.append("<section class=\"collapsed\" aria-label=\"Sections with nothing to show\">");
            for (Section s : empty) {
                html.append("<p class=\"empty\" data-section=\"")
                        .append(s.id())
                        .append("\"><strong>")
                        .append(Svg.escape(s.title()))
                        .append(":</strong> ")
                        .append(Svg.escape(requireNonNull(s.emptyLine())))
                        .append("</p>");
            }
            html.append("</section>\n");
        }
        html.append(pricesNote());
        html.append("</body></html>\n");
        return html.toString();
    }

    private void headline(StringBuilder html, List<AuditEntry> entries, List<String> skipped) {
        List<String> sentences = new ArrayList<>();
        if (entries.isEmpty()) {
            sentences.add("The audit log holds no request records.");
        } else {
            long completed = entries.stream().filter(AuditEntry::completed).count();
            long local = entries.stream()
                    .filter(e -> e.completed() && e.locality().orElse("").equals("local"))
                    .count();
            List<AuditEntry> left =
                    entries.stream().filter(AuditEntry::leftMachine).toList();
            long redacted = left.stream().filter(e -> !e.redactions().isEmpty()).count();
            sentences.add(String.format(
                    Locale.ROOT,
                    "%,d request%s from %s to %s UTC: %s of the answered ones served locally; %,d left the machine,"
                            + " %,d of them with redactions.",
                    entries.size(),
                    entries.size() == 1 ? "" : "s",
                    Charts.TIME.format(entries.get(0).time()),
                    Charts.TIME.format(entries.get(entries.size() - 1).time()),
                    completed == 0 ? "none" : Charts.percent(local, completed),
                    left.size(),
                    redacted));
        }
        boolean bad = !skipped.isEmpty();
        if (verification.isEmpty()) {
            sentences.add("The hash chain was not checked.");
        } else if (verification.get().valid()) {
            sentences.add("The hash chain verified.");
        } else {
            bad = true;
            int problems = verification.get().problems().size();
            sentences.add("The hash chain did not verify (" + problems + " problem" + (problems == 1 ? "" : "s")
                    + ", listed below): records may have been altered, removed or added.");
        }
        if (!skipped.isEmpty()) {
            sentences.add(skipped.size() + " unreadable line" + (skipped.size() == 1 ? " was" : "s were")
                    + " skipped and left out of every figure.");
        }
        html.append("<p class=\"headline")
                .append(bad ? " bad" : "")
                .append("\" role=\"status\">")
                .append(Svg.escape(String.join(" ", sentences)))
                .append("</p>\n");
    }

    private void kpis(StringBuilder html, List<AuditEntry> entries, Sections sections) {
        long completed = entries.stream().filter(AuditEntry::completed).count();
        long local = entries.stream()
                .filter(e -> e.completed() && e.locality().orElse("").equals("local"))
                .count();
        html.append("<div class=\"kpis\">");
        kpi(html, "requests", String.format(Locale.ROOT, "%,d", entries.size()));
        kpi(html, "served locally", completed == 0 ? "–" : Charts.percent(local, completed));
        kpi(html, "served remotely", Long.toString(completed - local));
        kpi(html, "failed or rejected", Long.toString(entries.size() - completed));
        kpi(
                html,
                "estimated cost",
                Charts.usd(entries.stream().mapToDouble(sections::cost).sum()));
        kpi(
                html,
                "estimated savings",
                Charts.usd(entries.stream().mapToDouble(sections::saving).sum()));
        kpi(
                html,
                "hash chain",
                verification.map(v -> v.valid() ? "verified" : "NOT verified").orElse("not checked"));
        html.append("</div>\n");
    }

    private static void kpi(StringBuilder html, String label, String value) {
        html.append("<div class=\"kpi\"><div class=\"value\">")
                .append(Svg.escape(value))
                .append("</div><div class=\"label\">")
                .append(Svg.escape(label))
                .append("</div></div>");
    }

    private void problems(StringBuilder html, List<String> skipped) {
        verification
                .filter(v -> !v.valid())
                .ifPresent(v -> list(html, "The audit log's hash chain did not verify", v.problems()));
        if (!skipped.isEmpty()) {
            list(html, "Unreadable lines skipped", skipped);
        }
    }

    private static void list(StringBuilder html, String heading, List<String> items) {
        html.append("<div class=\"problems\"><strong>")
                .append(Svg.escape(heading))
                .append(":</strong><ul>");
        items.stream()
                .limit(20)
                .forEach(p -> html.append("<li>").append(Svg.escape(p)).append("</li>"));
        if (items.size() > 20) {
            html.append("<li>and ").append(items.size() - 20).append(" more</li>");
        }
        html.append("</ul></div>\n");
    }

    private static void card(StringBuilder html, Section section) {
        html.append("<figure data-section=\"")
                .append(section.id())
                .append("\"><figcaption>")
                .append(Svg.escape(section.title()))
                .append("</figcaption>");
        if (section.drawing() != null) {
            for (Layout layout : Layout.values()) {
                html.append("<div class=\"")
                        .append(layout.cssClass)
                        .append("\">")
                        .append(section.drawing().apply(layout))
                        .append("</div>");
            }
        }
        if (section.note() != null) {
            html.append("<p class=\"note\">").append(Svg.escape(section.note())).append("</p>");
        }
        for (Section.Table table : section.tables()) {
            if (section.drawing() != null) {
                html.append("<details><summary>Data table: ")
                        .append(Svg.escape(table.caption()))
                        .append("</summary>");
            }
            table(html, table);
            if (section.drawing() != null) {
                html.append("</details>");
            }
        }
        html.append("</figure>\n");
    }

    private static void table(StringBuilder html, Section.Table table) {
        html.append("<table><caption>").append(Svg.escape(table.caption())).append("</caption><thead><tr>");
        table.headers()
                .forEach(h ->
                        html.append("<th scope=\"col\">").append(Svg.escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                String tag = c == 0 ? "th scope=\"row\"" : "td";
                html.append('<')
                        .append(tag)
                        .append('>')
                        .append(Svg.escape(row.get(c)))
                        .append("</")
                        .append(c == 0 ? "th" : "td")
                        .append('>');
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
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
                .append("; unpriced tiers count as free. The audit log holds types, counts, rule names and salted")
                .append(" hashes only: this page shows no request or answer text.</p>\n");
        return out.toString();
    }

    /** Builds a {@link RoutingReport}. Defaults: no prices, reference tier {@code remote}, no verification, no policy. */
    public static final class Builder {
        private final Map<String, Price> prices = new LinkedHashMap<>();
        private String referenceTier = "remote";
        private String title = "Tandem routing report";
        private AuditVerifier.@Nullable Verification verification;
        private @Nullable Policy policy;

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

        /** Shows the chain's state in the headline, and its problems when it is broken. */
        public Builder verification(AuditVerifier.Verification verification) {
            this.verification = requireNonNull(verification, "verification");
            return this;
        }

        /** The policy the log was written under: lists its rules that matched nothing, and budget use per tenant. */
        public Builder policy(Policy policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        public RoutingReport build() {
            return new RoutingReport(this);
        }
    }

    private static final String CSS = "*{box-sizing:border-box}"
            + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:16px;"
            + "color:#222;background:#fafafa;overflow-wrap:anywhere}h1{font-size:22px;margin:0 0 10px}"
            + ".headline{font-size:16px;margin:0 0 12px;padding:10px 12px;border-radius:6px;"
            + "background:#e8f5e9;border:1px solid #a5d6a7}.headline.bad{background:#ffebee;border-color:#c62828}"
            + ".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;margin-bottom:12px}"
            + ".kpi{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 12px;min-width:0}"
            + ".kpi .value{font-size:20px;font-weight:600}.kpi .label{font-size:12px;color:#555}"
            + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,520px),1fr));gap:16px}"
            + "figure{margin:0;min-width:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px}"
            + "figcaption{font-weight:600;margin-bottom:8px}svg.chart{display:block;width:100%;height:auto}"
            + ".narrow{display:none}"
            + ".note{color:#555;font-size:13px;margin:6px 0}"
            + "summary{cursor:pointer;color:#1565c0;font-size:13px;margin-top:4px}"
            + "table{border-collapse:collapse;width:100%;font-size:13px;margin-top:6px}"
            + "caption{text-align:left;color:#555;padding-bottom:4px}"
            + "th,td{text-align:left;padding:3px 5px;border-bottom:1px solid #eee;font-weight:normal;"
            + "overflow-wrap:normal}tbody th{overflow-wrap:anywhere}"
            + "thead th{font-weight:600}td{text-align:right}"
            + ".collapsed{margin-top:16px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 12px}"
            + ".empty{margin:6px 0;font-size:14px;color:#444}"
            + ".problems{background:#ffebee;border:1px solid #c62828;border-radius:6px;padding:8px 12px;"
            + "margin-bottom:12px}"
            // last, so that it wins over the rules above on a phone
            + "@media (max-width:600px){body{padding:10px}figure{padding:8px}.wide{display:none}"
            + ".narrow{display:block}table{font-size:12px}th,td{padding:3px}}";
}
