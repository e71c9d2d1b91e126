package dev.tandem.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart as a load balancer sees it: a client is half-way through an SSE answer when the
 * gateway is told to stop. The stream must run to its {@code [DONE]}, new requests must get 503 in the
 * meantime, and the port must close once the stream is over. Real HTTP on both sides: the JDK client
 * against the gateway, the gateway's router against a WireMock upstream that dribbles its stream over
 * about two seconds.
 */
class GracefulShutdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PIECES = List.of("The ", "sea ", "was ", "calm ", "that ", "night.");
    private static final String REQUEST = """
            {"model": "tandem", "stream": true,
             "messages": [{"role": "user", "content": "Tell me a short story about the sea."}]}""";

    @TempDir
    Path work;

    private final WireMockServer upstream =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private TandemGateway gateway;
    private String baseUrl;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        StringBuilder events = new StringBuilder();
        for (String piece : PIECES) {
            events.append("data: {\"id\":\"s1\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,\"delta\":")
                    .append("{\"content\":\"")
                    .append(piece)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        events.append("data: {\"id\":\"s1\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,\"delta\":{},")
                .append("\"finish_reason\":\"stop\"}]}\n\n")
                .append("data: [DONE]\n\n");
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(events.toString())
                        .withChunkedDribbleDelay(12, 2_000)));
        Path policy = Files.writeString(work.resolve("policy.yaml"), """
                name: shutdown
                tiers:
                  remote: {locality: remote}
                default:
                  route: {tier: remote}
                """);
        TandemRouter router = TandemRouter.builder()
                .policy(PolicyLoader.load(policy))
                .tier(Tier.remote(
                                "remote",
                                OpenAiCompatibleChatModel.builder()
                                        .baseUrl("http://127.0.0.1:" + upstream.port() + "/v1")
                                        .apiKey("sk-upstream")
                                        .modelName("gpt-stub")
                                        .tierName("remote")
                                        .build())
                        .build())
                .build();
        gateway = TandemGateway.builder(router)
                .config(GatewayConfig.custom()
                        .port(0)
                        .shutdownGrace(Duration.ofSeconds(20))
                        .build())
                .start();
        baseUrl = gateway.baseUrl();
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.stop();
    }

    @Test
    void aStreamInFlightFinishesWhileNewRequestsAreRefused() throws Exception {
        HttpResponse<InputStream> stream = client.send(completion(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (text.isEmpty()) {
            read(lines.readLine(), events, text);
        }

        CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
        HttpResponse<String> refused = awaitRefusal();
        String line;
        while ((line = lines.readLine()) != null) {
            read(line, events, text);
        }
        closing.get(20, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).contains("1");
        assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("overloaded");
        assertThat(text).hasToString(String.join("", PIECES));
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(JSON.readTree(events.get(events.size() - 2))
                        .at("/choices/0/finish_reason")
                        .asText())
                .isEqualTo("stop");
        try (HttpClient afterwards = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> afterwards.send(completion(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    /**
     * Waits until the health check reports the gateway draining (a balancer's signal), then sends a new
     * completion, while the first stream is still open.
     */
    private HttpResponse<String> awaitRefusal() throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return client.send(completion(), HttpResponse.BodyHandlers.ofString());
    }

    private static void read(String line, List<String> events, StringBuilder text) throws Exception {
        if (line == null) {
            throw new AssertionError("the stream ended before its first token");
        }
        if (!line.startsWith("data: ")) {
            return;
        }
        String data = line.substring(6);
        events.add(data);
        if (!data.equals("[DONE]")) {
            JsonNode delta = JSON.readTree(data).at("/choices/0/delta/content");
            text.append(delta.isTextual() ? delta.asText() : "");
        }
    }

    private HttpRequest completion() {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
                .timeout(Duration.ofSeconds(20))
                .build();
    }
}
