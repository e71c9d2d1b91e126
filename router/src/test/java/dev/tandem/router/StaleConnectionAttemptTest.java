package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A pooled connection that the server closed while idle costs the routed request no attempt: the remote
 * tier sends once more on a new connection inside its one call, so the breaker and the outcome see one
 * successful attempt, and the server reads the request once.
 */
class StaleConnectionAttemptTest {

    private static final String ANSWER =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    @Test
    void aServerClosedPooledConnectionIsOneSuccessfulAttempt() throws Exception {
        AtomicInteger requestsRead = new AtomicInteger();
        AtomicInteger connectionsClosed = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> answerOncePerConnection(server, requestsRead, connectionsClosed));
            OpenAiCompatibleChatModel remote = OpenAiCompatibleChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1")
                    .modelName("gpt-4o-mini")
                    .build();
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.preset("quality-first"))
                    .tier(Tier.local("local", new ChatModel() {
                                @Override
                                public ChatResponse doChat(ChatRequest chatRequest) {
                                    throw new AssertionError("the local tier is not called in this test");
                                }
                            })
                            .build())
                    .tier(Tier.remote("remote", remote).build())
                    .build();
            ChatRequest request =
                    ChatRequest.builder().messages(UserMessage.from("Hello")).build();
            router.chat(request);
            while (connectionsClosed.get() < 1) {
                Thread.sleep(5);
            }
            // Let the server's FIN reach the pooled connection before it is reused.
            Thread.sleep(50);

            ChatResponse second = router.chat(request);

            assertThat(second.aiMessage().text()).isEqualTo("Hello");
            assertThat(TandemResponseMetadata.from(second).outcome().attempts())
                    .extracting(Attempt::tier, Attempt::status)
                    .containsExactly(tuple("remote", AttemptStatus.SUCCEEDED));
            assertThat(requestsRead).hasValue(2);
        }
    }

    /** Answers one request per connection with keep-alive, then closes it, as with idle connections. */
    private static void answerOncePerConnection(
            ServerSocket server, AtomicInteger requestsRead, AtomicInteger connectionsClosed) {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                for (int i = 0; i < length; i++) {
                    in.read();
                }
                requestsRead.incrementAndGet();
                byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // closed by the test, or a client went away: serve the next connection
            } finally {
                connectionsClosed.incrementAndGet();
            }
        }
    }
}
