package dev.tandem.bench.internal;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * An OpenAI-compatible Chat Completions endpoint on 127.0.0.1 that answers every POST at once with the
 * same canned JSON: the JDK's {@link HttpServer} with one virtual thread per exchange. It stands in for
 * the remote tier, so what is measured is the router and the HTTP client, not a model.
 */
public final class LoopbackServer implements AutoCloseable {

    /** A Chat Completions answer like OpenAI's, with usage. */
    public static final String CANNED_ANSWER = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"bench-remote",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"The export step times out because \
            the new driver fetches the whole batch before writing; lower the batch size to 100."},\
            "logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":212,"completion_tokens":24,"total_tokens":236}}""";

    /** The same answer as a Chat Completions event stream, for requests with {@code "stream": true}. */
    public static final String STREAMED_ANSWER = """
            data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"bench-remote",\
            "choices":[{"index":0,"delta":{"role":"assistant","content":"The export step times out"},"finish_reason":null}]}

            data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"bench-remote",\
            "choices":[{"index":0,"delta":{"content":" because the new driver fetches the whole batch."},\
            "finish_reason":"stop"}]}

            data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"bench-remote",\
            "choices":[],"usage":{"prompt_tokens":212,"completion_tokens":14,"total_tokens":226}}

            data: [DONE]

            """;

    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    private final HttpServer server;
    private final ExecutorService executor;
    private final OkHttpClient client;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        // One shared client, with a pool large enough to keep a connection per concurrent caller alive.
        this.client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .build();
    }

    public static LoopbackServer start() {
        // The JDK server closes idle connections beyond 200 (its default), which OkHttp then finds dead on
        // reuse: 256 callers would see IOExceptions that open the remote tier's circuit breaker. Read once,
        // when the first server in the JVM starts.
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "1024");
        }
        byte[] body = CANNED_ANSWER.getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            byte[] events = STREAMED_ANSWER.getBytes(StandardCharsets.UTF_8);
            server.createContext("/v1/chat/completions", exchange -> {
                byte[] request;
                try (InputStream in = exchange.getRequestBody()) {
                    request = in.readAllBytes();
                }
                boolean stream = new String(request, StandardCharsets.UTF_8).contains("\"stream\":true");
                exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
                exchange.sendResponseHeaders(200, stream ? events.length : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(stream ? events : body);
                }
            });
            server.start();
            return new LoopbackServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the loopback server on 127.0.0.1", e);
        }
    }

    /** The API root, like {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The shared OkHttp client, for the direct baseline and the remote tier alike. */
    public OkHttpClient client() {
        return client;
    }

    /** The remote tier pointed at this server, on the shared client. */
    public OpenAiCompatibleChatModel remoteModel() {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl(baseUrl())
                .modelName("bench-remote")
                .httpClient(client)
                .readTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
