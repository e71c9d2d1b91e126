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
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCall(
            @JsonProperty("id") @Nullable String id,
            @JsonProperty("function") @Nullable Function function) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Function(
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("arguments") @Nullable String arguments) {}

    /** Token counts; shared by complete answers and the last event of a stream. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
            @JsonProperty("completion_tokens") @Nullable Integer completionTokens,
            @JsonProperty("total_tokens") @Nullable Integer totalTokens) {}
}
