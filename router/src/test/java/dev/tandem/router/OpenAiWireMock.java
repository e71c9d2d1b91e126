package dev.tandem.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.time.Duration;
import java.util.List;

/**
 * An OpenAI-compatible server on a loopback port (WireMock, real HTTP) that answers every chat request
 * with one text, as JSON or as an event stream when the request asks to stream, and keeps every body
 * it received, for tests that look for values that must never leave the machine.
 */
final class OpenAiWireMock implements AutoCloseable {

    /** The usage every text answer reports. */
    static final int PROMPT_TOKENS = 20;

    static final int COMPLETION_TOKENS = 5;
    static final int TOTAL_TOKENS = PROMPT_TOKENS + COMPLETION_TOKENS;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    OpenAiWireMock() {
        server.start();
    }

    /** Answers every request with {@code text}, streamed in one chunk when streaming is asked for. */
    OpenAiWireMock answering(String text) {
        server.resetMappings();
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "gpt-stub");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        body.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", TOTAL_TOKENS);
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body.toString())));
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-1").put("model", "gpt-stub");
        ObjectNode delta = chunk.putArray("choices").addObject();
        delta.put("index", 0).putNull("finish_reason");
        delta.putObject("delta").put("content", text);
        String stream = "data: " + chunk + "\n\n"
                + "data: {\"id\":\"chatcmpl-1\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(stream)));
        return this;
    }

    /** Fails every request with HTTP {@code status}. */
    OpenAiWireMock failing(int status) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"server_error\",\"message\":\"down\"}}")));
        return this;
    }

    /** Answers every request with HTTP 200 only after {@code delay}, for callers that time out first. */
    OpenAiWireMock answeringAfter(Duration delay) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withFixedDelay((int) delay.toMillis()).withStatus(200)));
        return this;
    }

    /** A remote tier named {@code name} that calls this server. */
    Tier tier(String name) {
        return Tier.remote(name, client(name).build()).build();
    }

    /** A client of this server, to adjust (timeouts) before building. */
    OpenAiCompatibleChatModel.Builder client(String tierName) {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("sk-test")
                .modelName("gpt-stub")
                .tierName(tierName);
    }

    /** Every chat request body received so far, in order. */
    List<String> bodies() {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }

    void reset() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }
}
