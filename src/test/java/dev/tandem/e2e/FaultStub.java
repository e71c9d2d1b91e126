package dev.tandem.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * A WireMock OpenAI endpoint whose answer depends on a marker in the request body ({@code fault=reset},
 * {@code fault=500}, ...), so that one server can serve a mix of faults at once. Without a marker it
 * answers normally.
 */
final class FaultStub implements AutoCloseable {

    static final String PATH = "/v1/chat/completions";

    private final WireMockServer server;

    FaultStub() {
        this(0);
    }

    /** On a given port (0 for any), so that a restarted server comes back where the client expects it. */
    FaultStub(int port) {
        server = new WireMockServer(options()
                .port(port)
                .bindAddress("127.0.0.1")
                .containerThreads(200)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(50));
        server.start();
        stubFaults();
    }

    int port() {
        return server.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    WireMockServer server() {
        return server;
    }

    /** The default answer and one stub per fault marker. */
    void stubFaults() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).atPriority(10).willReturn(json(200, answer("remote answer"))));
        fault("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        fault("empty", aResponse().withFault(Fault.EMPTY_RESPONSE));
        fault("garbage", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        fault("malformed", json(200, "{\"id\": \"x\", \"choices\": [ {\"message\": "));
        fault("slow", json(200, answer("too late")).withFixedDelay(1_200));
        fault("429", json(429, error("rate_limit_exceeded")).withHeader("Retry-After", "1"));
        fault("500", json(500, error("server_error")));
        fault("502", json(502, error("bad_gateway")));
        fault("503", json(503, error("overloaded")));
        fault("401", json(401, error("invalid_api_key")));
        fault("sse-malformed", sse("data: {not json\n\n"));
        fault("sse-truncated", sse(chunk("The answer ") + chunk("is 4")));
        fault(
                "sse-ok",
                sse(chunk("Hel") + chunk("lo") + "data: {\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}]}\n\n" + "data: [DONE]\n\n"));
        fault("sse-slow", sse(chunk("tick ").repeat(40)).withChunkedDribbleDelay(40, 4_000));
    }

    /** Every request fails as if the network were gone. */
    void networkDown() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    List<LoggedRequest> received() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    String everythingReceived() {
        StringBuilder all = new StringBuilder();
        received().forEach(request -> all.append(request.getBodyAsString()).append('\n'));
        return all.toString();
    }

    private void fault(String marker, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(PATH))
                .atPriority(1)
                .withRequestBody(containing("fault=" + marker + ";"))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    private static String chunk(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    static String answer(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";
    }

    private static String error(String code) {
        return "{\"error\":{\"type\":\"error\",\"code\":\"" + code + "\",\"message\":\"injected\"}}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
