package dev.tandem.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web chat's defences, over raw HTTP so that every header is exactly what an attacker could send: each
 * refused request gets its status and never reaches the chat model.
 */
class WebChatServerSecurityTest {

    private static final String CHAT = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
    private static final Pattern TOKEN =
            Pattern.compile("<meta name=\"tandem-token\" content=\"([A-Za-z0-9_-]{43})\">");

    private final AtomicInteger modelCalls = new AtomicInteger();
    private final CountDownLatch modelMayAnswer = new CountDownLatch(1);
    private volatile boolean modelWaits;
    private TandemRouter router;
    private WebChatServer server;
    private String host;
    private String token;

    @BeforeEach
    void start() throws IOException {
        ChatModel local = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                modelCalls.incrementAndGet();
                if (modelWaits) {
                    try {
                        modelMayAnswer.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from("hello"))
                        .modelName("counting")
                        .build();
            }
        };
        router = TandemRouter.builder()
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .tier(Tier.local("local", local).build())
                .build();
        server = WebChatServer.start(router, WebChat.create(), 0, List.of());
        host = "127.0.0.1:" + server.port();
        Response page = send("GET / HTTP/1.1", Map.of("Host", host), null);
        assertThat(page.status()).isEqualTo(200);
        Matcher matcher = TOKEN.matcher(page.body());
        assertThat(matcher.find())
                .as("the served page carries the session token")
                .isTrue();
        token = matcher.group(1);
    }

    @AfterEach
    void stop() {
        modelMayAnswer.countDown();
        server.close();
        router.close();
    }

    @Test
    void theServedPageWithItsTokenGetsAnAnswer() throws IOException {
        Response answer = chat(headers(), CHAT);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("event: done", "hello");
        assertThat(modelCalls).hasValue(1);
        assertThat(chat(
                                headers(
                                        "Host",
                                        "localhost:" + server.port(),
                                        "Origin",
                                        "http://localhost:" + server.port()),
                                CHAT)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aRequestFromAnotherSiteIsRefused() throws IOException {
        Response attacker = chat(headers("Origin", "http://attacker.example"), CHAT);
        Response otherLocalPort = chat(headers("Origin", "http://127.0.0.1:" + (server.port() == 1 ? 2 : 1)), CHAT);
        Response opaque = chat(headers("Origin", "null"), CHAT);

        assertThat(List.of(attacker.status(), otherLocalPort.status(), opaque.status()))
                .containsOnly(403);
        assertThat(attacker.body()).contains("CrossOrigin");
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void aRequestAddressedToAnotherHostIsRefusedAndTheRebindedPageGetsNoToken() throws IOException {
        Response rebound = chat(headers("Host", "attacker.example:" + server.port()), CHAT);
        Response otherPort = chat(headers("Host", "127.0.0.1:1"), CHAT);
        Response page = send("GET / HTTP/1.1", Map.of("Host", "attacker.example"), null);

        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("ForeignHost");
        assertThat(otherPort.status()).isEqualTo(403);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).doesNotContain(token);
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void aChatThatIsNotJsonIsRefused() throws IOException {
        Map<String, String> plain = headers();
        plain.put("Content-Type", "text/plain");
        Map<String, String> none = headers();
        none.remove("Content-Type");

        assertThat(chat(plain, CHAT).status()).isEqualTo(415);
        assertThat(chat(none, CHAT).status()).isEqualTo(415);
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void anApiCallWithoutTheSessionTokenIsRefused() throws IOException {
        Map<String, String> missing = headers();
        missing.remove(WebChatServer.TOKEN_HEADER);
        Map<String, String> wrong = headers();
        wrong.put(WebChatServer.TOKEN_HEADER, token.substring(1) + "A");

        Response withoutToken = chat(missing, CHAT);
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("MissingToken");
        assertThat(chat(wrong, CHAT).status()).isEqualTo(403);
        assertThat(send("GET /api/info HTTP/1.1", Map.of("Host", host), null).status())
                .isEqualTo(403);
        assertThat(send("GET /api/info HTTP/1.1", Map.of("Host", host, WebChatServer.TOKEN_HEADER, token), null)
                        .status())
                .isEqualTo(200);
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws IOException {
        String padding = "x".repeat(WebChatServer.MAX_BODY_BYTES);
        String tooLarge = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + padding + "\"}]}";

        Response response = chat(headers(), tooLarge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(modelCalls).hasValue(0);
    }

    @Test
    void chatsBeyondTheBoundAreToldToRetry() throws Exception {
        modelWaits = true;
        CountDownLatch accepted = new CountDownLatch(WebChatServer.MAX_CONCURRENT_CHATS);
        List<Thread> inFlight = new ArrayList<>();
        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < WebChatServer.MAX_CONCURRENT_CHATS; i++) {
            inFlight.add(Thread.ofVirtual().start(() -> {
                try {
                    answers.add(
                            send(request(headers(), CHAT), accepted::countDown).body());
                } catch (IOException e) {
                    answers.add(e.toString());
                }
            }));
        }
        // Each accepted chat gets its 200 before it waits its turn; the first one is inside the model.
        assertThat(accepted.await(30, TimeUnit.SECONDS)).isTrue();

        Response busy = chat(headers(), CHAT);

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers()).containsEntry("retry-after", "5");
        assertThat(modelCalls).hasValue(1);
        modelMayAnswer.countDown();
        for (Thread thread : inFlight) {
            thread.join(30_000);
        }
        assertThat(answers)
                .hasSize(WebChatServer.MAX_CONCURRENT_CHATS)
                .allSatisfy(body -> assertThat(body).contains("event: done"));
        assertThat(modelCalls).hasValue(WebChatServer.MAX_CONCURRENT_CHATS);
    }

    /** The headers the served page sends; the map is mutable so a test can take one away or change it. */
    private Map<String, String> headers(String... overrides) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host);
        headers.put("Origin", "http://" + host);
        headers.put("Content-Type", "application/json");
        headers.put(WebChatServer.TOKEN_HEADER, token);
        for (int i = 0; i < overrides.length; i += 2) {
            headers.put(overrides[i], overrides[i + 1]);
        }
        return headers;
    }

    private Response chat(Map<String, String> headers, String body) throws IOException {
        return send("POST /api/chat HTTP/1.1", headers, body);
    }

    private Response send(String requestLine, Map<String, String> headers, String body) throws IOException {
        return send(new RawRequest(requestLine, headers, body), () -> {});
    }

    private static RawRequest request(Map<String, String> headers, String body) {
        return new RawRequest("POST /api/chat HTTP/1.1", headers, body);
    }

    private record RawRequest(String line, Map<String, String> headers, String body) {}

    private record Response(int status, Map<String, String> headers, String body) {}

    /** Sends one request on its own connection and reads the whole answer; {@code onStatus} runs once the status line is in. */
    private Response send(RawRequest request, Runnable onStatus) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(request.line()).append("\r\n");
            request.headers()
                    .forEach((name, value) ->
                            head.append(name).append(": ").append(value).append("\r\n"));
            if (request.body() != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            if (statusLine == null) {
                throw new IOException("the server closed the connection without answering");
            }
            onStatus.run();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                responseHeaders.put(
                        line.substring(0, colon).toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rest.append(line).append('\n');
            }
            return new Response(status, responseHeaders, rest.toString());
        }
    }
}
