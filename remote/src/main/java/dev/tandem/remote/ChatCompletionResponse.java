package dev.tandem.remote;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The answer to a non-streaming {@code POST /chat/completions}. Unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionResponse(
        @JsonProperty("id") @Nullable String id,
        @JsonProperty("model") @Nullable String model,
        @JsonProperty("choices") @Nullable List<Choice> choices,
        @JsonProperty("usage") @Nullable Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(
            @JsonProperty("message") @Nullable Message message,
            @JsonProperty("finish_reason") @Nullable String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(
            @JsonProperty("content") @Nullable String content,
            @JsonProperty("reasoning_content") @Nullable String reasoningContent,
            @JsonProperty("refusal") @Nullable String refusal,
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls) {}

    /** A tool call; in a stream only {@code index} is sure to be there, the rest comes in pieces. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCall(
            @JsonProperty("index") @Nullable Integer index,
            @JsonProperty("id") @Nullable String id,
            @JsonProperty("function") @Nullable FunctionCall function) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FunctionCall(
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("arguments") @Nullable String arguments) {}

    /** Token counts; shared by complete answers and the last event of a stream. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
            @JsonProperty("completion_tokens") @Nullable Integer completionTokens,
            @JsonProperty("total_tokens") @Nullable Integer totalTokens) {}
}
