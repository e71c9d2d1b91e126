package dev.tandem.cli.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the {@link WebChat} page on the JDK's built-in HTTP server, bound to 127.0.0.1 only: {@code GET
 * /} the page, {@code GET /api/info} the policy and tiers, {@code POST /api/chat} an answer as server-sent
 * events.
 *
 * <pre>{@code
 * try (WebChatServer server = WebChatServer.start(router, web, 8080, notices)) {
 *     System.out.println("Open " + server.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>Port 0 picks a free port. Requests are served on virtual threads; answers are produced one at a time.
 */
public final class WebChatServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private WebChatServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving; returns once the port is bound.
     *
     * @param web the chat whose listener and sent-text recorder the router was built with
     * @param notices what the person should know before the first answer (shown on the page)
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static WebChatServer start(TandemRouter router, WebChat web, int port, List<String> notices) {
        requireNonNull(router, "router");
        requireNonNull(web, "web");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); pick another --port", e);
        }
        byte[] page = WebChat.page();
        String info = WebChat.info(router, notices);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (!exchange.getRequestMethod().equals("GET") || !(path.equals("/") || path.equals("/index.html"))) {
                    respond(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                respond(exchange, 200, "text/html; charset=utf-8", page);
            }
        });
        server.createContext("/api/info", exchange -> {
            try (exchange) {
                respond(exchange, 200, "application/json", info.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/api/chat", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    respond(exchange, 405, "text/plain", "POST only\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                web.answer(router, body, (event, json) -> {
                    try {
                        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException pageGone) {
                // The page was closed mid-answer; nothing is left to tell it.
            }
        });
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new WebChatServer(server, executor);
    }

    /**
     * {@code tandem chat --web}: serves the page, prints its address and the notices to {@code out}, and
     * returns when the thread is interrupted (Ctrl+C ends the process instead).
     */
    public static void serveUntilInterrupted(
            TandemRouter router, WebChat web, int port, List<String> notices, PrintStream out) {
        try (WebChatServer server = start(router, web, port, notices)) {
            notices.forEach(notice -> out.println("Note: " + notice));
            out.println("Tandem web chat (policy " + router.policy().name() + ") on " + server.uri()
                    + " - press Ctrl+C to stop.");
            out.flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the page is, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
