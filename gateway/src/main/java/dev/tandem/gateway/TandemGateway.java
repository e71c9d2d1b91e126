package dev.tandem.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.gateway.internal.ApiError;
import dev.tandem.gateway.internal.CompletionRequest;
import dev.tandem.gateway.internal.CompletionResponse;
import dev.tandem.policy.Budget;
import dev.tandem.policy.TierDeclaration;
import dev.tandem.router.TandemRouter;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP gateway in front of a {@link TandemRouter}, so that any OpenAI client, in
 * any language, gets Tandem's routing: point it at {@code http://HOST:PORT/v1} and use model {@code
 * tandem} (routed by the policy) or a tier's name (pinned to that tier when the policy lets the request go
 * there).
 *
 * <pre>{@code
 * try (TandemGateway gateway = TandemGateway.builder(router)
 *         .config(GatewayConfig.custom().port(8080).build())
 *         .apiKeys(ApiKeys.load(Path.of("keys.txt")))
 *         .meterRegistry(prometheus)          // the registry the router's TandemMetrics writes to
 *         .start()) {
 *     gateway.awaitShutdown();
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /v1/chat/completions}</td><td>blocking, or SSE with {@code stream: true}; tools,
 *       {@code response_format}, {@code stream_options.include_usage}; errors in OpenAI's shape</td></tr>
 *   <tr><td>{@code GET /v1/models}</td><td>{@code tandem} and the policy's configured tiers</td></tr>
 *   <tr><td>{@code GET /health}</td><td>liveness, and readiness per tier (503 when no tier can serve)</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text format</td></tr>
 * </table>
 *
 * <p>Each answer carries its routing in {@code x-tandem-tier}, {@code x-tandem-model}, {@code
 * x-tandem-reasons} and {@code x-tandem-redactions} headers (blocking answers) and in a {@code tandem}
 * field (the body, or a stream's last chunk). Nothing is logged with prompt or answer text. Thread-safe;
 * {@link #close()} stops taking requests and lets those in flight, streams included, finish within the
 * configured grace.
 */
public final class TandemGateway implements AutoCloseable {

    /** The model name that routes by policy. */
    public static final String AUTO_MODEL = "tandem";

    /** The caller header that pins a tier; the router honours it only where the policy allows the tier. */
    public static final String PIN_HEADER = dev.tandem.router.decide.TierPin.HEADER;

    private static final Logger log = LoggerFactory.getLogger(TandemGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final TandemRouter router;
    private final GatewayConfig config;
    private final ApiKeys apiKeys;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final Semaphore slots;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final WebServer server;

    private TandemGateway(Builder builder) {
        this.router = builder.router;
        this.config = builder.config;
        this.apiKeys = builder.apiKeys;
        this.registry =
                builder.registry != null ? builder.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = builder.clock;
        this.slots = new Semaphore(config.maxConcurrentRequests(), true);
        if (!config.loopbackOnly() && !apiKeys.required()) {
            throw new IllegalArgumentException("The gateway listens on " + config.host()
                    + ", beyond this machine, so it needs API keys: pass a keys file (TENANT SHA256-HEX per line).");
        }
        this.server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                // The handler enforces the body limit itself to answer 413 in OpenAI's shape; this is the backstop.
                .maxPayloadSize(2L * config.maxBodyBytes())
                .shutdownGracePeriod(config.shutdownGrace())
                .addProtocol(Http1Config.builder()
                        .maxHeadersSize(config.maxHeaderBytes())
                        .maxPrologueLength(4096)
                        .build())
                .routing(routing -> routing.post("/v1/chat/completions", this::chatCompletions)
                        .get("/v1/models", this::models)
                        .get("/health", this::health)
                        .get("/metrics", this::metrics)
                        .any(this::unknownRoute))
                .build();
    }

    public static Builder builder(TandemRouter router) {
        return new Builder(router);
    }

    /** The port it listens on (the chosen one when the config asked for 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://HOST:PORT}; clients use {@code baseUrl() + "/v1"}. */
    public String baseUrl() {
        return "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port();
    }

    /**
     * Stops taking requests (new ones get 503), waits up to the grace period for those in flight, streams
     * included, then stops the server.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (slots.tryAcquire(
                    config.maxConcurrentRequests(), config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(config.maxConcurrentRequests());
            } else {
                log.warn(
                        "Stopping with requests still in flight after the {} s grace period",
                        config.shutdownGrace().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
    }

    private void chatCompletions(ServerRequest request, ServerResponse response) {
        if (closing.get()) {
            fail(response, ApiError.overloaded("The gateway is shutting down; retry on another replica."));
            return;
        }
        boolean acquired;
        try {
            acquired = slots.tryAcquire(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            fail(
                    response,
                    ApiError.overloaded("All " + config.maxConcurrentRequests()
                            + " request slots of this gateway are busy; retry later."));
            return;
        }
        try {
            String tenant = authenticate(request);
            CompletionRequest completion = CompletionRequest.parse(body(request), config.strict());
            Optional<String> pinned = pinnedTier(completion.model());
            CallerMetadata.Builder caller = CallerMetadata.builder()
                    .tags(completion.tags())
                    .classification(completion.classification())
                    .deadline(clock.instant().plus(config.requestTimeout()));
            if (tenant != null) {
                caller.tenant(tenant);
            }
            pinned.ifPresent(tier -> caller.header(PIN_HEADER, tier));
            TandemRequest routed = TandemRequest.of(completion.chatRequest(), caller.build());
            String id = "chatcmpl-" + routed.id();
            long created = clock.instant().getEpochSecond();
            if (completion.stream()
                    && !completion.chatRequest().toolSpecifications().isEmpty()) {
                // Tiers stream text only; a tool call is whole or useless, so it is answered at once as one stream.
                streamWhole(router.chat(routed), completion, id, created, response);
            } else if (completion.stream()) {
                stream(routed, completion, id, created, response);
            } else {
                ChatResponse answer = router.chat(routed);
                count(200);
                CompletionResponse.headers(answer).forEach(response::header);
                send(response, 200, CompletionResponse.completion(id, created, answer));
            }
        } catch (ApiError e) {
            fail(response, e);
        } catch (TandemException e) {
            fail(response, translate(e));
        } finally {
            slots.release();
        }
    }

    private void stream(
            TandemRequest routed, CompletionRequest completion, String id, long created, ServerResponse response) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        StreamingHandle handle = router.chat(routed, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                events.add(partial.text());
            }

            @Override
            public void onPartialResponse(String text) {
                events.add(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse answer) {
                events.add(answer);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }
        });
        Instant deadline = clock.instant().plus(config.requestTimeout());
        Object first = next(events, deadline);
        if (first instanceof Throwable error) {
            // Nothing was sent yet, so the client gets a proper status.
            fail(response, error instanceof TandemException tandem ? translate(tandem) : serverError());
            return;
        }
        if (first == null) {
            handle.cancel();
            fail(response, ApiError.upstream(504, "No answer began within the request timeout.", "timeout"));
            return;
        }
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        count(200);
        try (OutputStream out = response.outputStream()) {
            ObjectNode role = CompletionResponse.delta();
            role.put("role", "assistant");
            role.put("content", "");
            write(out, CompletionResponse.chunk(id, created, AUTO_MODEL, role, null));
            Object event = first;
            while (true) {
                if (event instanceof String text) {
                    ObjectNode delta = CompletionResponse.delta();
                    delta.put("content", text);
                    write(out, CompletionResponse.chunk(id, created, AUTO_MODEL, delta, null));
                } else if (event instanceof ChatResponse answer) {
                    write(out, CompletionResponse.lastChunk(id, created, answer));
                    if (completion.includeUsage()) {
                        write(out, CompletionResponse.usageChunk(id, created, answer));
                    }
                    break;
                } else if (event instanceof Throwable error) {
                    write(out, (error instanceof TandemException tandem ? translate(tandem) : serverError()).body());
                    break;
                } else {
                    handle.cancel();
                    write(
                            out,
                            ApiError.upstream(504, "The answer did not finish within the request timeout.", "timeout")
                                    .body());
                    break;
                }
                event = next(events, deadline);
            }
            out.write(DONE);
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            // The client went away: stop the tier instead of generating for no one.
            handle.cancel();
        }
    }

    private void streamWhole(
            ChatResponse answer, CompletionRequest completion, String id, long created, ServerResponse response) {
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        CompletionResponse.headers(answer).forEach(response::header);
        count(200);
        try (OutputStream out = response.outputStream()) {
            ObjectNode role = CompletionResponse.delta();
            role.put("role", "assistant");
            String text = answer.aiMessage().text();
            if (text != null && !text.isEmpty()) {
                role.put("content", text);
            }
            write(out, CompletionResponse.chunk(id, created, AUTO_MODEL, role, null));
            write(out, CompletionResponse.lastChunk(id, created, answer));
            if (completion.includeUsage()) {
                write(out, CompletionResponse.usageChunk(id, created, answer));
            }
            out.write(DONE);
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            log.debug("The client left before the answer was written");
        }
    }

    private static Object next(BlockingQueue<Object> events, Instant deadline) {
        try {
            long wait = Duration.between(Instant.now(), deadline).toMillis();
            return wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void write(OutputStream out, JsonNode event) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The tenant of the request's key; null when the gateway takes no keys. */
    private String authenticate(ServerRequest request) {
        if (!apiKeys.required()) {
            return null;
        }
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized("You didn't provide an API key. Send it as 'Authorization: Bearer KEY'.");
        }
        return apiKeys.tenantOf(authorization.get().substring(7).strip())
                .orElseThrow(() -> ApiError.unauthorized("Incorrect API key provided."));
    }

    private byte[] body(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > config.maxBodyBytes()) {
            throw ApiError.tooLarge(config.maxBodyBytes());
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(config.maxBodyBytes() + 1);
            if (body.length > config.maxBodyBytes()) {
                throw ApiError.tooLarge(config.maxBodyBytes());
            }
            return body;
        } catch (IOException e) {
            throw ApiError.invalidJson("The body could not be read.");
        } catch (RuntimeException e) {
            if (e instanceof ApiError api) {
                throw api;
            }
            // Helidon's own payload backstop.
            throw ApiError.tooLarge(config.maxBodyBytes());
        }
    }

    /** Empty for the auto model; the tier for a tier's name; 404 for anything else. */
    private Optional<String> pinnedTier(String model) {
        if (model.equals(AUTO_MODEL)) {
            return Optional.empty();
        }
        if (router.tiers().containsKey(model)) {
            return Optional.of(model);
        }
        throw ApiError.modelNotFound(model, modelNames().toString());
    }

    private java.util.List<String> modelNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add(AUTO_MODEL);
        names.addAll(router.tiers().keySet());
        return names;
    }

    private ApiError translate(TandemException e) {
        if (e instanceof RequestRefusedException refused) {
            if (refused.rule().startsWith("budget:")) {
                return ApiError.budgetExceeded(
                        "The budget '" + refused.rule().substring(7) + "' of this key's tenant is used up: "
                                + refused.reason(),
                        secondsUntilReset(refused.rule().substring(7)));
            }
            return ApiError.refused(refused.getMessage());
        }
        if (e instanceof InvalidRequestException) {
            return ApiError.invalidRequest(e.getMessage(), null);
        }
        if (e instanceof NoRouteAvailableException) {
            // Its message lists each tier tried and why it failed: types and tier names, never request text.
            return ApiError.upstream(502, e.getMessage(), "no_route_available");
        }
        return ApiError.upstream(500, e.getClass().getSimpleName() + ": " + e.getMessage(), "tandem_error");
    }

    private long secondsUntilReset(String budgetName) {
        ZoneId zone = router.policy().budgets().zone();
        Budget.Period period = router.policy().budgets().budgets().stream()
                .filter(budget -> budget.name().equals(budgetName))
                .map(Budget::period)
                .findFirst()
                .orElse(Budget.Period.DAY);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        LocalDate next = period == Budget.Period.DAY
                ? now.toLocalDate().plusDays(1)
                : now.toLocalDate().withDayOfMonth(1).plusMonths(1);
        return Math.max(1, Duration.between(now, next.atStartOfDay(zone)).toSeconds());
    }

    private static ApiError serverError() {
        return ApiError.upstream(500, "The gateway failed to answer; see its log.", "internal_error");
    }

    private void models(ServerRequest request, ServerResponse response) {
        try {
            authenticate(request);
        } catch (ApiError e) {
            fail(response, e);
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        ObjectNode auto = data.addObject();
        auto.put("id", AUTO_MODEL);
        auto.put("object", "model");
        auto.put("created", 0);
        auto.put("owned_by", "tandem");
        // In the policy's order, the configured tiers only.
        for (TierDeclaration declared : router.policy().tiers().values()) {
            Tier tier = router.tiers().get(declared.name());
            if (tier == null) {
                continue;
            }
            ObjectNode model = data.addObject();
            model.put("id", declared.name());
            model.put("object", "model");
            model.put("created", 0);
            model.put("owned_by", "tandem:" + tier.locality().wireName());
        }
        send(response, 200, root);
    }

    private void health(ServerRequest request, ServerResponse response) {
        ObjectNode root = JSON.createObjectNode();
        root.put("live", !closing.get());
        ObjectNode tiers = root.putObject("tiers");
        boolean ready = false;
        for (TierDeclaration declared : router.policy().tiers().values()) {
            ObjectNode node = tiers.putObject(declared.name());
            node.put("locality", declared.locality().wireName());
            Tier tier = router.tiers().get(declared.name());
            boolean configured = tier != null;
            boolean healthy = configured && router.resilience().health().isHealthy(declared.name());
            node.put("configured", configured);
            node.put("ready", healthy);
            if (configured) {
                node.put("model", tier.modelName());
            }
            ready |= healthy;
        }
        ready &= !closing.get();
        root.put("ready", ready);
        send(response, ready ? 200 : 503, root);
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void unknownRoute(ServerRequest request, ServerResponse response) {
        String path = request.path().path();
        boolean known = path.equals("/v1/chat/completions")
                || path.equals("/v1/models")
                || path.equals("/health")
                || path.equals("/metrics");
        fail(
                response,
                known ? ApiError.methodNotAllowed(request.prologue().method().text(), path) : ApiError.notFound(path));
    }

    private void fail(ServerResponse response, ApiError error) {
        count(error.status());
        error.retryAfterSeconds()
                .ifPresent(seconds -> response.header(HeaderNames.RETRY_AFTER, Long.toString(seconds)));
        send(response, error.status(), error.body());
    }

    private void count(int status) {
        Counter.builder("tandem.gateway.responses")
                .description("Chat completion responses of the gateway, by HTTP status")
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    private static void send(ServerResponse response, int status, JsonNode body) {
        try {
            response.status(Status.create(status));
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds and starts a {@link TandemGateway}. */
    public static final class Builder {
        private final TandemRouter router;
        private GatewayConfig config = GatewayConfig.ofDefaults();
        private ApiKeys apiKeys = ApiKeys.none();
        private PrometheusMeterRegistry registry;
        private Clock clock = Clock.systemUTC();

        private Builder(TandemRouter router) {
            this.router = requireNonNull(router, "router");
        }

        public Builder config(GatewayConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /** Default: none, which only a gateway on the loopback interface accepts. */
        public Builder apiKeys(ApiKeys apiKeys) {
            this.apiKeys = requireNonNull(apiKeys, "apiKeys");
            return this;
        }

        /** The registry {@code GET /metrics} scrapes; give it to the router's {@code TandemMetrics} too. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts listening.
         *
         * @throws IllegalArgumentException when it would listen beyond this machine without API keys
         */
        public TandemGateway start() {
            TandemGateway gateway = new TandemGateway(this);
            gateway.server.start();
            log.info("Tandem gateway listening on {} ({} API keys)", gateway.baseUrl(), gateway.apiKeys.size());
            return gateway;
        }
    }
}
