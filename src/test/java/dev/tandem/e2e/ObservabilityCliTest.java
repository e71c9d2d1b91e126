package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat --audit}, {@code audit verify} and {@code report}, run in process like a user would. */
class ObservabilityCliTest {

    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String HARD = "Prove step by step that the sum of the first n odd numbers is n^2,"
            + " then derive the integral of x^2 and analyze it.";

    /** Over the default policy's 1,500 prompt tokens, so it goes to the remote tier whatever its difficulty. */
    private static final String LONG = "Summarise the Zanzibar archive, box by box. ".repeat(300);

    @TempDir
    Path cache;

    private OpenAiStub remote;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startRemote() {
        remote = new OpenAiStub();
        remote.answers("remote says hi");
    }

    @AfterEach
    void stopRemote() {
        remote.close();
    }

    @Test
    void batchChatWritesAnAuditLogThatVerifiesAndReportsWithoutPersonalData() throws Exception {
        Path audit = cache.resolve("logs/audit.jsonl");
        Path report = cache.resolve("out/report.html");
        String input = "{\"id\": \"easy\", \"prompt\": \"hi\"}\n"
                + "{\"id\": \"hard\", \"prompt\": \"" + HARD + "\", \"metadata\": {\"tenant\": \"acme\"}}\n"
                + "{\"id\": \"private\", \"prompt\": \"Mail " + EMAIL + " that card " + CARD + " was charged.\"}\n";

        int chat = run(input, "chat", "--batch", "--audit", audit.toString());
        int verify = run("", "audit", "verify", audit.toString());
        int reported = run("", "report", "--audit", audit.toString(), "--out", report.toString());

        assertThat(chat).isZero();
        assertThat(verify).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: 3 records in 1 file, seq 0 to 3");
        assertThat(reported).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote " + report + " (3 requests).");
        String html = Files.readString(report);
        assertThat(html).contains("data-chart=\"local-share\"").contains("data-chart=\"savings\"");
        String auditText = Files.readString(audit);
        assertThat(auditText).contains("\"tenant\":\"acme\"").contains("\"rule\":\"personal-data-stays-local\"");
        for (String artifact : List.of(auditText, html, err.toString(StandardCharsets.UTF_8))) {
            assertThat(artifact)
                    .doesNotContain(EMAIL)
                    .doesNotContain(CARD)
                    .doesNotContain(CARD.replace(" ", ""))
                    .doesNotContain("charged");
        }
        // Not even a fragment of the card; the audit file is left out of this check because its salted
        // hex hashes contain any four digits now and then.
        assertThat(html).doesNotContain("4111");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("4111");
    }

    @Test
    void requestsSentExportsWhatLeftTheMachineForOneTenantAsHtmlAndJsonWithoutText() throws Exception {
        Path audit = cache.resolve("audit.jsonl");
        Path export = cache.resolve("out/acme.html");
        String input = "{\"id\": \"long\", \"prompt\": \"" + LONG + "\", \"metadata\": {\"tenant\": \"acme\"}}\n"
                + "{\"id\": \"easy\", \"prompt\": \"hi\", \"metadata\": {\"tenant\": \"acme\"}}\n"
                + "{\"id\": \"other\", \"prompt\": \"" + LONG + "\", \"metadata\": {\"tenant\": \"globex\"}}\n";
        run(input, "chat", "--batch", "--audit", audit.toString());

        int exit = run(
                "",
                "report",
                "--audit",
                audit.toString(),
                "--requests-sent",
                "--tenant",
                "acme",
                "--from",
                "2000-01-01",
                "--out",
                export.toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Wrote " + export + " and " + cache.resolve("out/acme.json")
                        + " (1 requests of acme left the machine).");
        String json = Files.readString(cache.resolve("out/acme.json"));
        assertThat(json)
                .contains("\"request_id\" : \"long\"")
                .contains("\"allowed_by\" : \"long-prompts-go-remote\"")
                .contains("\"tier\" : \"remote\"")
                .doesNotContain("\"easy\"")
                .doesNotContain("\"other\"");
        String html = Files.readString(export);
        assertThat(html).contains("1 request for acme from 2000-01-01 00:00:00 UTC on left this machine.");
        for (String artifact : List.of(json, html)) {
            assertThat(artifact).doesNotContain("Zanzibar");
        }
    }

