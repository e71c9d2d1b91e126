package dev.tandem.router.report;

import static dev.tandem.router.report.Charts.FAILED;
import static dev.tandem.router.report.Charts.LOCAL;
import static dev.tandem.router.report.Charts.REMOTE;
import static dev.tandem.router.report.Charts.percent;
import static dev.tandem.router.report.Charts.usd;

import dev.tandem.policy.Budget;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Rule;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditRecords.PolicyChange;
import dev.tandem.router.audit.AuditRecords.ShadowCall;
import dev.tandem.router.metrics.Price;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Computes each section of the report from the audit records: its chart, its tables, or its one line when empty. */
final class Sections {

    static final String NEUTRAL = "#6d4c41";
    private static final String SENT = "#ef6c00";
    private static final String REFUSED = "#757575";
    private static final int MAX_ROWS = 12;

    private final Map<String, Price> prices;
    private final String referenceTier;
    private final Optional<Policy> policy;

    Sections(Map<String, Price> prices, String referenceTier, Optional<Policy> policy) {
        this.prices = prices;
        this.referenceTier = referenceTier;
        this.policy = policy;
    }

    List<Section> all(List<AuditEntry> entries, List<PolicyChange> changes, List<ShadowCall> shadowCalls) {
        return List.of(
                timeline(entries, changes),
                personalData(entries),
                remote(entries),
                rules(entries),
                unusedRules(entries),
                tenants(entries),
                fallbacks(entries),
                escalations(entries),
                shadow(shadowCalls),
                latency(entries),
                savings(entries));
    }

