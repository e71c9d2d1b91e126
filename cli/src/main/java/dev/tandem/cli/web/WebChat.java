package dev.tandem.cli.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The privacy-first web chat, independent of any HTTP server: {@link WebChatServer} (the CLI's {@code
 * chat --web}) and the example Spring Boot app both serve {@link #page()} and hand each {@code POST} to
 * {@link #answer}. An answer streams as server-sent events, each one {@code event: NAME} with one JSON
 * object as data:
 *
 * <ul>
 *   <li>{@code decision}: the tier chosen, the reasons, the sensitivity and the personal data found (types
 *       and counts), before any tier is called;
 *   <li>{@code redaction}: the types and counts replaced by placeholders before a remote tier saw the
 *       request;
 *   <li>{@code token}: a piece of the answer ({@code {"text": "..."}});
 *   <li>{@code done}: the tier and model that answered, every attempt, and the exact messages sent to a
 *       remote tier ({@code sent}), when one was called;
 *   <li>{@code error}: why no answer came.
 * </ul>
 *
 * <pre>{@code
 * WebChat web = WebChat.create();
 * TandemRouter router = TandemRouter.builder()
 *         .tier(localTier)
 *         .tier(web.recordSentText(remoteTier))     // keeps a copy of what leaves the machine, for the page only
 *         .listener(web.listener())
 *         .build();
 * web.answer(router, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", sink);
 * }</pre>
 *
 * <p>The text sent to a remote tier is held in memory for the one exchange that sent it and goes only to
 * that exchange's page; it is never logged. One answer is produced at a time: this is a chat for the
 * person at this machine, and serialising keeps each event and each sent text with its own answer.
 * Thread-safe.
 */
public final class WebChat {

    /** Where an exchange's events go: an SSE stream. Throws {@link UncheckedIOException} once the page is gone. */
    @FunctionalInterface
    public interface EventSink {
        void send(String event, String json);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private volatile @Nullable Exchange current;

    private WebChat() {}

    public static WebChat create() {
        return new WebChat();
    }

    /** The page: one self-contained HTML file with its script and styles, no external resources. */
    public static byte[] page() {
        try (InputStream in = WebChat.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IllegalStateException("chat.html is missing from the tandem-cli jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Register with the router: forwards each request's decision and redactions to its page. */
    public TandemListener listener() {
        return new TandemListener() {
            @Override
            public void onDecision(DecisionEvent event) {
                Exchange exchange = exchangeFor(event.requestId());
                if (exchange != null) {
                    exchange.decided(event.assessment(), event.decision());
                }
            }

            @Override
            public void onRedaction(RedactionEvent event) {
                Exchange exchange = exchangeFor(event.requestId());
                if (exchange != null) {
                    exchange.redacted(event);
                }
            }
        };
    }

    /**
     * The same remote tier, with a model that keeps a copy of each request it is sent (already redacted by
     * the router) for the page of the exchange that sent it. Local tiers are returned unchanged.
     */
    public Tier recordSentText(Tier tier) {
        if (!tier.isRemote()) {
            return tier;
        }
        return Tier.remote(tier.name(), new SentTextRecorder(tier.name(), tier.chatModel(), this::recordSent))
                .modelName(tier.modelName())
                .contextWindow(tier.contextWindow())
                .build();
    }

    /** Info for the page's header: the policy, the tiers and whether Tandem runs offline. */
    public static String info(TandemRouter router, List<String> notices) {
        ObjectNode info = JSON.createObjectNode();
        info.put("policy", router.policy().name());
        info.put("offline", router.isOffline());
        ArrayNode tiers = info.putArray("tiers");
        router.policy().tiers().values().forEach(declared -> {
            ObjectNode tier = tiers.addObject()
                    .put("name", declared.name())
                    .put("locality", declared.locality().wireName());
            Tier configured = router.tiers().get(declared.name());
            if (configured == null) {
                tier.put("configured", false);
            } else {
                tier.put("configured", true).put("model", configured.modelName());
            }
        });
        ArrayNode notes = info.putArray("notices");
        notices.forEach(notes::add);
        info.put("streaming", isStreaming(router));
        return info.toString();
    }

    /**
     * Answers one request from the page, {@code {"messages": [{"role": "user|assistant|system", "content":
     * "..."}]}}, writing its events to {@code sink}; returns when the answer is complete or failed.
     */
    public void answer(TandemRouter router, String requestJson, EventSink sink) {
        requireNonNull(router, "router");
        requireNonNull(sink, "sink");
        ChatRequest chatRequest;
        try {
            chatRequest = ChatRequest.builder().messages(messages(requestJson)).build();
        } catch (IllegalArgumentException e) {
            sink.send("error", error("InvalidRequest", e.getMessage()));
            return;
        }
        oneAtATime.lock();
        try {
            TandemRequest request = TandemRequest.of(chatRequest, CallerMetadata.none());
            Exchange exchange = new Exchange(sink, isStreaming(router) ? null : request.id());
            current = exchange;
            try {
                ChatResponse response = isStreaming(router)
                        ? stream(router, chatRequest, exchange)
                        : blocking(router, request, exchange);
                exchange.done(response);
            } catch (RuntimeException e) {
                exchange.failed(e);
            } finally {
                current = null;
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    private static boolean isStreaming(TandemRouter router) {
        // Cast through Object: the router implements StreamingChatModel once streaming lands in the router.
        return ((Object) router) instanceof StreamingChatModel;
    }

    private static ChatResponse blocking(TandemRouter router, TandemRequest request, Exchange exchange) {
        ChatResponse response = exchange.onRoutingThread(() -> router.chat(request));
        exchange.token(response.aiMessage().text());
        return response;
    }

    private static ChatResponse stream(TandemRouter router, ChatRequest chatRequest, Exchange exchange) {
        StreamingChatModel streaming = (StreamingChatModel) (Object) router;
        CompletableFuture<ChatResponse> answered = new CompletableFuture<>();
        exchange.onRoutingThread(() -> {
            streaming.chat(chatRequest, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partialResponse) {
                    exchange.token(partialResponse);
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    answered.complete(completeResponse);
                }

                @Override
                public void onError(Throwable error) {
                    answered.completeExceptionally(error);
                }
            });
            return null;
        });
        try {
            return answered.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + ANSWER_TIMEOUT.toMinutes() + " minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering", e);
        }
    }

    private @Nullable Exchange exchangeFor(String requestId) {
        Exchange exchange = current;
        return exchange != null && exchange.owns(requestId) ? exchange : null;
    }

    private void recordSent(String tier, ChatRequest sent) {
        Exchange exchange = current;
        if (exchange != null && exchange.mayRecordFromThisThread()) {
            exchange.sent(tier, sent);
        }
    }

    private static List<ChatMessage> messages(String requestJson) {
        JsonNode body;
        try {
            body = JSON.readTree(requestJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getOriginalMessage());
        }
        JsonNode messages = body == null ? null : body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("the request needs a non-empty \"messages\" array");
        }
        List<ChatMessage> result = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("user");
            String content = message.path("content").asText("");
            if (content.isBlank()) {
                throw new IllegalArgumentException("message " + result.size() + " has no content");
            }
            result.add(
                    switch (role) {
                        case "user" -> UserMessage.from(content);
                        case "assistant" -> AiMessage.from(content);
                        case "system" -> SystemMessage.from(content);
                        default ->
                            throw new IllegalArgumentException(
                                    "message role '" + role + "' is not one of user, assistant, system");
                    });
        }
        return result;
    }

    static String error(String type, @Nullable String message) {
        return JSON.createObjectNode()
                .put("type", type)
                .put("message", message == null ? type : message)
                .toString();
    }

    /** The messages as sent: role and text of each. */
    static ArrayNode renderMessages(ChatRequest request) {
        ArrayNode messages = JSON.createArrayNode();
        for (ChatMessage message : request.messages()) {
            String text = switch (message) {
                case UserMessage user ->
                    user.hasSingleText() ? user.singleText() : user.contents().toString();
                case AiMessage ai -> ai.text() == null ? "" : ai.text();
                case SystemMessage system -> system.text();
                default -> message.toString();
            };
            messages.addObject()
                    .put("role", message.type().name().toLowerCase(Locale.ROOT))
                    .put("text", text);
        }
        return messages;
    }

    /** One question and its answer: the events for one page request. */
    private static final class Exchange {
        private final EventSink sink;
        private volatile @Nullable String requestId;
        private final Map<String, Integer> redactions = new TreeMap<>();
        private final ArrayNode sent = JSON.createArrayNode();
        private @Nullable Thread routingThread;

        Exchange(EventSink sink, @Nullable String requestId) {
            this.sink = sink;
            this.requestId = requestId;
        }

        /** Blocking requests are known by id; a streamed one adopts the id of the first decision it sees. */
        synchronized boolean owns(String id) {
            if (requestId == null) {
                requestId = id;
            }
            return requestId.equals(id);
        }

        <T> T onRoutingThread(Supplier<T> call) {
            synchronized (this) {
                routingThread = Thread.currentThread();
            }
            try {
                return call.get();
            } finally {
                synchronized (this) {
                    routingThread = null;
                }
            }
        }

        /**
         * A remote call on the routing thread is ours; one on another thread (a streamed fallback) is ours
         * once this exchange has its decision, since exchanges run one at a time.
         */
        synchronized boolean mayRecordFromThisThread() {
            return routingThread == Thread.currentThread() || requestId != null;
        }

        void decided(Assessment assessment, Decision decision) {
            ObjectNode event = JSON.createObjectNode();
            event.put("tier", decision.tier());
            event.put("locality", decision.locality().wireName());
            event.put("remoteAllowed", decision.remoteAllowed());
            ArrayNode fallbacks = event.putArray("fallbacks");
            decision.fallbacks().forEach(fallbacks::add);
            ArrayNode reasons = event.putArray("reasons");
            decision.reasons().stream().map(Reason::describe).forEach(reasons::add);
            event.put("sensitivity", assessment.privacy().sensitivity().wireName());
            event.put("difficulty", Math.round(assessment.difficulty().score() * 100) / 100.0);
            ObjectNode found = event.putObject("found");
            assessment.privacy().countsByType().forEach((type, count) -> found.put(type.name(), count));
            ArrayNode planned = event.putArray("redactionPlan");
            decision.redaction().types().stream().map(EntityType::name).forEach(planned::add);
            send("decision", event.toString());
        }

        void redacted(RedactionEvent event) {
            ObjectNode json = JSON.createObjectNode().put("tier", event.tier());
            ObjectNode counts = json.putObject("counts");
            event.counts().forEach((type, count) -> counts.put(type.name(), count));
            synchronized (this) {
                event.counts().forEach((type, count) -> redactions.merge(type.name(), count, Integer::sum));
            }
            send("redaction", json.toString());
        }

        synchronized void sent(String tier, ChatRequest request) {
            sent.addObject().put("tier", tier).set("messages", renderMessages(request));
        }

        void token(@Nullable String piece) {
            if (piece == null || piece.isEmpty()) {
                return;
            }
            send("token", JSON.createObjectNode().put("text", piece).toString());
        }

        void done(ChatResponse response) {
            TandemResponseMetadata routing = TandemResponseMetadata.from(response);
            Outcome outcome = routing.outcome();
            ObjectNode done = JSON.createObjectNode();
            done.put("tier", outcome.tier());
            done.put("locality", outcome.locality().wireName());
            done.put("model", outcome.model());
            done.put("latencyMs", outcome.latency().toMillis());
            done.put("degraded", outcome.degraded());
            done.set("attempts", attempts(outcome.attempts()));
            ArrayNode reasons = done.putArray("reasons");
            routing.decision().reasons().stream().map(Reason::describe).forEach(reasons::add);
            synchronized (this) {
                ObjectNode counts = done.putObject("redactions");
                redactions.forEach(counts::put);
                done.set("sent", sent);
                done.put("text", response.aiMessage().text());
            }
            send("done", done.toString());
        }

        void failed(RuntimeException e) {
            if (e instanceof NoRouteAvailableException noRoute) {
                ObjectNode json = (ObjectNode) readTree(error(e.getClass().getSimpleName(), e.getMessage()));
                json.set("attempts", attempts(noRoute.attempts()));
                send("error", json.toString());
                return;
            }
            send("error", error(e.getClass().getSimpleName(), e.getMessage()));
        }

        private void send(String event, String json) {
            sink.send(event, json);
        }

        private static ArrayNode attempts(List<Attempt> attempts) {
            ArrayNode array = JSON.createArrayNode();
            for (Attempt attempt : attempts) {
                array.addObject()
                        .put("tier", attempt.tier())
                        .put("locality", attempt.locality().wireName())
                        .put("model", attempt.model())
                        .put("status", attempt.status().wireName())
                        .put("redacted", attempt.redacted())
                        .put("latencyMs", attempt.latency().toMillis())
                        .put("error", attempt.failure().map(Failure::type).orElse(null));
            }
            return array;
        }

        private static JsonNode readTree(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
