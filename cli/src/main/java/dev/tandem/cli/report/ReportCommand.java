package dev.tandem.cli.report;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import dev.tandem.router.report.RequestsSentReport;
import dev.tandem.router.report.RoutingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem report --audit FILE [--out report.html]}: writes a self-contained HTML page with charts
 * of what the audit log records. The page needs no network to view. With {@code --requests-sent --tenant
 * T [--from D] [--to D]} it exports instead, as HTML and JSON, the requests of one tenant that left the
 * machine.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained HTML report of an audit log: local share over time, reasons, what was",
            "redacted from remote requests, fallbacks and errors, latency percentiles per tier, estimated savings.",
            "The page needs no network. Prices default to local=0:0 and remote=0.15:0.60 (USD per million",
            "input:output tokens, gpt-4o-mini list prices); take them from a policy's tier prices with --policy,",
            "or set them with --price (which wins over --policy).",
            "With --requests-sent --tenant T [--from D] [--to D]: export the requests of T that left the machine",
            "(HTML and JSON, never the text), to hand to the person the data is about."
        })
public final class ReportCommand implements Callable<Integer> {

    private static final Pattern PRICE =
            Pattern.compile("([a-z][a-z0-9-]*)=([0-9]+(?:\\.[0-9]+)?):([0-9]+(?:\\.[0-9]+)?)");

    @ParentCommand
    private TandemCommand parent;

    @Option(names = "--audit", paramLabel = "FILE", required = true, description = "The audit log to report on.")
    private Path audit;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the page (default: report.html, or requests-sent.html with"
                    + " --requests-sent, whose JSON goes next to it as requests-sent.json).")
    private @Nullable Path out;

    @Option(
            names = "--requests-sent",
            description = "Instead of the routing report, export for one --tenant the requests that left the"
                    + " machine (when, tier and model, kinds of data redacted, the rule that allowed it; never the"
                    + " text), as HTML and JSON, to hand to the person the data is about.")
    private boolean requestsSent;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            description = "With --requests-sent: whose requests to list ('anonymous' for requests without a tenant).")
    private @Nullable String tenant;

    @Option(
            names = "--from",
            paramLabel = "WHEN",
            description = "With --requests-sent: the window's start, a UTC date (2026-03-01) or instant"
                    + " (2026-03-01T09:00:00Z); default: the log's start.")
    private @Nullable String from;

    @Option(
            names = "--to",
            paramLabel = "WHEN",
            description =
                    "With --requests-sent: the window's end; a date includes that whole day; default: the log's end.")
    private @Nullable String to;

    @Option(
            names = "--price",
            paramLabel = "TIER=IN:OUT",
            description = "A tier's price in USD per million input and output tokens, such as remote=0.15:0.60."
                    + " Repeatable; replaces the defaults.")
    private List<String> priceOptions = new ArrayList<>();

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "The policy the log was written under: lists its rules that matched nothing, shows"
                    + " per-tenant budget use, and gives each tier's price (input-price-per-million and"
                    + " output-price-per-million) unless --price is given.")
    private @Nullable Path policy;

    @Option(
            names = "--reference-tier",
            paramLabel = "TIER",
            defaultValue = "remote",
            description = "Savings compare each request with the same tokens on this tier (default: ${DEFAULT-VALUE}).")
    private String referenceTier;

    @Override
    public Integer call() {
        Console console = parent.console();
        AuditVerifier.Verification verification = AuditVerifier.verify(audit);
        if (verification.files() == 0) {
            throw new IllegalArgumentException(
                    "there is no audit log at " + audit + "; write one with `tandem chat --audit " + audit + "`");
        }
        if (!requestsSent && (tenant != null || from != null || to != null)) {
            throw new IllegalArgumentException("--tenant, --from and --to select what --requests-sent exports;"
                    + " add --requests-sent, or leave them out for the routing report");
        }
        AuditRecords records = AuditReader.readTolerant(audit);
        if (requestsSent) {
            return exportRequestsSent(console, verification, records);
        }
        Path out = this.out != null ? this.out : Path.of("report.html");
        RoutingReport.Builder report = RoutingReport.builder()
                .prices(prices())
                .referenceTier(referenceTier)
                .verification(verification);
        if (policy != null) {
            report.policy(PolicyLoader.load(policy));
        }
        String html = report.build().render(records);
        write(out, html);
        console.out().println("Wrote " + out + " (" + records.entries().size() + " requests).");
        warn(console, verification, records);
        return 0;
    }

    private Integer exportRequestsSent(Console console, AuditVerifier.Verification verification, AuditRecords records) {
        if (tenant == null) {
            throw new IllegalArgumentException("--requests-sent needs --tenant TENANT: the person or tenant whose"
                    + " requests to list ('anonymous' for requests without a tenant)");
        }
        RequestsSentReport.Builder builder = RequestsSentReport.builder()
                .tenant(tenant)
                .verification(verification)
                .skippedLines(records.skipped().size())
                .shadowCalls(records.shadowCalls());
        if (from != null) {
            builder.from(instant("--from", from, false));
        }
        if (to != null) {
            builder.to(instant("--to", to, true));
        }
        RequestsSentReport export = builder.build();
        Path html = this.out != null ? this.out : Path.of("requests-sent.html");
        String name = html.getFileName().toString();
        Path json =
                html.resolveSibling((name.endsWith(".html") ? name.substring(0, name.length() - 5) : name) + ".json");
        write(html, export.html(records.entries()));
        write(json, export.json(records.entries()));
        console.out()
                .println("Wrote " + html + " and " + json + " ("
                        + export.select(records.entries()).size() + " requests of " + tenant + " left the machine).");
        warn(console, verification, records);
        return 0;
    }

    private void warn(Console console, AuditVerifier.Verification verification, AuditRecords records) {
        if (!records.skipped().isEmpty()) {
            console.err()
                    .println("Warning: " + records.skipped().size()
                            + " unreadable lines were skipped; the report says so.");
        }
        if (!verification.valid()) {
            console.err()
                    .println("Warning: the audit log's hash chain is broken ("
                            + verification.problems().size()
                            + " problems); the report says so. Run `tandem audit verify " + audit + "`.");
        }
    }

    /** A UTC date (its start, or with {@code endOfDay} the next day's start) or an ISO-8601 instant. */
    private static Instant instant(String option, String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + value
                    + "' must be a UTC date such as 2026-03-01 or an instant such as 2026-03-01T09:00:00Z");
        }
    }

    private static void write(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + file, e);
        }
    }

    private Map<String, Price> prices() {
        Map<String, Price> prices = new LinkedHashMap<>();
        if (priceOptions.isEmpty() && policy != null) {
            return Price.forTiers(PolicyLoader.load(policy));
        }
        if (priceOptions.isEmpty()) {
            prices.put("local", Price.free());
            prices.put("remote", Price.perMillion(0.15, 0.60));
            return prices;
        }
        for (String option : priceOptions) {
            Matcher matcher = PRICE.matcher(option);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--price '" + option
                        + "' must be TIER=IN:OUT in USD per million tokens, such as remote=0.15:0.60");
            }
            prices.put(
                    matcher.group(1),
                    Price.perMillion(Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3))));
        }
        return prices;
    }
}
