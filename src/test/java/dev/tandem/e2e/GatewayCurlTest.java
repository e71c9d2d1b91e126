package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem serve}'s gateway driven with curl over real HTTP, in front of the forged local model and
 * a WireMock remote: answers with routing headers, SSE streams, and every bad input in OpenAI's error shape.
 */
class GatewayCurlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new GatewayFixture(
                work, GatewayConfig.custom().maxBodyBytes(4096).strict(true));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void blockingAnswerCarriesRoutingInHeadersAndTheExtensionField() throws Exception {
        Curl curl = curl(GatewayFixture.KEY, "/chat/completions", """
                {"model": "tandem", "messages": [{"role": "user", "content": "What is the capital of France?"}]}""");

        JsonNode body = JSON.readTree(curl.body());
        assertThat(curl.status()).isEqualTo(200);
        assertThat(curl.headers())
                .contains("x-tandem-tier: remote", "x-tandem-model: gpt-stub", "x-tandem-reasons: default");
        assertThat(body.at("/object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(GatewayFixture.REMOTE_TEXT);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(19);
        assertThat(body.at("/tandem/tier").asText()).isEqualTo("remote");
    }

    @Test
    void personalDataStaysOnTheLocalModel() throws Exception {
        Curl curl = curl(GatewayFixture.KEY, "/chat/completions", """
                {"model": "tandem", "max_tokens": 4,
                 "messages": [{"role": "user", "content": "Write to jane.doe@example.com about my card 4111 1111 1111 1111"}]}""");

        JsonNode body = JSON.readTree(curl.body());
        assertThat(curl.status()).isEqualTo(200);
        assertThat(curl.headers()).contains("x-tandem-tier: local", "x-tandem-reasons: personal-data-stays-local");
        assertThat(body.at("/tandem/sensitivity").asText()).isEqualTo("restricted");
        assertThat(body.at("/choices/0/message/content").asText()).isNotEmpty();
    }

    @Test
    void streamsServerSentEventsWithUsageLast() throws Exception {
        Curl curl = curl(GatewayFixture.KEY, "/chat/completions", """
                {"model": "tandem", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "What is the capital of France?"}]}""");

        List<String> events =
                curl.body().lines().filter(line -> line.startsWith("data: ")).toList();
        assertThat(curl.status()).isEqualTo(200);
        assertThat(curl.headers()).contains("content-type: text/event-stream");
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            text.append(JSON.readTree(event.substring(6))
                    .at("/choices/0/delta/content")
                    .asText(""));
        }
        assertThat(text).hasToString(GatewayFixture.REMOTE_TEXT);
        JsonNode usage = JSON.readTree(events.get(events.size() - 2).substring(6));
        assertThat(usage.at("/choices").size()).isZero();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(7);
        JsonNode last = JSON.readTree(events.get(events.size() - 3).substring(6));
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/tandem/tier").asText()).isEqualTo("remote");
    }

    @Test
    void aTierNamedAsTheModelPinsIt() throws Exception {
        Curl curl = curl(GatewayFixture.KEY, "/chat/completions", """
                {"model": "local", "max_tokens": 3, "messages": [{"role": "user", "content": "What is the capital of France?"}]}""");

        assertThat(curl.status()).isEqualTo(200);
        assertThat(curl.headers()).contains("x-tandem-tier: local");
        assertThat(JSON.readTree(curl.body()).at("/tandem/reasons").toString())
                .contains("pin: the caller pinned tier local");
    }

    @Test
    void badInputGetsOpenAiErrorsWithTheRightStatus() throws Exception {
        String chat = "/chat/completions";
        String hello = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";

        assertError(
                curl(GatewayFixture.KEY, chat, "{\"model\": \"tandem\", " + hello.substring(0, 20)),
                400,
                "invalid_json",
                null);
        assertError(curl(GatewayFixture.KEY, chat, "{\"model\": 7, " + hello + "}"), 400, null, "model");
        assertError(
                curl(GatewayFixture.KEY, chat, "{\"model\": \"tandem\", \"temperature\": \"hot\", " + hello + "}"),
                400,
                null,
                "temperature");
        assertError(
                curl(GatewayFixture.KEY, chat, "{\"model\": \"tandem\", \"colour\": 1, " + hello + "}"),
                400,
                "unknown_parameter",
                "colour");
        assertError(
                curl(GatewayFixture.KEY, chat, "{\"model\": \"tandem\", \"pad\": \"" + "x".repeat(5000) + "\"}"),
                413,
                "request_too_large",
                null);
        assertError(
                curl(GatewayFixture.KEY, chat, "{\"model\": \"gpt-9\", " + hello + "}"),
                404,
                "model_not_found",
                "model");
        assertError(curl(null, chat, "{\"model\": \"tandem\", " + hello + "}"), 401, "invalid_api_key", null);
        assertError(curl("sk-wrong", chat, "{\"model\": \"tandem\", " + hello + "}"), 401, "invalid_api_key", null);
    }

    @Test
    void aTenantOverItsBudgetGets429WithRetryAfter() throws Exception {
        String body = "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"What is 2+2?\"}]}";

        Curl first = curl(GatewayFixture.CAPPED_KEY, "/chat/completions", body);
        Curl second = curl(GatewayFixture.CAPPED_KEY, "/chat/completions", body);

        assertThat(first.status()).isEqualTo(200);
        assertError(second, 429, "budget_exceeded", null);
        assertThat(second.headers()).containsPattern("retry-after: [1-9][0-9]*");
    }

    @Test
    void modelsHealthAndMetricsAnswer() throws Exception {
        Curl models = curl(GatewayFixture.KEY, "/models", null);
        Curl health = get(fixture.baseUrl().replace("/v1", "/health"));
        curl(
                GatewayFixture.KEY,
                "/chat/completions",
                "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}");
        Curl metrics = get(fixture.baseUrl().replace("/v1", "/metrics"));

        assertThat(JSON.readTree(models.body()).findValuesAsText("id")).containsExactly("tandem", "local", "remote");
        assertThat(health.status()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).at("/tiers/remote/ready").asBoolean())
                .isTrue();
        assertThat(metrics.body()).contains("tandem_requests_total", "tandem_gateway_responses_total{status=\"200\"}");
        assertThat(metrics.body()).doesNotContain("hello");
    }

    private static void assertError(Curl curl, int status, String code, String param) throws Exception {
        JsonNode error = JSON.readTree(curl.body()).path("error");
        assertThat(curl.status()).as(curl.body()).isEqualTo(status);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        if (code != null) {
            assertThat(error.path("code").asText()).isEqualTo(code);
        }
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }

    private record Curl(int status, String headers, String body) {}

    private static Curl curl(String key, String path, String body) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-N", "-D", "-", "-o", "-"));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        if (body != null) {
            Path file = Files.writeString(Files.createTempFile(work, "body", ".json"), body);
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + file));
        }
        command.add(fixture.baseUrl() + path);
        return run(command);
    }

    private static Curl get(String url) throws Exception {
        return run(List.of("curl", "-sS", "-D", "-", "-o", "-", url));
    }

    private static Curl run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        int split = output.indexOf("\r\n\r\n");
        String headers = output.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        int status = Integer.parseInt(headers.lines().findFirst().orElseThrow().split(" ")[1]);
        return new Curl(status, headers, output.substring(split + 4));
    }
}
