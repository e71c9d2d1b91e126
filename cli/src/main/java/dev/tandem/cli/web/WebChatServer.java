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
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Serves the {@link WebChat} page on the JDK's built-in HTTP server, on loopback unless told otherwise:
 * {@code GET /} the page, {@code GET /api/info} the policy and tiers, {@code POST /api/chat} an answer as
 * server-sent events.
 *
 * <pre>{@code
 * try (WebChatServer server = WebChatServer.start(router, web, 8080, notices)) {
 *     System.out.println("Open " + server.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>Any web page the person visits can make their browser send requests to this server, and a DNS
 * rebinding attack can make it look same-origin. So, before anything else, every request must name this
 * server in {@code Host} (a loopback name or the configured bind host, with this port), and any
 * {@code Origin} must be this server too; every API call must carry the per-session token that only the
 * served page holds, in {@code X-Tandem-Token}; a chat must be {@code application/json} and at most
 * {@value #MAX_BODY_BYTES} bytes; and at most {@value #MAX_CONCURRENT_CHATS} chats may be in flight (others
 * get 503). A refused request gets a short JSON error and never reaches the router.
 *
 * <p>Port 0 picks a free port. Requests are served on virtual threads; answers are produced one at a time.
 */
public final class WebChatServer implements AutoCloseable {

    /** The largest chat request accepted: a long conversation fits many times over. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /** Chats in flight (one answering, the rest waiting their turn) before the server answers 503. */
    public static final int MAX_CONCURRENT_CHATS = 4;

    /** The request header that must carry the session token on every API call. */
    public static final String TOKEN_HEADER = "X-Tandem-Token";

    private static final String TOKEN_SLOT = "<meta name=\"tandem-token\" content=\"\">";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private WebChatServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /**
     * Starts serving on loopback; returns once the port is bound.
     *
     * @param web the chat whose listener and sent-text recorder the router was built with
     * @param notices what the person should know before the first answer (shown on the page)
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static WebChatServer start(TandemRouter router, WebChat web, int port, List<String> notices) {
        return start(router, web, null, port, notices);
    }

    /**
     * Starts serving on {@code bindHost} (loopback when null); returns once the port is bound. Requests must
     * then name {@code bindHost} or a loopback name in {@code Host}. Callers must make the person opt in to
     * a non-loopback address: see {@link #isLoopback(String)}.
     *
     * @throws UncheckedIOException when the host cannot be resolved or the port cannot be bound
     */
    public static WebChatServer start(
            TandemRouter router, WebChat web, @Nullable String bindHost, int port, List<String> notices) {
        requireNonNull(router, "router");
        requireNonNull(web, "web");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        InetAddress address = bindHost == null ? InetAddress.getLoopbackAddress() : resolve(bindHost);
        String where = bindHost == null ? "127.0.0.1" : bindHost;
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + where + ":" + port + " (" + e.getMessage() + "); pick another --port", e);
        }
        Guard guard = new Guard(bindHost, server.getAddress().getPort(), newToken());
        byte[] page = guard.pageWithToken(WebChat.page());
        byte[] info = WebChat.info(router, notices).getBytes(StandardCharsets.UTF_8);
        Semaphore chats = new Semaphore(MAX_CONCURRENT_CHATS);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (guard.refusesOrigin(exchange)) {
                    return;
                }
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
                if (guard.refusesOrigin(exchange) || guard.refusesToken(exchange)) {
                    return;
                }
                respond(exchange, 200, "application/json", info);
            }
        });
        server.createContext("/api/chat", exchange -> {
            try (exchange) {
                if (guard.refusesOrigin(exchange) || guard.refusesToken(exchange)) {
                    return;
                }
                if (!exchange.getRequestMethod().equals("POST")) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    refuse(exchange, 405, "MethodNotAllowed", "POST only");
                    return;
                }
                if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    refuse(exchange, 415, "UnsupportedMediaType", "the chat API takes application/json only");
                    return;
                }
                if (!chats.tryAcquire()) {
                    exchange.getResponseHeaders().set("Retry-After", "5");
                    refuse(exchange, 503, "Busy", MAX_CONCURRENT_CHATS + " chats are already in flight; retry shortly");
                    return;
                }
                try {
                    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
                    if (body.length > MAX_BODY_BYTES) {
                        refuse(exchange, 413, "TooLarge", "the request is over " + MAX_BODY_BYTES + " bytes");
                        return;
                    }
                    answer(router, web, exchange, new String(body, StandardCharsets.UTF_8));
                } finally {
                    chats.release();
                }
            } catch (UncheckedIOException pageGone) {
                // The page was closed mid-answer; nothing is left to tell it.
            }
        });
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new WebChatServer(server, executor, where);
    }

    /** Whether {@code host} names only this machine; anything else exposes the chat to the network. */
    public static boolean isLoopback(String host) {
        return resolve(host).isLoopbackAddress();
    }

    /**
     * {@code tandem chat --web}: serves the page, prints its address and the notices to {@code out}, and
     * returns when the thread is interrupted (Ctrl+C ends the process instead). A non-loopback {@code
     * bindHost} gets a warning naming the risk.
     */
    public static void serveUntilInterrupted(
            TandemRouter router,
            WebChat web,
            @Nullable String bindHost,
            int port,
            List<String> notices,
            PrintStream out) {
        try (WebChatServer server = start(router, web, bindHost, port, notices)) {
            if (bindHost != null && !isLoopback(bindHost)) {
                out.println("Warning: the web chat listens on " + bindHost + ", not only on this machine. Anyone"
                        + " who can reach that address and obtain the page can chat through your router: read"
                        + " the answers and spend your remote API key. Use it only on a network you trust.");
            }
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
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + name + ":" + port() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void answer(TandemRouter router, WebChat web, HttpExchange exchange, String body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush(); // the page learns at once that its chat was accepted, even while it waits its turn
        web.answer(router, body, (event, json) -> {
            try {
                out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        return mediaType.equalsIgnoreCase("application/json");
    }

    private static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the web chat's bind host '" + host + "'", e);
        }
    }

    private static void refuse(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(
                exchange,
                status,
                "application/json",
                WebChat.error(type, message).getBytes(StandardCharsets.UTF_8));
    }

    /** The checks that tell this server's own page apart from any other page or host. */
    private record Guard(@Nullable String bindHost, int port, String token) {

        byte[] pageWithToken(byte[] page) {
            String html = new String(page, StandardCharsets.UTF_8);
            if (!html.contains(TOKEN_SLOT)) {
                throw new IllegalStateException("chat.html has no tandem-token meta tag to carry the session token");
            }
            return html.replace(TOKEN_SLOT, "<meta name=\"tandem-token\" content=\"" + token + "\">")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Refuses (403) a request whose Host is not this server, or whose Origin is another site. */
        boolean refusesOrigin(HttpExchange exchange) throws IOException {
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            if (hostHeader == null || !namesThisServer(hostHeader)) {
                refuse(exchange, 403, "ForeignHost", "this server answers only requests addressed to it");
                return true;
            }
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null && !isThisServer(origin)) {
                refuse(exchange, 403, "CrossOrigin", "this server answers only its own page");
                return true;
            }
            return false;
        }

        /** Refuses (403) an API call without this session's token; compared in constant time. */
        boolean refusesToken(HttpExchange exchange) throws IOException {
            String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                refuse(exchange, 403, "MissingToken", "the API needs the " + TOKEN_HEADER + " of the served page");
                return true;
            }
            return false;
        }

        private boolean isThisServer(String origin) {
            URI uri;
            try {
                uri = new URI(origin);
            } catch (URISyntaxException e) {
                return false;
            }
            return "http".equalsIgnoreCase(uri.getScheme())
                    && uri.getRawPath() != null
                    && uri.getRawPath().isEmpty()
                    && uri.getRawAuthority() != null
                    && namesThisServer(uri.getRawAuthority());
        }

        /** {@code name:port} (port 80 may go unsaid), name a loopback name or the bind host, port this server's. */
        private boolean namesThisServer(String authority) {
            int colon = authority.lastIndexOf(':');
            boolean portGiven = colon >= 0 && colon > authority.lastIndexOf(']');
            String name = (portGiven ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
            String givenPort = portGiven ? authority.substring(colon + 1) : "80";
            if (!givenPort.equals(Integer.toString(port))) {
                return false;
            }
            return LOOPBACK_NAMES.contains(name)
                    || (bindHost != null
                            && (name.equalsIgnoreCase(bindHost) || name.equalsIgnoreCase("[" + bindHost + "]")));
        }
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
