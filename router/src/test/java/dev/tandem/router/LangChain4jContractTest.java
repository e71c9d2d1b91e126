package dev.tandem.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.exception.UnmetNeedsException;
import dev.tandem.core.tier.Tier;
import dev.tandem.core.tier.TierFeature;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j contract through the router, with the real remote tier over HTTP (WireMock): tools
 * reach a tier that serves them and pass back untouched, tiers that lack a need are dropped with a reason
 * or the request fails before any call, streamed tool calls and thinking are forwarded, the handler gets
 * exactly one terminal callback, listeners attach, and a remote-only policy routes with fallback.
 */
class LangChain4jContractTest {

    private static final String PATH = "/v1/chat/completions";

    private static final ToolSpecification WEATHER = ToolSpecification.builder()
            .name("get_weather")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("city")
                    .required("city")
                    .build())
            .build();

    private static final String TOOL_CALL_ANSWER = """
            {"id":"chatcmpl-AbC","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_Pz1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],
               "refusal":null},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":81,"completion_tokens":16,"total_tokens":97}}""";

    private static final Policy LOCAL_FIRST = PolicyLoader.parse("""
            name: local-first
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: local, fallback: [remote]}
            """, "local-first.yaml");

    private static final Policy KEEP_LOCAL = PolicyLoader.parse("""
            name: keep-local
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              keep-local: {}
            """, "keep-local.yaml");

    private static final Policy REMOTE_ONLY = PolicyLoader.parse("""
            name: remote-only
            tiers:
              primary: {locality: remote}
              backup: {locality: remote}
            rules: []
            default:
              redact-then-remote: {tier: primary, fallback: [backup]}
            """, "remote-only.yaml");

    private static WireMockServer wireMock;

    @BeforeAll
    static void start() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void toolRequestSkipsTheTierWithoutToolsAndToolCallsComeBackUntouched() {
        wireMock.stubFor(post(PATH).willReturn(okJson(TOOL_CALL_ANSWER)));
        FakeChatModel local = FakeChatModel.answering("tiny", "local answer");
        TandemRouter router = router(LOCAL_FIRST, local);

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Weather in Paris?"))
                .toolSpecifications(WEATHER)
                .build());

        assertThat(response.aiMessage().toolExecutionRequests())
                .containsExactly(ToolExecutionRequest.builder()
                        .id("call_Pz1")
                        .name("get_weather")
                        .arguments("{\"city\":\"Paris\"}")
                        .build());
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("remote");
        assertThat(routing.decision().reasons())
                .anySatisfy(reason -> assertThat(reason.explanation())
                        .isEqualTo("the request needs tools; local lacks tools, so it is skipped"));
        assertThat(local.received()).isEmpty();
    }

    @Test
    void policyNeedsConditionRoutesToolRequestsByRule() {
        Policy policy = PolicyLoader.parse("""
                name: agents
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules:
                  - name: agents-go-remote
                    when: {needs: tools}
                    route: {tier: remote, fallback: [local]}
                default:
                  keep-local: {}
                """, "agents.yaml");
        TandemRouter router = router(policy, FakeChatModel.answering("tiny", "local answer"));

        TandemRouter.Plan withTools = router.plan(dev.tandem.core.request.TandemRequest.of(
                ChatRequest.builder()
                        .messages(UserMessage.from("Weather?"))
                        .toolSpecifications(WEATHER)
                        .build(),
                dev.tandem.core.request.CallerMetadata.none()));
        TandemRouter.Plan plain = router.plan(dev.tandem.core.request.TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from("Weather?")).build(),
                dev.tandem.core.request.CallerMetadata.none()));

        assertThat(withTools.decision().tier()).isEqualTo("remote");
        assertThat(withTools.decision().reasons().get(0).rule()).isEqualTo("agents-go-remote");
        assertThat(plain.decision().tier()).isEqualTo("local");
    }

    @Test
    void requestNoAllowedTierCanServeFailsBeforeAnyCallNamingEachTierAndWhatItLacks() {
        FakeChatModel local = FakeChatModel.answering("tiny", "local answer");
        TandemRouter router = router(KEEP_LOCAL, local);

        UnmetNeedsException error = catchThrowableOfType(
                UnmetNeedsException.class,
                () -> router.chat(ChatRequest.builder()
                        .messages(UserMessage.from("Weather in Paris?"))
                        .toolSpecifications(WEATHER)
                        .build()));

        assertThat(error.getMessage())
                .contains("it needs tools; local lacks tools")
                .contains("Tier.Builder.features");
        assertThat(error.lacking()).containsEntry("local", Set.of(TierFeature.TOOLS));
        assertThat(local.received()).isEmpty();
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void streamedToolCallsAndThinkingReachTheCallerAndTheFinalResponse() throws Exception {
        String head = "{\"id\":\"s\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(
                                head + "{\"reasoning_content\":\"need weather\"},\"finish_reason\":null}]}",
                                head
                                        + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_Pz1\",\"type\":\"function\",\"function\":"
                                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                                head
                                        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},"
                                        + "\"finish_reason\":null}]}",
                                head
                                        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]},"
                                        + "\"finish_reason\":null}]}",
                                head + "{},\"finish_reason\":\"tool_calls\"}]}",
                                "[DONE]"))));
        TandemRouter router = router(LOCAL_FIRST, FakeChatModel.answering("tiny", "local answer"));
        ContractHandler handler = new ContractHandler();

        // No place in the question: a request with findings is redacted, and tool-call pieces, which may
        // carry placeholders, are then not streamed.
        router.chat(
                ChatRequest.builder()
                        .messages(UserMessage.from("What is the weather like today?"))
                        .toolSpecifications(WEATHER)
                        .build(),
                handler);
        ChatResponse response = handler.awaitResponse();

        assertThat(handler.thinking).containsExactly("need weather");
        assertThat(handler.partialToolCalls).containsExactly("{\"city\":", "\"Paris\"}");
        assertThat(handler.completeToolCalls).containsExactly("get_weather{\"city\":\"Paris\"}");
        assertThat(response.aiMessage().toolExecutionRequests())
                .extracting(ToolExecutionRequest::arguments)
                .containsExactly("{\"city\":\"Paris\"}");
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void aThrowingOnPartialResponseEndsTheStreamWithExactlyOneOnError() throws Exception {
        TandemRouter router = router(LOCAL_FIRST, FakeStreamingModel.answering("tiny", "one", "two", "three"));
        IllegalStateException boom = new IllegalStateException("caller bug");
        ContractHandler handler = new ContractHandler();
        handler.throwOnPartial = boom;

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        assertThat(handler.awaitError()).isSameAs(boom);
        assertThat(handler.staysQuietFor(Duration.ofMillis(300))).isTrue();
        assertThat(handler.terminalCalls).hasValue(1);
        assertThat(handler.partials).containsExactly("one");
    }

    @Test
    void aThrowingOnCompleteResponseIsNotFollowedByOnError() throws Exception {
        TandemRouter router = router(LOCAL_FIRST, FakeStreamingModel.answering("tiny", "one", "two"));
        ContractHandler handler = new ContractHandler();
        handler.throwOnComplete = new IllegalStateException("caller bug");

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);

        assertThat(handler.awaitResponse().aiMessage().text()).isEqualTo("onetwo");
        assertThat(handler.staysQuietFor(Duration.ofMillis(300))).isTrue();
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void chatModelListenersHearTheRoutedRequestAndItsRouting() {
        List<String> heard = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                heard.add("request");
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                heard.add("response from "
                        + TandemResponseMetadata.from(context.chatResponse())
                                .outcome()
                                .tier());
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                heard.add("error " + context.error().getClass().getSimpleName());
            }
        };
        TandemRouter router = TandemRouter.builder()
                .policy(KEEP_LOCAL)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "local answer"))
                        .features(Set.of())
                        .build())
                .chatModelListener(listener)
                .build();

        router.chat("hi");
        catchThrowableOfType(
                UnmetNeedsException.class,
                () -> router.chat(ChatRequest.builder()
                        .messages(UserMessage.from("Weather?"))
                        .toolSpecifications(WEATHER)
                        .build()));

        assertThat(heard).containsExactly("request", "response from local", "request", "error UnmetNeedsException");
    }

    @Test
    void supportedCapabilitiesSayJsonSchemaOnlyWhenEveryTierServesIt() {
        FakeChatModel local = FakeChatModel.answering("tiny", "x");

        TandemRouter withPlainLocal = router(LOCAL_FIRST, local);
        TandemRouter withSchemaLocal = TandemRouter.builder()
                .policy(LOCAL_FIRST)
                .tier(Tier.local("local", local)
                        .features(Set.of(TierFeature.JSON_SCHEMA))
                        .build())
                .tier(Tier.remote("remote", remote("remote")).build())
                .build();

        assertThat(withPlainLocal.supportedCapabilities()).isEmpty();
        assertThat(withSchemaLocal.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    @Test
    void remoteOnlyPolicyRedactsAndFallsBackBetweenRemoteTiers() {
        wireMock.stubFor(post(urlEqualTo("/primary/v1/chat/completions"))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":{\"type\":\"server_error\"}}")));
        wireMock.stubFor(
                post(urlEqualTo("/backup/v1/chat/completions")).willReturn(okJson(answer("Sent to <EMAIL_1>."))));
        TandemRouter router = TandemRouter.builder()
                .policy(REMOTE_ONLY)
                .tier(Tier.remote("primary", remoteAt("primary", "/primary/v1")).build())
                .tier(Tier.remote("backup", remoteAt("backup", "/backup/v1")).build())
                .resilience(StreamingRouterTest.noRetries())
                .build();

        ChatResponse response = router.chat(ChatRequest.builder()
                .messages(UserMessage.from("Write to jane.doe@example.com about the invoice"))
                .build());

        assertThat(TandemResponseMetadata.from(response).outcome().tier()).isEqualTo("backup");
        assertThat(response.aiMessage().text()).isEqualTo("Sent to jane.doe@example.com.");
        wireMock.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlEqualTo("/backup/v1/chat/completions"))
                .withRequestBody(containing("<EMAIL_1>")));
        assertThat(wireMock.getAllServeEvents())
                .allSatisfy(event ->
                        assertThat(event.getRequest().getBodyAsString()).doesNotContain("jane.doe"));
    }

    private static TandemRouter router(Policy policy, dev.langchain4j.model.chat.ChatModel local) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", local).features(Set.of()).build())
                .tier(Tier.remote("remote", remote("remote")).build())
                .resilience(StreamingRouterTest.noRetries())
                .build();
    }

    private static OpenAiCompatibleChatModel remote(String tier) {
        return remoteAt(tier, "/v1");
    }

    private static OpenAiCompatibleChatModel remoteAt(String tier, String path) {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl("http://localhost:" + wireMock.port() + path)
                .apiKey("sk-test-123456")
                .modelName("gpt-4o-mini")
                .tierName(tier)
                .build();
    }

    private static String answer(String content) {
        return "{\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}";
    }

    private static String sse(String... data) {
        StringBuilder body = new StringBuilder();
        for (String event : data) {
            body.append("data: ").append(event).append("\n\n");
        }
        return body.toString();
    }

    /** Records every callback, and can throw from the ones a caller's code may break in. */
    private static final class ContractHandler implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<String> thinking = new CopyOnWriteArrayList<>();
        final List<String> partialToolCalls = new CopyOnWriteArrayList<>();
        final List<String> completeToolCalls = new CopyOnWriteArrayList<>();
        final AtomicInteger terminalCalls = new AtomicInteger();
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        volatile RuntimeException throwOnPartial;
        volatile RuntimeException throwOnComplete;

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
            if (throwOnPartial != null) {
                throw throwOnPartial;
            }
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            thinking.add(partialThinking.text());
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            partialToolCalls.add(partialToolCall.partialArguments());
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            completeToolCalls.add(completeToolCall.toolExecutionRequest().name()
                    + completeToolCall.toolExecutionRequest().arguments());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            terminalCalls.incrementAndGet();
            outcome.complete(response);
            if (throwOnComplete != null) {
                throw throwOnComplete;
            }
        }

        @Override
        public void onError(Throwable error) {
            terminalCalls.incrementAndGet();
            outcome.complete(error);
        }

        ChatResponse awaitResponse() throws Exception {
            Object result = outcome.get(10, TimeUnit.SECONDS);
            if (result instanceof Throwable error) {
                throw new AssertionError("expected onCompleteResponse, got onError", error);
            }
            return (ChatResponse) result;
        }

        Throwable awaitError() throws Exception {
            Object result = outcome.get(10, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(Throwable.class);
            return (Throwable) result;
        }

        boolean staysQuietFor(Duration wait) throws InterruptedException {
            Thread.sleep(wait.toMillis());
            return terminalCalls.get() == 1;
        }
    }
}
