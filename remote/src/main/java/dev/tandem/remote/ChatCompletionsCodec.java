package dev.tandem.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.tier.MalformedToolCalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates between LangChain4j's chat vocabulary and the Chat Completions JSON. Stateless apart from
 * the tier name used in messages, and thread-safe.
 */
final class ChatCompletionsCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The key of the {@code AiMessage} attribute that lists tool calls whose arguments are not valid JSON. */
    static final String MALFORMED_TOOL_CALLS = MalformedToolCalls.ATTRIBUTE;

    private final String tier;
    private final MaxTokensField maxTokensField;
    private final boolean strictTools;
    private final boolean strictJsonSchema;

    ChatCompletionsCodec(String tier) {
        this(tier, MaxTokensField.AUTO, false, false);
    }

    ChatCompletionsCodec(String tier, MaxTokensField maxTokensField, boolean strictTools, boolean strictJsonSchema) {
        this.tier = tier;
        this.maxTokensField = maxTokensField;
        this.strictTools = strictTools;
        this.strictJsonSchema = strictJsonSchema;
    }

    /**
     * The request body for {@code chatRequest}. {@code topK} is not part of the OpenAI API and is not
     * sent.
     *
     * @throws TierRequestRejectedException if the request holds something this tier cannot send (images);
     *     nothing has been sent then
     */
    byte[] writeRequest(ChatRequest chatRequest, String model, boolean stream) {
        ChatRequestParameters parameters = chatRequest.parameters();
        List<ChatCompletionRequest.Message> messages = new ArrayList<>();
        for (ChatMessage message : chatRequest.messages()) {
            messages.add(toWire(message));
        }
        List<String> stop = parameters.stopSequences();
        List<ToolSpecification> toolSpecifications = parameters.toolSpecifications();
        boolean hasTools = toolSpecifications != null && !toolSpecifications.isEmpty();
        OpenAiCompatibleRequestParameters openAi = parameters instanceof OpenAiCompatibleRequestParameters p ? p : null;
        Integer maxOutputTokens = parameters.maxOutputTokens();
        boolean completionTokens = maxOutputTokens != null && maxTokensField.usesMaxCompletionTokens(model);
        ChatCompletionRequest body = new ChatCompletionRequest(
                model,
                messages,
                parameters.temperature(),
                parameters.topP(),
                parameters.frequencyPenalty(),
                parameters.presencePenalty(),
                completionTokens ? null : maxOutputTokens,
                completionTokens ? maxOutputTokens : null,
                stop == null || stop.isEmpty() ? null : stop,
                openAi == null ? null : openAi.seed(),
                openAi == null ? null : openAi.user(),
                openAi == null ? null : openAi.reasoningEffort(),
                hasTools ? toolSpecifications.stream().map(this::tool).toList() : null,
                hasTools && parameters.toolChoice() != null ? toolChoice(parameters.toolChoice()) : null,
                hasTools && openAi != null ? openAi.parallelToolCalls() : null,
                responseFormat(parameters.responseFormat()),
                stream ? Boolean.TRUE : null,
                stream ? new ChatCompletionRequest.StreamOptions(true) : null);
        ObjectNode tree = JSON.valueToTree(body);
        if (openAi != null) {
            openAi.customParameters().forEach((name, value) -> tree.set(name, JSON.valueToTree(value)));
        }
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            // A tree of plain JSON values cannot fail to serialise; say so rather than hide it.
            throw new IllegalStateException("could not write the Chat Completions request", e);
        }
    }

    private ChatCompletionRequest.Tool tool(ToolSpecification specification) {
        Map<String, Object> schema = specification.parameters() == null
                ? Map.of("type", "object", "properties", Map.of())
                : JsonSchemaElementUtils.toMap(specification.parameters(), isStrict(specification));
        Boolean strict = isStrict(specification) ? Boolean.TRUE : null;
        if (strict != null && specification.parameters() != null && !schema.containsKey("additionalProperties")) {
            schema = new java.util.LinkedHashMap<>(schema);
            schema.put("additionalProperties", false);
        }
        return new ChatCompletionRequest.Tool(
                "function",
                new ChatCompletionRequest.Function(specification.name(), specification.description(), schema, strict));
    }

    private boolean isStrict(ToolSpecification specification) {
        return specification.strict() != null ? specification.strict() : strictTools;
    }

    private static String toolChoice(ToolChoice choice) {
        return switch (choice) {
            case AUTO -> "auto";
            case REQUIRED -> "required";
            case NONE -> "none";
        };
    }

    private @Nullable Map<String, Object> responseFormat(@Nullable ResponseFormat format) {
        if (format == null || format.type() == ResponseFormatType.TEXT) {
            return null;
        }
        JsonSchema schema = format.jsonSchema();
        if (schema == null) {
            return Map.of("type", "json_object");
        }
        Map<String, Object> jsonSchema = new java.util.LinkedHashMap<>();
        jsonSchema.put("name", schema.name() == null ? "answer" : schema.name());
        jsonSchema.put("strict", strictJsonSchema);
        jsonSchema.put("schema", JsonSchemaElementUtils.toMap(schema.rootElement(), strictJsonSchema));
        return Map.of("type", "json_schema", "json_schema", jsonSchema);
    }

    ChatResponse readResponse(byte[] body) throws UnreadableAnswerException, RefusedAnswer {
        ChatCompletionResponse response = read(body, ChatCompletionResponse.class, "the body is not valid JSON");
        if (response.choices() == null || response.choices().isEmpty()) {
            throw new UnreadableAnswerException("the body has no choices");
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        ChatCompletionResponse.Message message = choice.message();
        if (message != null
                && message.refusal() != null
                && (message.content() == null || message.content().isEmpty())) {
            throw new RefusedAnswer(message.refusal(), response.model());
        }
        List<ToolExecutionRequest> toolCalls = new ArrayList<>();
        if (message != null && message.toolCalls() != null) {
            for (ChatCompletionResponse.ToolCall call : message.toolCalls()) {
                ChatCompletionResponse.FunctionCall function = call.function();
                toolCalls.add(ToolExecutionRequest.builder()
                        .id(call.id())
                        .name(function == null ? null : function.name())
                        .arguments(function == null || function.arguments() == null ? "{}" : function.arguments())
                        .build());
            }
        }
        return chatResponse(
                message == null ? null : message.content(),
                message == null ? null : message.reasoningContent(),
                toolCalls,
                response.id(),
                response.model(),
                finishReason(choice.finishReason()),
                response.usage());
    }

    /**
     * The model refused (an OpenAI {@code refusal} with no content); the model turns it into a {@code
     * ModelRefusalException}.
     */
    static final class RefusedAnswer extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient String refusal;
        private final transient @Nullable String model;

        RefusedAnswer(String refusal, @Nullable String model) {
            super(null, null, false, false);
            this.refusal = refusal;
            this.model = model;
        }

        String refusal() {
            return refusal;
        }

        @Nullable
        String model() {
            return model;
        }
    }

    ChatCompletionChunk readChunk(String data) throws UnreadableAnswerException {
        return read(data, ChatCompletionChunk.class, "an event in the stream is not valid JSON");
    }

    /** The {@code error} object of an error body, or a missing node when the body has none or is not JSON. */
    static JsonNode errorNode(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root == null ? JSON.missingNode() : root.path("error");
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    static ChatResponse chatResponse(
            @Nullable String text,
            @Nullable String thinking,
            List<ToolExecutionRequest> toolCalls,
            @Nullable String id,
            @Nullable String model,
            @Nullable FinishReason finishReason,
            ChatCompletionResponse.@Nullable Usage usage) {
        AiMessage.Builder message = AiMessage.builder()
                // A tool-calling answer has no text; an answer without tool calls always has some, maybe empty.
                .text(text == null && toolCalls.isEmpty() ? "" : text)
                .thinking(thinking == null || thinking.isEmpty() ? null : thinking)
                .toolExecutionRequests(toolCalls);
        List<String> malformed = toolCalls.stream()
                .filter(call -> !isJson(call.arguments()))
                .map(call -> call.id() == null ? call.name() : call.id())
                .toList();
        if (!malformed.isEmpty()) {
            message.attributes(Map.of(MALFORMED_TOOL_CALLS, malformed));
        }
        return ChatResponse.builder()
                .aiMessage(message.build())
                .id(id)
                .modelName(model)
                .finishReason(finishReason)
                .tokenUsage(tokenUsage(usage))
                .build();
    }

    /** Whether tool-call arguments parse as JSON; the arguments themselves go back to the caller either way. */
    static boolean isJson(@Nullable String arguments) {
        if (arguments == null) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(arguments)) {
            JSON.readTree(parser);
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static @Nullable FinishReason finishReason(@Nullable String wire) {
        if (wire == null) {
            return null;
        }
        return switch (wire) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static @Nullable TokenUsage tokenUsage(ChatCompletionResponse.@Nullable Usage usage) {
        if (usage == null) {
            return null;
        }
        return new TokenUsage(usage.promptTokens(), usage.completionTokens(), total(usage));
    }

    private static @Nullable Integer total(ChatCompletionResponse.Usage usage) {
        if (usage.totalTokens() != null) {
            return usage.totalTokens();
        }
        if (usage.promptTokens() != null && usage.completionTokens() != null) {
            return usage.promptTokens() + usage.completionTokens();
        }
        return null;
    }

    private ChatCompletionRequest.Message toWire(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return ChatCompletionRequest.Message.of("system", system.text(), null);
        }
        if (message instanceof UserMessage user) {
            return ChatCompletionRequest.Message.of("user", userContent(user), user.name());
        }
        if (message instanceof AiMessage ai) {
            if (ai.hasToolExecutionRequests()) {
                List<ChatCompletionRequest.ToolCall> calls = ai.toolExecutionRequests().stream()
                        .map(call -> new ChatCompletionRequest.ToolCall(
                                call.id(),
                                "function",
                                new ChatCompletionRequest.FunctionCall(call.name(), call.arguments())))
                        .toList();
                return new ChatCompletionRequest.Message("assistant", ai.text(), null, calls, null);
            }
            return ChatCompletionRequest.Message.of("assistant", ai.text() == null ? "" : ai.text(), null);
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return new ChatCompletionRequest.Message("tool", result.text(), null, null, result.id());
        }
        throw rejected("sends system, user, AI and tool-result messages only, and the conversation holds a "
                + message.type() + " message. Route it to a tier that supports it.");
    }

    private Object userContent(UserMessage user) {
        List<Object> parts = new ArrayList<>();
        for (Content content : user.contents()) {
            switch (content) {
                case TextContent text -> parts.add(ChatCompletionRequest.TextPart.of(text.text()));
                case ImageContent image -> parts.add(imagePart(image));
                default ->
                    throw rejected("sends text and images only, and a user message holds " + content.type()
                            + " content. Route it to a tier that accepts " + content.type() + ".");
            }
        }
        // A single text goes as a plain string, which every OpenAI-compatible server understands.
        return parts.size() == 1 && parts.get(0) instanceof ChatCompletionRequest.TextPart only ? only.text() : parts;
    }

    private static Map<String, Object> imagePart(ImageContent content) {
        Image image = content.image();
        String url = image.url() != null
                ? image.url().toString()
                : "data:" + (image.mimeType() == null ? "image/png" : image.mimeType()) + ";base64,"
                        + image.base64Data();
        Map<String, Object> imageUrl = new java.util.LinkedHashMap<>();
        imageUrl.put("url", url);
        if (content.detailLevel() != null) {
            imageUrl.put("detail", content.detailLevel().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Map.of("type", "image_url", "image_url", imageUrl);
    }

    private TierRequestRejectedException rejected(String problem) {
        return new TierRequestRejectedException(tier, "Tier '" + tier + "' " + problem, null);
    }

    private static <T> T read(byte[] body, Class<T> type, String reason) throws UnreadableAnswerException {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new UnreadableAnswerException(reason);
            }
            return value;
        } catch (IOException e) {
            // The parser's message quotes the offending bytes, which may echo the prompt; drop it.
            throw new UnreadableAnswerException(reason);
        }
    }

    private static <T> T read(String body, Class<T> type, String reason) throws UnreadableAnswerException {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new UnreadableAnswerException(reason);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new UnreadableAnswerException(reason);
        }
    }
}