    @Test
    void reportOnALogWithAnUnreadableLineSaysWhatWasSkippedAndThatTheChainBroke() throws Exception {
        Path audit = cache.resolve("audit.jsonl");
        Path report = cache.resolve("report.html");
        run(
                "{\"id\": \"1\", \"prompt\": \"hi\"}\n{\"id\": \"2\", \"prompt\": \"hello\"}\n",
                "chat",
                "--batch",
                "--audit",
                audit.toString());
        List<String> lines = Files.readAllLines(audit);
        lines.set(1, lines.get(1).substring(0, 40));
        Files.writeString(audit, String.join("\n", lines) + "\n");
        err.reset();

        int exit = run("", "report", "--audit", audit.toString(), "--out", report.toString());

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Warning: 1 unreadable lines were skipped; the report says so.")
                .contains("Warning: the audit log's hash chain is broken");
        assertThat(Files.readString(report))
                .contains("1 request from")
                .contains("The hash chain did not verify")
                .contains("1 unreadable line was skipped");
    }

    @Test
    void requestsSentNeedsATenantAndTenantNeedsRequestsSent() {
        Path audit = cache.resolve("audit.jsonl");
        run("{\"id\": \"1\", \"prompt\": \"hi\"}\n", "chat", "--batch", "--audit", audit.toString());
        err.reset();

        int withoutTenant = run("", "report", "--audit", audit.toString(), "--requests-sent");
        int withoutMode = run("", "report", "--audit", audit.toString(), "--tenant", "acme");
        int badDate =
                run("", "report", "--audit", audit.toString(), "--requests-sent", "--tenant", "acme", "--to", "March");

        assertThat(List.of(withoutTenant, withoutMode, badDate)).containsOnly(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--requests-sent needs --tenant TENANT")
                .contains("--tenant, --from and --to select what --requests-sent exports")
                .contains(
                        "--to 'March' must be a UTC date such as 2026-03-01 or an instant such as 2026-03-01T09:00:00Z");
    }

    @Test
    void auditVerifyExitsNonZeroWhenARecordWasAltered() throws Exception {
        Path audit = cache.resolve("audit.jsonl");
        run(
                "{\"id\": \"1\", \"prompt\": \"hi\"}\n{\"id\": \"2\", \"prompt\": \"hello\"}\n",
                "chat",
                "--batch",
                "--audit",
                audit.toString());
        List<String> lines = Files.readAllLines(audit);
        lines.set(1, lines.get(1).replace("\"status\":\"completed\"", "\"status\":\"failed\""));
        Files.writeString(audit, String.join("\n", lines) + "\n");
        err.reset();

        int exit = run("", "audit", "verify", audit.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("FAILED: " + audit + " does not verify:")
                .contains(audit + ":2 (seq 1): altered");
    }

    @Test
    void auditVerifyReportsRecordsCutOffTheEnd() throws Exception {
        Path audit = cache.resolve("audit.jsonl");
        run(
                "{\"id\": \"1\", \"prompt\": \"hi\"}\n{\"id\": \"2\", \"prompt\": \"hello\"}\n",
                "chat",
                "--batch",
                "--audit",
                audit.toString());
        List<String> lines = Files.readAllLines(audit);
        Files.writeString(audit, String.join("\n", lines.subList(0, 2)) + "\n");
        err.reset();

        int exit = run("", "audit", "verify", audit.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(audit + ": truncated: the checkpoint " + audit + ".checkpoint records seq 2 but the log ends"
                        + " at seq 1 (1 records were cut off the end)");
    }

    @Test
    void interactiveChatAuditsToo() throws Exception {
        Path audit = cache.resolve("audit.jsonl");

        int exit = run("hi\n/quit\n", "chat", "--audit", audit.toString());

        assertThat(exit).isZero();
        try (Stream<String> lines = Files.lines(audit)) {
            assertThat(lines.filter(line -> line.contains("\"type\":\"request\"")))
                    .hasSize(1);
        }
        assertThat(run("", "audit", "verify", audit.toString())).isZero();
    }

    @Test
    void reportWithoutAnAuditLogSaysHowToWriteOne() {
        Path missing = cache.resolve("missing.jsonl");

        int exit = run("", "report", "--audit", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tandem: there is no audit log at " + missing + "; write one with `tandem chat --audit "
                        + missing + "`");
    }

    @Test
    void newCommandsHaveHelp() {
        for (List<String> command : List.of(List.of("audit"), List.of("audit", "verify"), List.of("report"))) {
            out.reset();
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);

            int exit = run("", args);

            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: tandem " + String.join(" ", command));
        }
    }

    private int run(String input, String... args) {
        Map<String, String> variables = new HashMap<>();
        variables.put("TANDEM_CACHE_DIR", cache.toString());
        variables.put("TANDEM_LOCAL_MODEL", ForgedModel.folder().toString());
        variables.put("OPENAI_BASE_URL", remote.baseUrl());
        variables.put("OPENAI_API_KEY", OpenAiStub.API_KEY);
        variables.put("TANDEM_REMOTE_MODEL", OpenAiStub.MODEL);
        Console console = new Console(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(variables, cache));
        return TandemCommand.run(console, args);
    }
}
