package dev.tandem.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/** A WireMock server speaking the OpenAI Chat Completions API over real HTTP on a loopback port. */
final class OpenAiStub implements AutoCloseable {

    static final String API_KEY = "sk-e2e-SECRET-4242";
    static final String MODEL = "gpt-stub";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    OpenAiStub() {
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    void answers(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-e2e");
        body.put("object", "chat.completion");
        body.put("model", MODEL);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", "stop");
        body.putObject("usage")
                .put("prompt_tokens", 21)
                .put("completion_tokens", 7)
                .put("total_tokens", 28);
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body.toString())));
    }

    /**
     * Answers requests whose body contains {@code bodyContains} with {@code responseBody} (a whole Chat
     * Completions answer); a lower {@code priority} number wins when several match.
     */
    void answersWhenBodyContains(String bodyContains, String responseBody, int priority) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(priority)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(bodyContains))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(responseBody)));
    }

    void fails(int status) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"server_error\",\"message\":\"boom\"}}")));
    }

    /** Every chat request body the server received, in order. */
    List<String> receivedBodies() {
        return server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
