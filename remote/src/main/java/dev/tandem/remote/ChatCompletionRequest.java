package dev.tandem.remote;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /chat/completions}; {@code null} fields are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionRequest(
        @JsonProperty("model") String model,
        @JsonProperty("messages") List<Message> messages,
        @JsonProperty("temperature") @Nullable Double temperature,
        @JsonProperty("top_p") @Nullable Double topP,
        @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
        @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
        @JsonProperty("max_tokens") @Nullable Integer maxTokens,
        @JsonProperty("stop") @Nullable List<String> stop,
        @JsonProperty("stream") @Nullable Boolean stream,
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
        @JsonProperty("tools") @Nullable List<Map<String, Object>> tools,
        @JsonProperty("tool_choice") @Nullable String toolChoice,
        @JsonProperty("response_format") @Nullable Map<String, Object> responseFormat) {

    /**
     * One message. {@code content} is a plain string for a single text, or a list of {@link TextPart}s
     * when a user message has several texts.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(
            @JsonProperty("role") String role,
            @JsonProperty("content") @Nullable Object content,
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
            @JsonProperty("tool_call_id") @Nullable String toolCallId) {

        Message(String role, Object content, @Nullable String name) {
            this(role, content, name, null, null);
        }
    }

    /** A tool call of an assistant message, as the model asked for it earlier in the conversation. */
    record ToolCall(
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("function") Function function) {}

    record Function(
            @JsonProperty("name") String name,
            @JsonProperty("arguments") String arguments) {}

    record TextPart(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {
        static TextPart of(String text) {
            return new TextPart("text", text);
        }
    }

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}
}