    Section timeline(List<AuditEntry> entries, List<PolicyChange> changes) {
        String title = "Requests and local share over time";
        if (entries.isEmpty()) {
            return Section.empty("local-share", title, "no requests recorded.");
        }
        TimeBuckets buckets = TimeBuckets.covering(
                entries.get(0).time(), entries.get(entries.size() - 1).time(), entries.size(), Layout.WIDE.maxBuckets);
        long[][] counts = Charts.bucketCounts(entries, buckets);
        List<List<String>> rows = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            long answered = counts[b][0] + counts[b][1];
            rows.add(List.of(
                    Charts.TIME.format(buckets.startOf(b)),
                    Long.toString(counts[b][0]),
                    Long.toString(counts[b][1]),
                    Long.toString(counts[b][2]),
                    answered == 0 ? "–" : percent(counts[b][0], answered)));
        }
        List<Section.Table> tables = new ArrayList<>();
        tables.add(new Section.Table(
                "Requests per " + buckets.widthName() + " from the time shown (UTC)",
                List.of("from", "local", "remote", "failed", "local share"),
                rows));
        if (!changes.isEmpty()) {
            List<List<String>> changeRows = new ArrayList<>();
            for (int c = 0; c < changes.size(); c++) {
                PolicyChange change = changes.get(c);
                changeRows.add(List.of(
                        "P" + (c + 1),
                        Charts.TIME.format(change.time()),
                        change.policy(),
                        Integer.toString(change.rules()),
                        change.calibration()));
            }
            tables.add(new Section.Table(
                    "Policy changes marked on the timeline",
                    List.of("mark", "from (UTC)", "policy", "rules", "difficulty calibration"),
                    changeRows));
        }
        return new Section(
                "local-share",
                title,
                null,
                layout -> Charts.timeline(layout, entries, changes),
                tables,
                "Bars count requests per " + buckets.widthName() + " (left axis); the line is the share of answered"
                        + " requests served locally (right axis)."
                        + (changes.isEmpty() ? " The log records no policy change in this period." : ""));
    }

    /** Each entity type found, by what happened to it: kept local, redacted before a remote tier, sent as found, refused. */
    Section personalData(List<AuditEntry> entries) {
        Map<String, long[]> byType = new TreeMap<>();
        for (AuditEntry entry : entries) {
            boolean left = entry.leftMachine();
            entry.entities().forEach((type, count) -> {
                long[] outcome = byType.computeIfAbsent(type, t -> new long[4]);
                if (entry.status().equals("rejected")) {
                    outcome[3] += count;
                } else if (!left) {
                    outcome[0] += count;
                } else {
                    int redacted = Math.min(
                            count,
                            entry.redactions().stream()
                                    .mapToInt(r -> r.counts().getOrDefault(type, 0))
                                    .max()
                                    .orElse(0));
                    outcome[1] += redacted;
                    outcome[2] += count - redacted;
                }
            });
        }
        String title = "Personal data found, and what happened to it";
        if (byType.isEmpty()) {
            return Section.empty("personal-data", title, "no personal data found in any request.");
        }
        String[] series = {"kept local", "redacted before remote", "sent unredacted", "refused"};
        List<Charts.Row> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        byType.entrySet().stream()
                .sorted((a, b) -> Long.compare(sum(b.getValue()), sum(a.getValue())))
                .forEach(e -> {
                    rows.add(new Charts.Row(e.getKey(), e.getValue()));
                    long[] v = e.getValue();
                    table.add(List.of(
                            e.getKey(),
                            Long.toString(sum(v)),
                            Long.toString(v[0]),
                            Long.toString(v[1]),
                            Long.toString(v[2]),
                            Long.toString(v[3])));
                });
        List<Charts.Row> shown = rows.stream().limit(MAX_ROWS).toList();
        return new Section(
                "personal-data",
                title,
                null,
                layout -> Charts.bars(
                        "personal-data", title, layout, shown, series, new String[] {LOCAL, REMOTE, SENT, REFUSED}),
                List.of(new Section.Table(
                        "Occurrences per entity type",
                        List.of("type", "found", "kept local", "redacted", "sent unredacted", "refused"),
                        table)),
                more(rows.size())
                        + "Counted in occurrences. A request that reached a remote tier counts as kept local only when"
                        + " none of it left the machine.");
    }

    Section remote(List<AuditEntry> entries) {
        List<AuditEntry> left = entries.stream().filter(AuditEntry::leftMachine).toList();
        String title = "Requests that left the machine, and what was redacted";
        if (left.isEmpty()) {
            return Section.empty("redactions", title, "no request reached a remote tier.");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("sent to a remote tier", (long) left.size());
        rows.put(
                "…with redactions",
                left.stream().filter(e -> !e.redactions().isEmpty()).count());
        Map<String, Long> byType = new TreeMap<>();
        left.forEach(e -> e.redactions()
                .forEach(r -> r.counts()
                        .forEach((type, count) -> byType.merge(type + " redacted", (long) count, Long::sum))));
        rows.putAll(Charts.largestFirst(byType));
        return single(
                "redactions",
                title,
                rows,
                REMOTE,
                "count",
                "Redacted counts are occurrences replaced by placeholders.");
    }

    Section rules(List<AuditEntry> entries) {
        Map<String, Long> byRule = new TreeMap<>();
        entries.forEach(e -> byRule.merge(e.decidingRule(), 1L, Long::sum));
        if (byRule.isEmpty()) {
            return Section.empty("reasons", "Why: the deciding rule", "no decisions recorded.");
        }
        return single(
                "reasons",
                "Why: the deciding rule",
                Charts.largestFirst(byRule),
                NEUTRAL,
                "requests",
                "The first reason of each request; none marks requests refused before a decision.");
    }

    Section unusedRules(List<AuditEntry> entries) {
        String title = "Rules that matched nothing";
        if (policy.isEmpty()) {
            return Section.empty(
                    "unused-rules", title, "give the policy (--policy) to list the rules that never matched.");
        }
        Set<String> matched = new HashSet<>();
        entries.forEach(e -> matched.addAll(e.rules()));
        List<String> unused = policy.get().rules().stream()
                .map(Rule::name)
                .filter(name -> !matched.contains(name))
                .toList();
        if (unused.isEmpty()) {
            return Section.empty(
                    "unused-rules",
                    title,
                    "every rule of policy '" + policy.get().name() + "' matched at least once.");
        }
        return new Section(
                "unused-rules",
                title,
                null,
                null,
                List.of(new Section.Table(
                        unused.size() + " of " + policy.get().rules().size() + " rules of policy '"
                                + policy.get().name() + "' gave no reason for any request in this period",
                        List.of("rule"),
                        unused.stream().map(List::of).toList())),
                "A rule that never matches may be shadowed by an earlier rule, or its condition may never hold.");
    }

    Section tenants(List<AuditEntry> entries) {
        Map<String, List<AuditEntry>> byTenant = entries.stream()
                .collect(Collectors.groupingBy(
                        e -> e.tenant().orElse(Budget.ANONYMOUS), TreeMap::new, Collectors.toList()));
        String title = "Tenants: requests, spend and budget use";
        if (byTenant.isEmpty()) {
            return Section.empty("tenants", title, "no requests recorded.");
        }
        List<Charts.Row> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        List<List<String>> spendTable = new ArrayList<>();
        for (Map.Entry<String, List<AuditEntry>> tenant : byTenant.entrySet()) {
            long local = tenant.getValue().stream()
                    .filter(e -> e.completed() && e.locality().orElse("").equals("local"))
                    .count();
            long failed = tenant.getValue().stream().filter(e -> !e.completed()).count();
            long remote = tenant.getValue().size() - local - failed;
            rows.add(new Charts.Row(tenant.getKey(), new long[] {local, remote, failed}));
            long tokens = tenant.getValue().stream()
                    .mapToLong(e -> e.tokensIn() + e.tokensOut())
                    .sum();
            double spend = tenant.getValue().stream().mapToDouble(this::cost).sum();
            table.add(List.of(
                    tenant.getKey(),
                    Integer.toString(tenant.getValue().size()),
                    Long.toString(local),
                    Long.toString(remote),
                    Long.toString(failed)));
            spendTable.add(List.of(
                    tenant.getKey(),
                    String.format(Locale.ROOT, "%,d", tokens),
                    usd(spend),
                    budgetUse(tenant.getKey(), tenant.getValue())));
        }
        rows.sort((a, b) -> Long.compare(b.total(), a.total()));
        List<Charts.Row> shown = rows.stream().limit(MAX_ROWS).toList();
        return new Section(
                "tenants",
                title,
                null,
                layout -> Charts.bars(
                        "tenants", title, layout, shown, new String[] {"local", "remote", "failed"}, new String[] {
                            LOCAL, REMOTE, FAILED
                        }),
                List.of(
                        new Section.Table(
                                "Requests per tenant (" + Budget.ANONYMOUS + " = requests without a tenant)",
                                List.of("tenant", "requests", "local", "remote", "failed"),
                                table),
                        new Section.Table(
                                "Spend and budget use per tenant",
                                List.of("tenant", "tokens", "estimated spend", "budget use"),
                                spendTable)),
                more(rows.size())
                        + "Budget use is the busiest period's share of each limit, recomputed from the audit log with the"
                        + " report's prices; the budget store's own counters may differ.");
    }

    private String budgetUse(String tenant, List<AuditEntry> entries) {
        if (policy.isEmpty()) {
            return "–";
        }
        ZoneId zone = policy.get().budgets().zone();
        List<String> parts = new ArrayList<>();
        for (Budget budget : policy.get().budgets().budgets()) {
            if (!budget.appliesTo(tenant)) {
                continue;
            }
            Map<String, double[]> perPeriod = new TreeMap<>();
            for (AuditEntry entry : entries) {
                if (!entry.completed()
                        || entry.tier().isEmpty()
                        || !budget.counts(entry.tier().get())) {
                    continue;
                }
                double[] use = perPeriod.computeIfAbsent(period(budget, entry.time(), zone), p -> new double[3]);
                use[0]++;
                use[1] += entry.tokensIn() + entry.tokensOut();
                use[2] += cost(entry);
            }
            double peak = 0;
            String busiest = "";
            for (Map.Entry<String, double[]> period : perPeriod.entrySet()) {
                double[] use = period.getValue();
                double share = Math.max(
                        Math.max(
                                budget.maxRequests().isPresent()
                                        ? use[0] / budget.maxRequests().getAsLong()
                                        : 0,
                                budget.maxTokens().isPresent()
                                        ? use[1] / budget.maxTokens().getAsLong()
                                        : 0),
                        budget.maxCost().isPresent() ? use[2] / budget.maxCost().getAsDouble() : 0);
                if (share > peak) {
                    peak = share;
                    busiest = period.getKey();
                }
            }
            parts.add(budget.name() + " " + String.format(Locale.ROOT, "%.0f%%", 100 * peak)
                    + (busiest.isEmpty() ? "" : " (" + busiest + ")"));
        }
        return parts.isEmpty() ? "no budget" : String.join("; ", parts);
    }

    private static String period(Budget budget, Instant time, ZoneId zone) {
        return budget.period() == Budget.Period.DAY
                ? time.atZone(zone).toLocalDate().toString()
                : YearMonth.from(time.atZone(zone)).toString();
    }

    Section fallbacks(List<AuditEntry> entries) {
        Map<String, Long> rows = new TreeMap<>();
        for (AuditEntry entry : entries) {
            entry.fallbacks()
                    .forEach(f -> rows.merge(f.from() + " → " + f.to() + " (" + f.error() + ")", 1L, Long::sum));
            entry.error().ifPresent(error -> rows.merge("failed: " + error, 1L, Long::sum));
        }
        if (rows.isEmpty()) {
            return Section.empty("fallbacks", "Fallbacks and errors", "no fallbacks and no errors.");
        }
        return single(
                "fallbacks",
                "Fallbacks and errors",
                Charts.largestFirst(rows),
                FAILED,
                "count",
                "A fallback names the tiers and the failure type; errors are the exception types callers received.");
    }

    Section escalations(List<AuditEntry> entries) {
        Map<String, List<AuditEntry.Escalated>> byRoute = new TreeMap<>();
        entries.forEach(e -> e.escalations()
                .forEach(x -> byRoute.computeIfAbsent(x.from() + " → " + x.to(), k -> new ArrayList<>())
                        .add(x)));
        String title = "Escalations";
        if (byRoute.isEmpty()) {
            return Section.empty("escalations", title, "no local-first answer was escalated.");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        byRoute.forEach((route, list) -> {
            counts.put(route, (long) list.size());
            table.add(List.of(
                    route,
                    Integer.toString(list.size()),
                    String.format(
                            Locale.ROOT,
                            "%.2f",
                            list.stream()
                                    .mapToDouble(AuditEntry.Escalated::confidence)
                                    .average()
                                    .orElse(0)),
                    String.format(
                            Locale.ROOT,
                            "%.2f",
                            list.stream()
                                    .mapToDouble(AuditEntry.Escalated::minConfidence)
                                    .average()
                                    .orElse(0))));
        });
        Section bars = single(
                "escalations",
                title,
                Charts.largestFirst(counts),
                SENT,
                "escalations",
                "Local-first answers below the rule's minimum confidence, sent on to the next tier.");
        return new Section(
                bars.id(),
                title,
                null,
                bars.drawing(),
                List.of(new Section.Table(
                        "Escalations by route",
                        List.of("from → to", "escalations", "mean confidence", "mean minimum"),
                        table)),
                bars.note());
    }

    /** Shadow mode's comparisons per tier: agreed, disagreed, and calls that gave no verdict. */
    Section shadow(List<ShadowCall> calls) {
        String title = "Shadow agreements";
        List<ShadowCall> compared =
                calls.stream().filter(c -> c.purpose().equals("shadow")).toList();
        if (compared.isEmpty()) {
            return Section.empty("shadow", title, "shadow mode sent no request in this period.");
        }
        Map<String, long[]> byTier = new TreeMap<>();
        for (ShadowCall call : compared) {
            long[] counts = byTier.computeIfAbsent(call.tier(), t -> new long[3]);
            counts[call.agreed().map(agreed -> agreed ? 0 : 1).orElse(2)]++;
        }
        String[] series = {"agreed", "disagreed", "no verdict"};
        List<Charts.Row> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        byTier.forEach((tier, v) -> {
            rows.add(new Charts.Row(tier, v));
            long judged = v[0] + v[1];
            table.add(List.of(
                    tier,
                    Long.toString(sum(v)),
                    Long.toString(v[0]),
                    Long.toString(v[1]),
                    Long.toString(v[2]),
                    judged == 0 ? "–" : Math.round(100.0 * v[0] / judged) + "%"));
        });
        List<Charts.Row> shown = rows.stream().limit(MAX_ROWS).toList();
        long judgeCalls = calls.size() - compared.size();
        return new Section(
                "shadow",
                title,
                null,
                layout -> Charts.bars("shadow", title, layout, shown, series, new String[] {LOCAL, SENT, REFUSED}),
                List.of(new Section.Table(
                        "Shadow comparisons per remote tier",
                        List.of("tier", "shadow calls", "agreed", "disagreed", "no verdict", "agreement"),
                        table)),
                more(rows.size())
                        + "Requests answered locally and sent again, off the caller's path, to compare the answers"
                        + " (learning.shadow); only requests in which nothing personal was found are sent."
                        + (judgeCalls == 0
                                ? ""
                                : " A judge tier was asked " + judgeCalls + " time" + (judgeCalls == 1 ? "" : "s")
                                        + "."));
    }

    Section latency(List<AuditEntry> entries) {
        Map<String, List<Long>> byTier = new TreeMap<>();
        for (AuditEntry entry : entries) {
            if (entry.completed()
                    && entry.tier().isPresent()
                    && entry.latencyMillis().isPresent()) {
                byTier.computeIfAbsent(entry.tier().get(), t -> new ArrayList<>())
                        .add(entry.latencyMillis().getAsLong());
            }
        }
        String title = "Latency percentiles per tier";
        if (byTier.isEmpty()) {
            return Section.empty("latency", title, "no answered requests.");
        }
        double[] quantiles = {0.5, 0.9, 0.99};
        String[] names = {"p50", "p90", "p99"};
        Map<String, long[]> values = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        byTier.forEach((tier, latencies) -> {
            List<Long> sorted = latencies.stream().sorted().toList();
            long[] p = new long[quantiles.length];
            for (int q = 0; q < quantiles.length; q++) {
                p[q] = percentile(sorted, quantiles[q]);
            }
            values.put(tier, p);
            table.add(List.of(tier, Integer.toString(sorted.size()), p[0] + " ms", p[1] + " ms", p[2] + " ms"));
        });
        return new Section(
                "latency",
                title,
                null,
                layout -> Charts.latency(layout, values, names, new String[] {"#81c784", "#43a047", "#1b5e20"}),
                List.of(new Section.Table(
                        "End-to-end latency of answered requests (nearest rank)",
                        List.of("tier", "answered", "p50", "p90", "p99"),
                        table)),
                "End to end, fallbacks included.");
    }

    Section savings(List<AuditEntry> entries) {
        List<AuditEntry> answered =
                entries.stream().filter(AuditEntry::completed).toList();
        String title = "Estimated savings over time";
        if (answered.isEmpty()) {
            return Section.empty("savings", title, "no answered requests.");
        }
        double[] cumulative = new double[answered.size()];
        double running = 0;
        for (int i = 0; i < answered.size(); i++) {
            running += saving(answered.get(i));
            cumulative[i] = running;
        }
        List<Instant> times = answered.stream().map(AuditEntry::time).toList();
        Map<String, double[]> byTier = new TreeMap<>();
        answered.forEach(e -> {
            double[] v = byTier.computeIfAbsent(e.tier().orElse("none"), t -> new double[3]);
            v[0]++;
            v[1] += cost(e);
            v[2] += saving(e);
        });
        List<List<String>> table = new ArrayList<>();
        byTier.forEach(
                (tier, v) -> table.add(List.of(tier, String.format(Locale.ROOT, "%.0f", v[0]), usd(v[1]), usd(v[2]))));
        return new Section(
                "savings",
                title,
                null,
                layout -> Charts.savings(layout, times, cumulative),
                List.of(new Section.Table(
                        "Estimated cost and savings per serving tier",
                        List.of("tier", "answered", "estimated cost", "saved vs " + referenceTier),
                        table)),
                "Total " + usd(running) + " against sending the same tokens to " + referenceTier + ".");
    }

    private static Section single(
            String id, String title, Map<String, Long> counts, String colour, String unit, String note) {
        List<Charts.Row> rows = counts.entrySet().stream()
                .map(e -> new Charts.Row(e.getKey(), new long[] {e.getValue()}))
                .toList();
        List<Charts.Row> shown = rows.stream().limit(MAX_ROWS).toList();
        return new Section(
                id,
                title,
                null,
                layout -> Charts.bars(id, title, layout, shown, new String[] {unit}, new String[] {colour}),
                List.of(new Section.Table(
                        title,
                        List.of("", unit),
                        rows.stream()
                                .map(r -> List.of(r.label(), Long.toString(r.total())))
                                .toList())),
                more(rows.size()) + note);
    }

    private static String more(int rows) {
        return rows > MAX_ROWS
                ? "The chart shows the first " + MAX_ROWS + " of " + rows + " rows; the table has all. "
                : "";
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    double cost(AuditEntry entry) {
        if (!entry.completed() || entry.tier().isEmpty()) {
            return 0;
        }
        return prices.getOrDefault(entry.tier().get(), Price.free()).cost(entry.tokensIn(), entry.tokensOut());
    }

    double saving(AuditEntry entry) {
        Price reference = prices.get(referenceTier);
        if (reference == null || !entry.completed()) {
            return 0;
        }
        return reference.cost(entry.tokensIn(), entry.tokensOut()) - cost(entry);
    }

    static long percentile(List<Long> sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
