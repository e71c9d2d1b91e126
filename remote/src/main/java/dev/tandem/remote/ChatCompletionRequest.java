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
        @JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
        @JsonProperty("stop") @Nullable List<String> stop,
        @JsonProperty("seed") @Nullable Integer seed,
        @JsonProperty("user") @Nullable String user,
        @JsonProperty("reasoning_effort") @Nullable String reasoningEffort,
        @JsonProperty("tools") @Nullable List<Tool> tools,
        @JsonProperty("tool_choice") @Nullable String toolChoice,
        @JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
        @JsonProperty("response_format") @Nullable Map<String, Object> responseFormat,
        @JsonProperty("stream") @Nullable Boolean stream,
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {

    /**
     * One message. {@code content} is a plain string for a single text, a list of {@link TextPart}s when
     * a user message has several texts, and absent for an assistant message that only calls tools.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(
            @JsonProperty("role") String role,
            @JsonProperty("content") @Nullable Object content,
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
            @JsonProperty("tool_call_id") @Nullable String toolCallId) {

        static Message of(String role, @Nullable Object content, @Nullable String name) {
            return new Message(role, content, name, null, null);
        }
    }

    record TextPart(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {
        static TextPart of(String text) {
            return new TextPart("text", text);
        }
    }

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}

    record Tool(
            @JsonProperty("type") String type,
            @JsonProperty("function") Function function) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Function(
            @JsonProperty("name") String name,
            @JsonProperty("description") @Nullable String description,
            @JsonProperty("parameters") Map<String, Object> parameters,
            @JsonProperty("strict") @Nullable Boolean strict) {}

    record ToolCall(
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("function") FunctionCall function) {}

    record FunctionCall(
            @JsonProperty("name") String name,
            @JsonProperty("arguments") String arguments) {}
}
