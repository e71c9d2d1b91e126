package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import dev.tandem.cli.setup.RouterSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI's local model comes from, against a WireMock hub serving the forged model: Hugging Face
 * ids are pulled only when a request needs the model and results name the id; a chat's first run pulls
 * the default model when the hub answers and forges the demo model when it does not; {@code policy
 * check} warns about unset variables unless {@code --strict}.
 */
class ModelResolutionCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

    @TempDir
    Path cache;

    private final HubStub hub = new HubStub();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void batchResultsNameAPulledModelByItsIdNotItsRevision() throws Exception {
        hub.serve("acme/tiny-qwen", ForgedModel.folder());

        int exit = run(
                "{\"id\":\"1\",\"prompt\":\"hi\"}\n",
                Map.of("TANDEM_LOCAL_MODEL", "acme/tiny-qwen"),
                "chat",
                "--batch");

        JsonNode result = JSON.readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(exit).isZero();
        assertThat(result.get("model").asText()).isEqualTo("acme/tiny-qwen");
        assertThat(result.get("text").asText()).isNotEmpty();
        assertThat(cache.resolve("models/hf/acme--tiny-qwen/revisions/main/model.safetensors"))
                .exists();
    }

    @Test
    void routingNeverDownloadsAnUncachedModel() throws Exception {
        hub.serve("acme/tiny-qwen", ForgedModel.folder());

        int exit = run(
                "{\"id\":\"1\",\"prompt\":\"hi\"}\n",
                Map.of("TANDEM_LOCAL_MODEL", "acme/tiny-qwen"),
                "route",
                "--jsonl");

        JsonNode result = JSON.readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(exit).isZero();
        assertThat(result.at("/decision/route").asText()).isEqualTo("local");
        assertThat(hub.requests()).isZero();
        assertThat(cache.resolve("models/hf/acme--tiny-qwen")).doesNotExist();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "Local model acme/tiny-qwen is not in the cache yet; it is downloaded from " + hub.endpoint());
    }

    @Test
    void firstChatPullsTheDefaultModelWhenTheHubAnswersAndSaysWhichAndHowBig() throws Exception {
        long bytes = hub.serve(RouterSetup.DEFAULT_LOCAL_MODEL, ForgedModel.folder());

        int exit = run("hi\n/quit\n", Map.of(), "chat");

        String console = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(console)
                .contains("the model hub " + hub.endpoint() + " answers: downloading the default local model "
                        + RouterSetup.DEFAULT_LOCAL_MODEL)
                .contains(String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6))
                .contains("100%")
                .contains("[local · local · " + RouterSetup.DEFAULT_LOCAL_MODEL)
                .doesNotContain("forged");
        assertThat(cache.resolve("models/hf/tjake--Qwen2.5-0.5B-Instruct-JQ4/revisions/main/model.safetensors"))
                .exists();
    }

    @Test
    void firstChatForgesTheDemoModelAndSaysSoWhenTheHubDoesNotAnswer() throws Exception {
        int exit = run("hi\n/quit\n", Map.of("HF_ENDPOINT", "http://127.0.0.1:9"), "chat");

        String console = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(console)
                .contains("The model hub http://127.0.0.1:9 did not answer (no network)")
                .contains("the local tier is a tiny model forged with random weights")
                .contains("[local · local · forged-qwen2-tiny");
    }

    @Test
    void policyCheckWarnsAboutUnsetVariablesAndFailsOnThemWhenStrict() {
        String policy = ROOT.resolve("samples/policies/full-example.yaml").toString();

        int lenient = run("", Map.of(), "policy", "check", policy);
        String warnings = err.toString(StandardCharsets.UTF_8);
        String summary = out.toString(StandardCharsets.UTF_8);
        err.reset();
        int strict = run("", Map.of(), "policy", "check", "--strict", policy);

        assertThat(lenient).isZero();
        assertThat(warnings).contains(": warning: environment variable 'OPENAI_API_KEY' is not set");
        assertThat(summary).contains(": OK: policy").contains("unset environment variables");
        assertThat(strict).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("environment variable 'OPENAI_API_KEY' is not set")
                .doesNotContain("warning:");
    }

    private int run(String input, Map<String, String> extra, String... args) {
        Map<String, String> variables = new java.util.HashMap<>(extra);
        variables.put("TANDEM_CACHE_DIR", cache.toString());
        variables.putIfAbsent("HF_ENDPOINT", hub.endpoint());
        Console console = new Console(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(variables, cache));
        return TandemCommand.run(console, args);
    }
}
