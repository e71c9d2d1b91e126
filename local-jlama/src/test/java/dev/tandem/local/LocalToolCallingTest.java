package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.exception.InvalidStructuredOutputException;
import dev.tandem.core.tier.TierFeature;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.local.forge.ModelShape.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tools, JSON answers and listeners on the local tier, with real Jlama on forged models. A forged model
 * writes random tokens, so these tests check what reaches the model (the rendered prompt) and what the
 * tier does with what comes back; {@link LocalToolCallsTest} checks the parsing of real tool-call shapes.
 */
class LocalToolCallingTest {

    private static final ToolSpecification ORDER_STATUS = ToolSpecification.builder()
            .name("orderStatus")
            .description("The delivery status of an order")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("orderNumber")
                    .required("orderNumber")
                    .build())
            .build();

    /** A chat template that renders tools, tool calls and tool results, as Qwen2.5's does. */
    private static final String TOOL_TEMPLATE = "{% if tools %}<|im_start|>system\nTOOLS:"
            + "{% for tool in tools %}{{ tool.function.name }};{% endfor %}<|im_end|>\n{% endif %}"
            + "{% for message in messages %}{% if message.tool_calls %}<|im_start|>assistant\n"
            + "{% for call in message.tool_calls %}CALL {{ call.function.name }}{% endfor %}<|im_end|>\n"
            + "{% else %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    @TempDir
    static Path models;

    private static Path chatml;
    private static Path toolTemplate;

    @BeforeAll
    static void forgeModels() throws IOException {
        chatml = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), models.resolve("chatml"));
        toolTemplate = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), models.resolve("tools"));
        ObjectMapper json = new ObjectMapper();
        Path config = toolTemplate.resolve("tokenizer_config.json");
        ObjectNode tokenizerConfig = (ObjectNode) json.readTree(config.toFile());
        tokenizerConfig.put("chat_template", TOOL_TEMPLATE);
        json.writeValue(config.toFile(), tokenizerConfig);
    }

    @Test
    void toolsGoIntoTheSystemMessageWhenTheTemplateHasNoToolSupport() {
        try (JlamaLocalModel model = builder(chatml).toolCalling(true).build()) {

            String prompt = model.prompt(ChatRequest.builder()
                    .messages(SystemMessage.from("You help customers."), UserMessage.from("Where is order 7731?"))
                    .toolSpecifications(ORDER_STATUS)
                    .build());

            assertThat(model.toolRendering()).isEqualTo("system-message");
            assertThat(prompt)
                    .startsWith("<|im_start|>system\nYou help customers.\n\n# Tools\n")
                    .contains("{\"type\":\"function\",\"function\":{\"name\":\"orderStatus\"")
                    .contains("\"required\":[\"orderNumber\"]")
                    .endsWith("<|im_start|>user\nWhere is order 7731?<|im_end|>\n<|im_start|>assistant\n");
            assertThat(prompt.indexOf("<|im_start|>system")).isEqualTo(prompt.lastIndexOf("<|im_start|>system"));
        }
    }

    @Test
    void earlierToolCallsAndResultsAreWrittenIntoTheConversation() {
        try (JlamaLocalModel model = builder(chatml).toolCalling(true).build()) {

            String prompt = model.prompt(ChatRequest.builder()
                    .messages(
                            UserMessage.from("Where is order 7731?"),
                            AiMessage.from(ToolExecutionRequest.builder()
                                    .id("call_1")
                                    .name("orderStatus")
                                    .arguments("{\"orderNumber\":\"7731\"}")
                                    .build()),
                            ToolExecutionResultMessage.from("call_1", "orderStatus", "shipped on 2 December"))
                    .toolSpecifications(ORDER_STATUS)
                    .build());

            assertThat(prompt)
                    .contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"orderStatus\", \"arguments\":"
                            + " {\"orderNumber\":\"7731\"}}\n</tool_call><|im_end|>")
                    .contains("<|im_start|>user\n<tool_response>\nshipped on 2 December\n</tool_response><|im_end|>");
        }
    }

    @Test
    void aTemplateWithToolSupportRendersTheToolsAndCallsItself() {
        try (JlamaLocalModel model = builder(toolTemplate).toolCalling(true).build()) {

            String prompt = model.prompt(ChatRequest.builder()
                    .messages(
                            UserMessage.from("Where is order 7731?"),
                            AiMessage.from(ToolExecutionRequest.builder()
                                    .id("call_1")
                                    .name("orderStatus")
                                    .arguments("{\"orderNumber\":\"7731\"}")
                                    .build()))
                    .toolSpecifications(ORDER_STATUS)
                    .build());

            assertThat(model.toolRendering()).isEqualTo("template");
            assertThat(prompt)
                    .startsWith("<|im_start|>system\nTOOLS:orderStatus;<|im_end|>\n")
                    .contains("<|im_start|>assistant\nCALL orderStatus<|im_end|>")
                    .doesNotContain("# Tools");
        }
    }

    @Test
    void toolCallingAndStructuredOutputAreDeclaredOnlyWhenEnabled() {
        try (JlamaLocalModel plain = builder(chatml).build();
                JlamaLocalModel capable = builder(chatml)
                        .toolCalling(true)
                        .structuredOutputAttempts(2)
                        .build()) {

            assertThat(plain.tierFeatures()).isEmpty();
            assertThat(plain.supportedCapabilities()).isEmpty();
            assertThat(capable.tierFeatures())
                    .containsExactlyInAnyOrder(TierFeature.TOOLS, TierFeature.JSON_OUTPUT, TierFeature.JSON_SCHEMA);
            assertThat(capable.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        }
    }

    @Test
    void aRequestWithToolsIsAnsweredAndTheFinishReasonMatchesWhatCameBack() {
        try (JlamaLocalModel model =
                builder(chatml).toolCalling(true).maxNewTokens(8).build()) {

            ChatResponse response = model.chat(ChatRequest.builder()
                    .messages(UserMessage.from("Where is order 7731?"))
                    .toolSpecifications(ORDER_STATUS)
                    .build());

            // Random weights write no tool call: the answer is text, and says so by its finish reason.
            assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
            assertThat(response.finishReason()).isNotEqualTo(dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION);
            assertThat(response.tokenUsage().outputTokenCount()).isPositive();
        }
    }

    @Test
    void aJsonAnswerThatNeverValidatesFailsNamingTheAttemptsAndListenersHearIt() {
        List<String> heard = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                heard.add("request " + context.chatRequest().responseFormat().type());
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                heard.add("error " + context.error().getClass().getSimpleName());
            }
        };
        try (JlamaLocalModel model = builder(chatml)
                .structuredOutputAttempts(2)
                .maxNewTokens(6)
                .listeners(List.of(listener))
                .build()) {

            assertThatThrownBy(() -> model.chat(ChatRequest.builder()
                            .messages(UserMessage.from("Status of order 7731 as JSON"))
                            .responseFormat(ResponseFormat.JSON)
                            .build()))
                    .isInstanceOfSatisfying(InvalidStructuredOutputException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.problems())
                                .isNotEmpty()
                                .allSatisfy(p -> assertThat(p).startsWith("$"));
                        assertThat(e.tier()).isEqualTo("local");
                        assertThat(e.isRetriable()).isFalse();
                    })
                    .hasMessageContaining("in 2 attempts")
                    .hasMessageNotContaining("7731");
            assertThat(heard).containsExactly("request JSON", "error InvalidStructuredOutputException");
        }
    }

    @Test
    void listenersHearBlockingAndStreamingRequestsAndResponses() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                context.attributes().put("started", true);
                heard.add("request "
                        + ((UserMessage) context.chatRequest().messages().get(0)).singleText());
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                heard.add("response " + context.chatResponse().modelName() + " "
                        + context.attributes().get("started"));
            }
        };
        try (JlamaLocalModel model =
                builder(chatml).maxNewTokens(4).listeners(List.of(listener)).build()) {

            model.chat(UserMessage.from("blocking"));
            CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
            model.chat(
                    ChatRequest.builder()
                            .messages(UserMessage.from("streaming"))
                            .build(),
                    handler(streamed, null));
            streamed.get(30, TimeUnit.SECONDS);

            assertThat(model.listeners()).containsExactly(listener);
            assertThat(heard)
                    .containsExactly(
                            "request blocking", "response chatml true", "request streaming", "response chatml true");
        }
    }

    @Test
    void streamingWithToolsDeliversTheWholeAnswerOnceThenCompletes() throws Exception {
        try (JlamaLocalModel model =
                builder(chatml).toolCalling(true).maxNewTokens(6).build()) {
            CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
            List<String> partials = new CopyOnWriteArrayList<>();

            model.chat(
                    ChatRequest.builder()
                            .messages(UserMessage.from("Where is order 7731?"))
                            .toolSpecifications(ORDER_STATUS)
                            .build(),
                    handler(streamed, partials));
            ChatResponse response = streamed.get(30, TimeUnit.SECONDS);

            assertThat(String.join("", partials)).isEqualTo(response.aiMessage().text());
            assertThat(partials).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> done, List<String> partials) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                if (partials != null) {
                    partials.add(partialResponse.text());
                }
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall completeToolCall) {}

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    private static JlamaLocalModel.Builder builder(Path directory) {
        return JlamaLocalModel.builder().modelDirectory(directory);
    }
}
