package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.exception.ModelRefusalException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.tier.MalformedToolCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The LangChain4j contract of the remote tier against real HTTP: tools (blocking and streamed, with the
 * transcripts OpenAI sends), thinking, refusals, structured output, OpenAI-only parameters, Azure and
 * listeners.
 */
class OpenAiCompatibleContractTest extends WireMockTestBase {

    private static final ToolSpecification WEATHER = ToolSpecification.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("city", "City name")
                    .required("city")
                    .build())
            .build();

    /** OpenAI's answer when the model calls two tools at once (chat.completion, gpt-4o-mini). */
    private static final String TOOL_CALL_ANSWER = """
            {"id":"chatcmpl-AbC","object":"chat.completion","created":1733300000,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_Pz1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
               {"id":"call_Qx2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}],
               "refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":81,"completion_tokens":46,"total_tokens":127}}""";

    @Test
    void sendsToolsAndReadsParallelToolCalls() {
        wireMock.stubFor(post(PATH).willReturn(okJson(TOOL_CALL_ANSWER)));
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Weather in Paris and Oslo?"))
                .parameters(OpenAiCompatibleRequestParameters.builder()
                        .toolSpecifications(WEATHER)
                        .toolChoice(ToolChoice.REQUIRED)
                        .parallelToolCalls(true)
                        .build())
                .build();

        ChatResponse response = model().build().chat(request);

        assertThat(response.aiMessage().text()).isNull();
        assertThat(response.aiMessage().toolExecutionRequests())
                .extracting(ToolExecutionRequest::id, ToolExecutionRequest::name, ToolExecutionRequest::arguments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_Pz1", "get_weather", "{\"city\":\"Paris\"}"),
                        org.assertj.core.groups.Tuple.tuple("call_Qx2", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(MalformedToolCalls.of(response.aiMessage())).isEmpty();
        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather in a city",
                  "parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"}},
                  "required":["city"]}}}],
                 "tool_choice":"required","parallel_tool_calls":true}""", true, true)));
    }

    @Test
    void sendsToolCallsAndToolResultsBackAsAssistantAndToolMessages() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("It is 18 degrees in Paris."))));
        ToolExecutionRequest call = ToolExecutionRequest.builder()
                .id("call_Pz1")
                .name("get_weather")
                .arguments("{\"city\":\"Paris\"}")
                .build();

        ChatResponse response = model().build()
                .chat(ChatRequest.builder()
                        .messages(
                                UserMessage.from("Weather in Paris?"),
                                AiMessage.from(call),
                                ToolExecutionResultMessage.from(call, "18 degrees, clear"))
                        .toolSpecifications(WEATHER)
                        .build());

        assertThat(response.aiMessage().text()).isEqualTo("It is 18 degrees in Paris.");
        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","tool_calls":[{"id":"call_Pz1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","content":"18 degrees, clear","tool_call_id":"call_Pz1"}]}""", true, true)));
    }

    @Test
    void strictToolsSendStrictClosedSchemas() {
        wireMock.stubFor(post(PATH).willReturn(okJson(TOOL_CALL_ANSWER)));

        model().strictTools(true)
                .build()
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("Weather?"))
                        .toolSpecifications(WEATHER)
                        .build());

        wireMock.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.tools[0].function.strict", equalTo("true")))
                .withRequestBody(
                        matchingJsonPath("$.tools[0].function.parameters.additionalProperties", equalTo("false"))));
    }

    @Test
    void toolCallWithInvalidJsonArgumentsIsReturnedAsProducedAndFlagged() {
        wireMock.stubFor(post(PATH)
                .willReturn(okJson(TOOL_CALL_ANSWER.replace("{\\\"city\\\":\\\"Oslo\\\"}", "{\\\"city\\\": Oslo"))));

        ChatResponse response = model().build()
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("Weather?"))
                        .toolSpecifications(WEATHER)
                        .build());

        assertThat(response.aiMessage().toolExecutionRequests().get(1).arguments())
                .isEqualTo("{\"city\": Oslo");
        assertThat(MalformedToolCalls.of(response.aiMessage())).containsExactly("call_Qx2");
    }

    @Test
    void streamsToolCallDeltasAsPartialAndCompleteToolCalls() throws Exception {
        // The event sequence OpenAI sends for two parallel tool calls.
        String head =
                "{\"id\":\"chatcmpl-S\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":";
        String tail = ",\"finish_reason\":null}]}";
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(
                                head
                                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_Pz1\","
                                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],"
                                        + "\"refusal\":null}" + tail,
                                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}"
                                        + tail,
                                head
                                        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Paris\\\"}\"}}]}"
                                        + tail,
                                head
                                        + "{\"tool_calls\":[{\"index\":1,\"id\":\"call_Qx2\",\"type\":\"function\",\"function\":{"
                                        + "\"name\":\"get_weather\",\"arguments\":\"\"}}]}" + tail,
                                head
                                        + "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Oslo\\\"}\"}}]}"
                                        + tail,
                                "{\"id\":\"chatcmpl-S\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},"
                                        + "\"finish_reason\":\"tool_calls\"}]}",
                                usage(81, 46),
                                "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build()
                .chat(
                        ChatRequest.builder()
                                .messages(UserMessage.from("Weather in Paris and Oslo?"))
                                .toolSpecifications(WEATHER)
                                .build(),
                        handler);
        ChatResponse response = handler.awaitResponse();

        assertThat(handler.partialToolCalls)
                .extracting(p -> p.index() + ":" + p.id() + ":" + p.partialArguments())
                .containsExactly("0:call_Pz1:{\"ci", "0:call_Pz1:ty\": \"Paris\"}", "1:call_Qx2:{\"city\": \"Oslo\"}");
        assertThat(handler.completeToolCalls)
                .extracting(c -> c.index() + ":" + c.toolExecutionRequest().arguments())
                .containsExactly("0:{\"city\": \"Paris\"}", "1:{\"city\": \"Oslo\"}");
        assertThat(response.aiMessage().toolExecutionRequests())
                .extracting(ToolExecutionRequest::id)
                .containsExactly("call_Pz1", "call_Qx2");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(127);
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void reasoningContentBecomesThinkingBlockingAndStreamed() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(okJson("""
                {"id":"r1","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant",
                 "reasoning_content":"9.11 < 9.9 since 0.11 < 0.9","content":"9.9 is larger."},"finish_reason":"stop"}]}""")));

        ChatResponse blocking = model().build()
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("Which is larger, 9.11 or 9.9?"))
                        .build());

        assertThat(blocking.aiMessage().thinking()).isEqualTo("9.11 < 9.9 since 0.11 < 0.9");
        assertThat(blocking.aiMessage().text()).isEqualTo("9.9 is larger.");

        String head = "{\"id\":\"r2\",\"model\":\"deepseek-reasoner\",\"choices\":[{\"index\":0,\"delta\":";
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(
                                head + "{\"reasoning_content\":\"0.11 < \"},\"finish_reason\":null}]}",
                                head + "{\"reasoning_content\":\"0.9\"},\"finish_reason\":null}]}",
                                head + "{\"content\":\"9.9\"},\"finish_reason\":null}]}",
                                head + "{},\"finish_reason\":\"stop\"}]}",
                                "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Which?")).build(), handler);
        ChatResponse streamed = handler.awaitResponse();

        assertThat(handler.thinking).containsExactly("0.11 < ", "0.9");
        assertThat(handler.partials).containsExactly("9.9");
        assertThat(streamed.aiMessage().thinking()).isEqualTo("0.11 < 0.9");
    }

    @Test
    void refusalIsATypedNonRetriableExceptionWithTheRefusalText() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(okJson("""
                {"id":"x","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant",
                 "content":null,"refusal":"I'm sorry, I can't help with that."},"finish_reason":"stop"}]}""")));

        ModelRefusalException refused = catchThrowableOfType(
                ModelRefusalException.class, () -> model().build().chat("How do I pick a lock?"));

        assertThat(refused.refusal()).isEqualTo("I'm sorry, I can't help with that.");
        assertThat(refused.isRetriable()).isFalse();
        assertThat(refused.getMessage()).doesNotContain("sorry").contains("refused the request");

        String head = "{\"id\":\"y\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(
                                head
                                        + "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"},\"finish_reason\":null}]}",
                                head + "{\"refusal\":\"I can't\"},\"finish_reason\":null}]}",
                                head + "{\"refusal\":\" help.\"},\"finish_reason\":null}]}",
                                head + "{},\"finish_reason\":\"stop\"}]}",
                                "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Lock?")).build(), handler);

        assertThat(handler.awaitError())
                .isInstanceOfSatisfying(
                        ModelRefusalException.class,
                        e -> assertThat(e.refusal()).isEqualTo("I can't help."));
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void reasoningModelsGetMaxCompletionTokensAndOthersMaxTokens() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("ok"))));
        OpenAiCompatibleChatModel model = model().build();

        model.chat(ChatRequest.builder()
                .messages(UserMessage.from("a"))
                .modelName("o3-mini")
                .maxOutputTokens(50)
                .build());
        model.chat(ChatRequest.builder()
                .messages(UserMessage.from("b"))
                .modelName("gpt-5-mini")
                .maxOutputTokens(60)
                .build());
        model.chat(ChatRequest.builder()
                .messages(UserMessage.from("c"))
                .maxOutputTokens(70)
                .build());
        model().maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)
                .build()
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("d"))
                        .maxOutputTokens(80)
                        .build());

        List<String> bodies = wireMock.getAllServeEvents().reversed().stream()
                .map(event -> event.getRequest().getBodyAsString())
                .toList();
        assertThat(bodies.get(0)).contains("\"max_completion_tokens\":50").doesNotContain("\"max_tokens\"");
        assertThat(bodies.get(1)).contains("\"max_completion_tokens\":60").doesNotContain("\"max_tokens\"");
        assertThat(bodies.get(2)).contains("\"max_tokens\":70").doesNotContain("max_completion_tokens");
        assertThat(bodies.get(3)).contains("\"max_completion_tokens\":80");
    }

    @Test
    void sendsSeedUserReasoningEffortAndCustomParametersWithRequestValuesWinning() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("ok"))));
        OpenAiCompatibleChatModel model = model().seed(7)
                .user("tenant-1")
                .reasoningEffort("medium")
                .customParameters(Map.of("service_tier", "flex", "metadata", Map.of("app", "tandem")))
                .build();

        model.chat(ChatRequest.builder()
                .messages(UserMessage.from("hi"))
                .parameters(OpenAiCompatibleRequestParameters.builder()
                        .reasoningEffort("low")
                        .customParameters(Map.of("service_tier", "priority"))
                        .build())
                .build());

        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"gpt-4o-mini","seed":7,"user":"tenant-1","reasoning_effort":"low",
                 "service_tier":"priority","metadata":{"app":"tandem"}}""", true, true)));
    }

    @Test
    void sendsJsonSchemaResponseFormatAndSaysItSupportsIt() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("{\\\"city\\\":\\\"Paris\\\"}"))));
        OpenAiCompatibleChatModel model = model().strictJsonSchema(true).build();

        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(UserMessage.from("Capital of France as JSON"))
                .responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name("capital")
                                .rootElement(JsonObjectSchema.builder()
                                        .addStringProperty("city")
                                        .required("city")
                                        .build())
                                .build())
                        .build())
                .build());

        assertThat(response.aiMessage().text()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(model.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        assertThat(model().supportsJsonSchema(false).build().supportedCapabilities())
                .isEmpty();
        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"response_format":{"type":"json_schema","json_schema":{"name":"capital","strict":true,
                  "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                  "additionalProperties":false}}}}""", true, true)));
    }

    @Test
    void sendsJsonObjectResponseFormatWithoutSchema() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("{}"))));

        model().build()
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("JSON please"))
                        .responseFormat(ResponseFormat.JSON)
                        .build());

        wireMock.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(equalToJson("{\"response_format\":{\"type\":\"json_object\"}}", true, true)));
    }

    @Test
    void azureDeploymentUsesDeploymentPathApiVersionAndApiKeyHeader() {
        String azurePath = "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21";
        wireMock.stubFor(post(urlEqualTo(azurePath)).willReturn(okJson(answer("from Azure"))));
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                .baseUrl("http://localhost:" + wireMock.port())
                .apiKey(API_KEY)
                .modelName("gpt-4o")
                .azureDeployment("gpt4o-prod")
                .apiVersion("2024-10-21")
                .build();

        assertThat(model.chat("hi")).isEqualTo("from Azure");
        wireMock.verify(postRequestedFor(urlEqualTo(azurePath))
                .withHeader("api-key", equalTo(API_KEY))
                .withoutHeader("Authorization"));
    }

    @Test
    void azureDeploymentWithoutApiVersionIsAConfigurationError() {
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> OpenAiCompatibleChatModel.builder()
                .baseUrl("https://res.openai.azure.com")
                .modelName("gpt-4o")
                .azureDeployment("prod")
                .build());

        assertThat(error)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("azureDeployment needs apiVersion, like apiVersion(\"2024-10-21\")");
    }

    @Test
    void providerErrorMessageIsKeptApartFromTandemsMessage() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.",
                 "type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""")));

        TierRequestRejectedException rejected = catchThrowableOfType(
                TierRequestRejectedException.class, () -> model().build().chat("hi"));

        assertThat(rejected.providerMessage())
                .contains("Unsupported parameter: 'max_tokens' is not supported with this model.");
        assertThat(rejected.getMessage())
                .doesNotContain("Unsupported parameter")
                .contains("unsupported_parameter");
    }

    @Test
    void listenersHearRequestAndResponse() {
        wireMock.stubFor(post(PATH).willReturn(okJson(answer("hello"))));
        List<String> heard = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                heard.add("request:" + context.chatRequest().parameters().modelName());
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                heard.add("response:" + context.chatResponse().aiMessage().text());
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                heard.add("error");
            }
        };

        model().listeners(List.of(listener)).build().chat("hi");

        assertThat(heard).containsExactly("request:gpt-4o-mini", "response:hello");
    }

    private static String answer(String content) {
        return "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}";
    }
}
