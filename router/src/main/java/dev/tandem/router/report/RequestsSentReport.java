package dev.tandem.router.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.policy.Budget;
import dev.tandem.router.audit.AuditEntry;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.audit.AuditVerifier;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The end-user privacy report: for one tenant and a time window, every request that left the machine,
 * with when it was sent, to which tier and model, which kinds of personal data were replaced before it
 * left, and the rule that allowed it. Written as JSON (for tools) and as a self-contained HTML page (to
 * hand to the person the data is about). It never holds the text of a request or answer, nor its hashes:
 * the audit log has no text, and the export leaves out the salted hashes too.
 *
 * <pre>{@code
 * RequestsSentReport export = RequestsSentReport.builder()
 *         .tenant("acme")                                          // required; "anonymous" = no tenant
 *         .window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"))
 *         .verification(AuditVerifier.verify(file))
 *         .build();
 * List<AuditEntry> entries = AuditReader.readTolerant(file).entries();
 * Files.writeString(json, export.json(entries));
 * Files.writeString(html, export.html(entries));
 * }</pre>
 *
 * <p>A request "left the machine" when a remote tier was called for it, whether that tier answered or
 * failed; skipped remote attempts sent nothing and are not listed. Immutable and thread-safe.
 */
public final class RequestsSentReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String tenant;
    private final Instant from;
    private final Instant to;
    private final Optional<AuditVerifier.Verification> verification;
    private final int skippedLines;
    private final List<AuditRecords.ShadowCall> shadowCalls;

    private RequestsSentReport(Builder builder) {
        this.tenant = requireNonNull(builder.tenant, "tenant");
        this.shadowCalls = List.copyOf(builder.shadowCalls);
        this.from = builder.from;
        this.to = builder.to;
        this.verification = Optional.ofNullable(builder.verification);
        this.skippedLines = builder.skippedLines;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One request that left the machine. */
    public record Sent(Instant time, String requestId, String status, String allowedBy, List<Destination> sentTo) {
        public Sent {
            sentTo = List.copyOf(sentTo);
        }
    }

    /**
     * One remote tier the request was sent to.
     *
     * @param model the model that answered, when this tier answered and reported one
     * @param answered whether this tier's answer is the one the caller got
     * @param redacted entity type → occurrences replaced by placeholders before it was sent
     */
    public record Destination(String tier, Optional<String> model, boolean answered, Map<String, Integer> redacted) {
        public Destination {
            redacted = Map.copyOf(redacted);
        }
    }

    /**
     * The requests of this tenant, in the window, that left the machine, oldest first: those a remote tier
     * served or was tried for, and the copies shadow mode sent (given with {@link Builder#shadowCalls}).
     */
    public List<Sent> select(List<AuditEntry> entries) {
        Stream<Sent> served = entries.stream()
                .filter(e -> e.tenant().orElse(Budget.ANONYMOUS).equals(tenant))
                .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
                .filter(AuditEntry::leftMachine)
                .map(RequestsSentReport::sent);
        Stream<Sent> shadowed = shadowCalls.stream()
                .filter(c -> c.tenant().orElse(Budget.ANONYMOUS).equals(tenant))
                .filter(c -> !c.time().isBefore(from) && c.time().isBefore(to))
                .map(c -> new Sent(
                        c.time(),
                        c.requestId(),
                        c.purpose(),
                        "learning.shadow (a copy of a request answered on this machine, sent to compare answers)",
                        List.of(new Destination(c.tier(), c.model(), c.answered(), Map.of()))));
        return Stream.concat(served, shadowed)
                .sorted(Comparator.comparing(Sent::time))
                .toList();
    }

    private static Sent sent(AuditEntry entry) {
        List<Destination> destinations = new ArrayList<>();
        List<String> tiers = new ArrayList<>();
        entry.attempts().stream()
                .filter(a -> a.locality().equals("remote") && !a.status().equals("skipped"))
                .forEach(a -> tiers.add(a.tier()));
        if (tiers.isEmpty() && entry.tier().isPresent()) {
            tiers.add(entry.tier().get());
        }
        for (String tier : tiers.stream().distinct().toList()) {
            boolean answered = entry.completed() && entry.tier().orElse("").equals(tier);
            Map<String, Integer> redacted = new TreeMap<>();
            entry.redactions().stream()
                    .filter(r -> r.tier().equals(tier))
                    .forEach(r -> r.counts().forEach((type, count) -> redacted.merge(type, count, Math::max)));
            destinations.add(new Destination(tier, answered ? entry.model() : Optional.empty(), answered, redacted));
        }
        return new Sent(entry.time(), entry.requestId(), entry.status(), entry.decidingRule(), destinations);
    }

    /** The export as JSON: the tenant, the window, the chain's state, and one object per request sent. */
    public String json(List<AuditEntry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", "requests that left this machine");
        root.put("tenant", tenant);
        root.put("from", from.equals(Instant.MIN) ? null : from.toString());
        root.put("to", to.equals(Instant.MAX) ? null : to.toString());
        verification.ifPresentOrElse(
                v -> root.put("audit_chain", v.valid() ? "verified" : "did not verify"),
                () -> root.put("audit_chain", "not checked"));
        root.put("skipped_lines", skippedLines);
        root.put("contains_text", false);
        List<Sent> sent = select(entries);
        root.put("count", sent.size());
        ArrayNode requests = root.putArray("requests");
        for (Sent s : sent) {
            ObjectNode r = requests.addObject();
            r.put("time", s.time().toString());
            r.put("request_id", s.requestId());
            r.put("status", s.status());
            r.put("allowed_by", s.allowedBy());
            ArrayNode to = r.putArray("sent_to");
            for (Destination d : s.sentTo()) {
                ObjectNode t = to.addObject();
                t.put("tier", d.tier());
                t.put("model", d.model().orElse(null));
                t.put("answered", d.answered());
                ObjectNode redacted = t.putObject("redacted");
                d.redacted().forEach(redacted::put);
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the requests-sent report as JSON", e);
        }
    }

    /** The export as a self-contained HTML page, readable on a phone, to hand to the person concerned. */
    public String html(List<AuditEntry> entries) {
        List<Sent> sent = select(entries);
        StringBuilder html = new StringBuilder(16_384);
        String title = "Requests that left this machine";
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(title)
                .append("</title><style>")
                .append(CSS)
                .append("</style></head><body>\n<h1>")
                .append(title)
                .append("</h1>\n<p class=\"headline\" role=\"status\">")
                .append(Svg.escape(String.format(
                        "%d request%s for %s %s left this machine.",
                        sent.size(), sent.size() == 1 ? "" : "s", tenant, windowText())))
                .append(' ')
                .append(Svg.escape(verification
                        .map(v -> v.valid()
                                ? "The audit log they come from verified."
                                : "The audit log they come from did NOT verify: records may be missing or altered.")
                        .orElse("The audit log they come from was not checked.")))
                .append(
                        skippedLines == 0
                                ? ""
                                : " " + skippedLines + " unreadable line" + (skippedLines == 1 ? "" : "s")
                                        + " of the log could not be read: requests recorded there are not listed.")
                .append("</p>\n<p class=\"note\">For each request: when it was sent, to which service and model, which")
                .append(" kinds of personal data were replaced by placeholders before it left, and the rule that")
                .append(" allowed it. This report holds no message text. Requests answered on this machine are not")
                .append(" listed: they did not leave it.</p>\n");
        if (!sent.isEmpty()) {
            html.append("<table><thead><tr><th scope=\"col\">when (UTC)</th><th scope=\"col\">sent to</th>")
                    .append("<th scope=\"col\">replaced before sending</th><th scope=\"col\">allowed by rule</th>")
                    .append("</tr></thead><tbody>");
            for (Sent s : sent) {
                html.append("<tr><th scope=\"row\">")
                        .append(Charts.TIME.format(s.time()))
                        .append("</th><td>");
                List<String> where = new ArrayList<>();
                List<String> redacted = new ArrayList<>();
                for (Destination d : s.sentTo()) {
                    where.add(d.tier()
                            + d.model().map(m -> " (" + m + ")").orElse("")
                            + (d.answered() ? "" : ", no answer"));
                    d.redacted().forEach((type, count) -> redacted.add(type + " ×" + count));
                }
                html.append(Svg.escape(String.join("; ", where)))
                        .append("</td><td>")
                        .append(Svg.escape(redacted.isEmpty() ? "nothing" : String.join(", ", redacted)))
                        .append("</td><td>")
                        .append(Svg.escape(s.allowedBy()))
                        .append("</td></tr>");
            }
            html.append("</tbody></table>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private String windowText() {
        if (from.equals(Instant.MIN) && to.equals(Instant.MAX)) {
            return "in the whole audit log";
        }
        if (from.equals(Instant.MIN)) {
            return "before " + Charts.TIME.format(to) + " UTC";
        }
        if (to.equals(Instant.MAX)) {
            return "from " + Charts.TIME.format(from) + " UTC on";
        }
        return "between " + Charts.TIME.format(from) + " and " + Charts.TIME.format(to) + " UTC";
    }

    /** Builds a {@link RequestsSentReport}. The tenant is required; the window defaults to all time. */
    public static final class Builder {
        private @Nullable String tenant;
        private Instant from = Instant.MIN;
        private Instant to = Instant.MAX;
        private AuditVerifier.@Nullable Verification verification;
        private int skippedLines;
        private List<AuditRecords.ShadowCall> shadowCalls = List.of();

        private Builder() {}

        /** The tenant whose requests to list; {@code anonymous} lists requests that named no tenant. */
        public Builder tenant(String tenant) {
            if (tenant.isBlank()) {
                throw new IllegalArgumentException(
                        "the tenant must not be blank; use 'anonymous' for requests without one");
            }
            this.tenant = tenant;
            return this;
        }

        /** Requests from {@code from} (inclusive) to {@code to} (exclusive). */
        public Builder window(Instant from, Instant to) {
            return from(from).to(to);
        }

        /** Requests at or after {@code from}; default: the log's start. */
        public Builder from(Instant from) {
            this.from = requireNonNull(from, "from");
            return this;
        }

        /** Requests before {@code to}; default: the log's end. */
        public Builder to(Instant to) {
            this.to = requireNonNull(to, "to");
            return this;
        }

        public Builder verification(AuditVerifier.Verification verification) {
            this.verification = requireNonNull(verification, "verification");
            return this;
        }

        /**
         * The calls shadow mode made ({@link AuditRecords#shadowCalls()}): each is a copy of a request that
         * left the machine, listed like the requests themselves.
         */
        public Builder shadowCalls(List<AuditRecords.ShadowCall> calls) {
            this.shadowCalls = List.copyOf(calls);
            return this;
        }

        /** How many lines of the log could not be read ({@code AuditRecords.skipped()}): the page says so. */
        public Builder skippedLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("skipped lines must be 0 or more, was " + lines);
            }
            this.skippedLines = lines;
            return this;
        }

        public RequestsSentReport build() {
            if (tenant == null) {
                throw new IllegalStateException("name the tenant whose requests to list with tenant(...)");
            }
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("the window's start " + from + " must be before its end " + to);
            }
            return new RequestsSentReport(this);
        }
    }

    private static final String CSS = "*{box-sizing:border-box}"
            + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:16px;color:#222;"
            + "background:#fafafa;overflow-wrap:anywhere;max-width:1000px}h1{font-size:22px;margin:0 0 10px}"
            + ".headline{font-size:16px;padding:10px 12px;border:1px solid #90caf9;background:#e3f2fd;border-radius:6px}"
            + ".note{color:#555;font-size:14px}table{border-collapse:collapse;width:100%;font-size:14px;background:#fff}"
            + "th,td{text-align:left;vertical-align:top;padding:6px;border-bottom:1px solid #ddd}"
            + "thead th{font-weight:600}tbody th{font-weight:normal;white-space:nowrap}"
            + "@media (max-width:600px){body{padding:10px}tbody th{white-space:normal}}";
}
