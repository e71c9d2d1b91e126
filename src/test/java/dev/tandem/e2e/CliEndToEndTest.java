package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's JSONL contract, run in process against WireMock and the default forged model. */
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Over the privacy-first preset's 1,500 prompt tokens (~1,800 estimated), yet within the forged model's
    // 8,192-token context (~4,800 of its byte-level tokens): the built-in difficulty, fitted on real exam
    // labels, scores an open prompt by its length alone and seldom reaches the preset's 0.6.
    private static final String LONG_PROOF = "Prove step by step that the sum of the first n odd numbers is n^2."
            + " Show every step of the induction and justify each one.".repeat(130);
    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

    @TempDir
    Path cache;

    private OpenAiStub remote;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startRemote() {
        remote = new OpenAiStub();
    }

    @AfterEach
    void stopRemote() {
        remote.close();
    }

    @Test
    void batchAnswersEveryLineInOrderAndReportsMalformedOnes() throws Exception {
        remote.answers("remote says hi");
        String input = """
                {"id": "easy", "prompt": "hi"}
                {"id": "broken", "prompt":
                {"id": 3, "prompt": "LONG_PROOF"}
                {"id": "private", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "My card is 4111 1111 1111 1111, prove step by step that n^2 grows and derive the integral of x^2"}]}
                {"id": "who", "prompt": "hi", "metadata": {"tenant": "acme", "colour": "red"}}
                """.replace("LONG_PROOF", LONG_PROOF);

        int exit = run(input, withRemote(), "chat", "--batch");

        List<JsonNode> lines = outputLines();
        assertThat(exit).isZero();
        assertThat(lines)
                .extracting(line -> line.get("id").asText())
                .containsExactly("easy", "null", "3", "private", "who");
        JsonNode easy = lines.get(0);
        assertThat(easy.get("tier").asText()).isEqualTo("local");
        assertThat(easy.get("model").asText()).isNotBlank();
        assertThat(easy.get("text").asText()).isNotEmpty();
        assertThat(easy.at("/decision/route").asText()).isEqualTo("local");
        assertThat(easy.at("/decision/reasons/0").asText()).startsWith("default: no rule matched");
        assertThat(easy.at("/decision/sensitivity").asText()).isEqualTo("none");
        assertThat(easy.at("/attempts/0/outcome").asText()).isEqualTo("succeeded");
        assertThat(easy.get("latency_ms").isIntegralNumber()).isTrue();
        assertThat(lines.get(1).at("/error/type").asText()).isEqualTo("MalformedInput");
        assertThat(lines.get(1).has("text")).isFalse();
        JsonNode hard = lines.get(2);
        assertThat(hard.get("tier").asText()).isEqualTo("remote");
        assertThat(hard.get("text").asText()).isEqualTo("remote says hi");
        assertThat(hard.at("/decision/reasons/0").asText()).startsWith("long-prompts-go-remote");
        JsonNode sensitive = lines.get(3);
        assertThat(sensitive.get("tier").asText()).isEqualTo("local");
        assertThat(sensitive.at("/decision/sensitivity").asText()).isEqualTo("restricted");
        assertThat(sensitive.at("/decision/remote_allowed").asBoolean()).isFalse();
        assertThat(lines.get(4).at("/error/message").asText()).contains("unknown metadata key 'colour'");
        assertThat(remote.receivedBodies()).hasSize(1).noneMatch(body -> body.contains("4111"));
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .doesNotContain(OpenAiStub.API_KEY);
    }

    @Test
    void offlineBatchSaysWhatWouldHaveGoneRemoteAndWarnsAboutTheForgedModel() throws Exception {
        String input = "{\"id\": \"1\", \"prompt\": \"" + LONG_PROOF + "\"}\n";

        int exit = run(input, Map.of("TANDEM_CACHE_DIR", cache.toString()), "chat", "--batch");

        JsonNode line = outputLines().get(0);
        assertThat(exit).isZero();
        assertThat(line.get("tier").asText()).isEqualTo("local");
        assertThat(line.at("/decision/reasons").toString())
                .contains("offline: would have gone to remote, but no such tier is configured; served by local");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("forged with random weights", "It produces random text", "TANDEM_LOCAL_MODEL")
                .contains("runs offline");
        assertThat(cache.resolve("models/forged-qwen2-tiny/model.safetensors")).exists();
    }

    @Test
    void routeDecidesWithoutCallingAnyModel() throws Exception {
        remote.answers("never used");
        String input = """
                {"id": "a", "prompt": "hello"}
                {"id": "b", "prompt": "LONG_PROOF"}
                {"id": "c", "prompt": "Call me at +44 20 7946 0958"}
                """.replace("LONG_PROOF", LONG_PROOF);

        int exit = run(input, withRemote(), "route", "--jsonl");

        List<JsonNode> lines = outputLines();
        assertThat(exit).isZero();
        assertThat(lines)
                .extracting(line -> line.at("/decision/route").asText())
                .containsExactly("local", "remote", "local");
        assertThat(lines.get(2).at("/decision/reasons/0").asText())
                .isEqualTo("personal-data-stays-local: sensitivity high >= high (PHONE x1)");
        assertThat(lines).allSatisfy(line -> assertThat(line.has("text")).isFalse());
        assertThat(remote.receivedBodies()).isEmpty();
    }

    @Test
    void scanReportsTypesAndUtf16OffsetsButNeverValues() throws Exception {
        String input =
                "{\"id\": \"x\", \"text\": \"😀 mail jane@example.com\"}\n{\"id\": \"y\", \"text\": \"nothing here\"}\n";

        int exit = run(input, Map.of(), "scan", "--jsonl");

        List<JsonNode> lines = outputLines();
        assertThat(exit).isZero();
        assertThat(lines.get(0).get("sensitivity").asText()).isEqualTo("high");
        assertThat(lines.get(0).at("/spans/0/type").asText()).isEqualTo("EMAIL");
        assertThat(lines.get(0).at("/spans/0/start").asInt()).isEqualTo(8);
        assertThat(lines.get(0).at("/spans/0/end").asInt()).isEqualTo(24);
        assertThat(lines.get(1).get("sensitivity").asText()).isEqualTo("none");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("jane@example.com");
    }

    @Test
    void evalPrivacyReportsPerTypeScoresAndTheLeakRate() throws Exception {
        Path data = cache.resolve("labelled.jsonl");
        java.nio.file.Files.writeString(data, """
                {"text": "mail jane@example.com today", "spans": [{"type": "EMAIL", "start": 5, "end": 21}]}
                {"text": "card 4111 1111 1111 1111 please", "spans": [{"type": "CREDIT_CARD", "start": 5, "end": 24}]}
                {"text": "my colleague will call later", "spans": [{"type": "EMAIL", "start": 0, "end": 2}]}
                {"text": "the weather is nice", "spans": []}
                """);

        int exit = run("", Map.of(), "eval", "privacy", data.toString());

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        // Two emails, one found; "my" is a (wrong) gold email the scan rightly leaves alone, so it leaks.
        assertThat(report).contains("| labelled | EMAIL | 2 | 1.000 | 0.500 | 0.667 | 0.667 |");
        // The card text has no direct identifier (person, address, email, phone): flagging it counts as an alarm.
        assertThat(report).contains("| labelled | 4 | 2 | 0.500 | 0.500 |");
    }

    @Test
    void policyCheckPrintsEachProblemWithItsLocationAndFails() throws Exception {
        Path policy = cache.resolve("bad.yaml");
        java.nio.file.Files.writeString(policy, """
                name: bad
                tiers:
                  local: {locality: local}
                rules:
                  - name: hard
                    when: {dificulty-at-least: 0.5}
                    route: {tier: local}
                default: {route: {tier: local}}
                """);

        int exit = run("", Map.of(), "policy", "check", policy.toString());

        assertThat(exit).isNotZero();
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .contains(policy + ":6:12: rules[0].when.dificulty-at-least: unknown key 'dificulty-at-least',"
                        + " did you mean 'difficulty-at-least'?");
    }

    @Test
    void policyExplainWalksTheRulesInOrder() throws Exception {
        Path policy = ROOT.resolve("samples/policies/health-data-stays-local.yaml");

        int exit = run(
                "",
                Map.of(),
                "policy",
                "explain",
                policy.toString(),
                "--prompt",
                "My diabetes medication metformin is running out, what should I do?");

        String explanation = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(explanation)
                .contains("1. tagged-health-data-stays-local: no match")
                .containsPattern("3\\. personal-data-stays-local: MATCHED")
                .contains("4. long-prompts-go-remote: not evaluated (an earlier rule matched)")
                .contains("never remote");
    }

    @Test
    void everySubcommandHasHelp() throws Exception {
        for (String command :
                List.of("chat", "route", "scan", "policy", "models", "audit", "report", "eval", "calibrate", "bench")) {
            out.reset();

            int exit = run("", Map.of(), command, "--help");

            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: tandem " + command);
        }
    }

    private Map<String, String> withRemote() {
        Map<String, String> variables = new HashMap<>();
        variables.put("TANDEM_CACHE_DIR", cache.toString());
        variables.put("TANDEM_LOCAL_MODEL", ForgedModel.folder().toString());
        variables.put("OPENAI_BASE_URL", remote.baseUrl());
        variables.put("OPENAI_API_KEY", OpenAiStub.API_KEY);
        variables.put("TANDEM_REMOTE_MODEL", OpenAiStub.MODEL);
        return variables;
    }

    private int run(String input, Map<String, String> variables, String... args) {
        Console console = new Console(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(variables, cache));
        return TandemCommand.run(console, args);
    }

    private List<JsonNode> outputLines() throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
