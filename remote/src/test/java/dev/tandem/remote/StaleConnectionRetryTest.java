package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tandem.core.exception.TierUnavailableException;
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

/** A pooled connection the server closed while it was idle is replaced once, without a second request. */
class StaleConnectionRetryTest extends WireMockTestBase {

    private static final String ANSWER =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    @Test
    void sendsOnceMoreOnANewConnectionWhenTheServerClosedThePooledOneWhileIdle() throws Exception {
        try (ClosingServer server = new ClosingServer()) {
            OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                    .baseUrl(server.baseUrl())
                    .modelName(MODEL)
                    .build();

            String first = model.chat("Hi");
            server.awaitClosed(1);
            String second = model.chat("Hi again");

            assertThat(first).isEqualTo("Hello");
            assertThat(second).isEqualTo("Hello");
            // The second request went into the closed connection unread, then once over a new one.
            assertThat(server.requestsRead()).isEqualTo(2);
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void doesNotSendAgainWhenAFreshConnectionEndsBeforeTheAnswer() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        OpenAiCompatibleChatModel model = model().build();

        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not be reached");
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void doesNotSendAgainWhenThePooledConnectionBreaksAfterBytesOfTheAnswer() {
        wireMock.stubFor(post(PATH)
                .inScenario("garbled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(ANSWER))
                .willSetStateTo("broken"));
        wireMock.stubFor(post(PATH)
                .inScenario("garbled")
                .whenScenarioStateIs("broken")
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        OpenAiCompatibleChatModel model = model().build();
        model.chat("Hi");

        assertThatThrownBy(() -> model.chat("Hi again")).isInstanceOf(TierUnavailableException.class);
        wireMock.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    /**
     * An HTTP/1.1 server on 127.0.0.1 that answers one request per connection with keep-alive, then closes
     * the connection, as a server does with idle connections beyond its limit: the client's pool keeps it.
     */
    private static final class ClosingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final Thread acceptor;

        ClosingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofPlatform().daemon().start(this::serve);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        }

        int requestsRead() {
            return requests.get();
        }

        int connectionsAccepted() {
            return connections.get();
        }

        void awaitClosed(int count) throws InterruptedException {
            while (closed.get() < count) {
                Thread.sleep(5);
            }
            // Let the FIN reach the client's socket before it reuses the connection.
            Thread.sleep(50);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
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
                    requests.incrementAndGet();
                    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                    + "\r\nConnection: keep-alive\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // The socket was closed by close(), or a client went away: serve the next one.
                } finally {
                    closed.incrementAndGet();
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5_000);
        }
    }
}
