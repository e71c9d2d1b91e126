package dev.tandem.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
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
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.exception.TierRequestRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    private final String tier;

    ChatCompletionsCodec(String tier) {
        this.tier = tier;
    }

    /**
     * The request body for {@code chatRequest}. {@code topK} is not part of the OpenAI API and is not
     * sent.
     *
     * @throws TierRequestRejectedException if the request holds something this tier cannot send (images,
     *     tools, a JSON response format); nothing has been sent then
     */
    byte[] writeRequest(ChatRequest chatRequest, String model, boolean stream) {
        ChatRequestParameters parameters = chatRequest.parameters();
        if (stream && !parameters.toolSpecifications().isEmpty()) {
            throw rejected("streams text only, and the request names "
                    + parameters.toolSpecifications().size() + " tool(s). Call it without streaming for tool calls.");
        }
        List<ChatCompletionRequest.Message> messages = new ArrayList<>();
        for (ChatMessage message : chatRequest.messages()) {
            messages.add(toWire(message));
        }
        List<String> stop = parameters.stopSequences();
        ChatCompletionRequest body = new ChatCompletionRequest(
                model,
                messages,
                parameters.temperature(),
                parameters.topP(),
                parameters.frequencyPenalty(),
                parameters.presencePenalty(),
                parameters.maxOutputTokens(),
                stop == null || stop.isEmpty() ? null : stop,
                stream ? Boolean.TRUE : null,
                stream ? new ChatCompletionRequest.StreamOptions(true) : null,
                tools(parameters.toolSpecifications()),
                toolChoice(parameters.toolChoice()),
                responseFormat(parameters.responseFormat()));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Only strings, numbers and lists go in, so this cannot happen; say so rather than hide it.
            throw new IllegalStateException("could not write the Chat Completions request", e);
        }
    }

    ChatResponse readResponse(byte[] body) throws UnreadableAnswerException {
        ChatCompletionResponse response = read(body, ChatCompletionResponse.class, "the body is not valid JSON");
        if (response.choices() == null || response.choices().isEmpty()) {
            throw new UnreadableAnswerException("the body has no choices");
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        String text = choice.message() == null || choice.message().content() == null
                ? ""
                : choice.message().content();
        ChatResponse answer = chatResponse(
                text, response.id(), response.model(), finishReason(choice.finishReason()), response.usage());
        List<ChatCompletionResponse.ToolCall> calls =
                choice.message() == null ? null : choice.message().toolCalls();
        if (calls == null || calls.isEmpty()) {
            return answer;
        }
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (ChatCompletionResponse.ToolCall call : calls) {
            if (call.function() == null || call.function().name() == null) {
                throw new UnreadableAnswerException("a tool call has no function name");
            }
            requests.add(ToolExecutionRequest.builder()
                    .id(call.id())
                    .name(call.function().name())
                    .arguments(
                            call.function().arguments() == null
                                    ? "{}"
                                    : call.function().arguments())
                    .build());
        }
        return ChatResponse.builder()
                .aiMessage(text.isEmpty() ? AiMessage.from(requests) : AiMessage.from(text, requests))
                .metadata(answer.metadata())
                .build();
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
            String text,
            @Nullable String id,
            @Nullable String model,
            @Nullable FinishReason finishReason,
            ChatCompletionResponse.@Nullable Usage usage) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .id(id)
                .modelName(model)
                .finishReason(finishReason)
                .tokenUsage(tokenUsage(usage))
                .build();
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
            return new ChatCompletionRequest.Message("system", system.text(), null);
        }
        if (message instanceof UserMessage user) {
            return new ChatCompletionRequest.Message("user", userContent(user), user.name());
        }
        if (message instanceof AiMessage ai) {
            if (ai.hasToolExecutionRequests()) {
                List<ChatCompletionRequest.ToolCall> calls = ai.toolExecutionRequests().stream()
                        .map(call -> new ChatCompletionRequest.ToolCall(
                                call.id(),
                                "function",
                                new ChatCompletionRequest.Function(call.name(), call.arguments())))
                        .toList();
                return new ChatCompletionRequest.Message("assistant", ai.text(), null, calls, null);
            }
            return new ChatCompletionRequest.Message("assistant", ai.text() == null ? "" : ai.text(), null);
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return new ChatCompletionRequest.Message("tool", result.text(), null, null, result.id());
        }
        throw rejected("sends system, user and AI messages only, and the conversation holds a " + message.type()
                + " message. Route it to a tier that supports it.");
    }

    private static @Nullable List<Map<String, Object>> tools(List<ToolSpecification> specifications) {
        if (specifications.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> tools = new ArrayList<>();
        for (ToolSpecification specification : specifications) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", specification.name());
            if (specification.description() != null) {
                function.put("description", specification.description());
            }
            function.put(
                    "parameters",
                    specification.parameters() == null
                            ? Map.of("type", "object", "properties", Map.of())
                            : JsonSchemaElementUtils.toMap(specification.parameters()));
            tools.add(Map.of("type", "function", "function", function));
        }
        return tools;
    }

    private static @Nullable String toolChoice(@Nullable ToolChoice choice) {
        return choice == null ? null : choice.name().toLowerCase(Locale.ROOT);
    }

    private static @Nullable Map<String, Object> responseFormat(@Nullable ResponseFormat format) {
        if (format == null || format.type() == ResponseFormatType.TEXT) {
            return null;
        }
        if (format.jsonSchema() == null) {
            return Map.of("type", "json_object");
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", format.jsonSchema().name());
        schema.put("schema", JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement()));
        return Map.of("type", "json_schema", "json_schema", schema);
    }

    private Object userContent(UserMessage user) {
        List<ChatCompletionRequest.TextPart> parts = new ArrayList<>();
        for (Content content : user.contents()) {
            if (!(content instanceof TextContent text)) {
                throw rejected("sends text only, and a user message holds " + content.type()
                        + " content. Route it to a tier that accepts " + content.type() + ".");
            }
            parts.add(ChatCompletionRequest.TextPart.of(text.text()));
        }
        // A single text goes as a plain string, which every OpenAI-compatible server understands.
        return parts.size() == 1 ? parts.get(0).text() : parts;
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
