package dev.tandem.cli.report;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.audit.AuditReader;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.audit.AuditVerifier;
import dev.tandem.router.metrics.Price;
import dev.tandem.router.report.RoutingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * of what the audit log records. The page needs no network to view.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained HTML report of an audit log: local share over time, reasons, what was",
            "redacted from remote requests, fallbacks and errors, latency percentiles per tier, estimated savings.",
            "The page needs no network. Prices default to local=0:0 and remote=0.15:0.60 (USD per million",
            "input:output tokens, gpt-4o-mini list prices); take them from a policy's tier prices with --policy,",
            "or set them with --price (which wins over --policy)."
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
            defaultValue = "report.html",
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    private Path out;

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
        AuditRecords records = AuditReader.readTolerant(audit);
        RoutingReport.Builder report = RoutingReport.builder()
                .prices(prices())
                .referenceTier(referenceTier)
                .verification(verification);
        if (policy != null) {
            report.policy(PolicyLoader.load(policy));
        }
        String html = report.build().render(records);
        try {
            Path folder = out.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Files.writeString(out, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
        console.out().println("Wrote " + out + " (" + records.entries().size() + " requests).");
        if (!records.skipped().isEmpty()) {
            console.err()
                    .println("Warning: " + records.skipped().size()
                            + " unreadable lines were skipped; the report lists them.");
        }
        if (!verification.valid()) {
            console.err()
                    .println("Warning: the audit log's hash chain is broken ("
                            + verification.problems().size()
                            + " problems); the report says so. Run `tandem audit verify " + audit + "`.");
        }
        return 0;
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
