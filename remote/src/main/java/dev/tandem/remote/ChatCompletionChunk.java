package dev.tandem.remote;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The data of one server-sent event of a streamed answer. With {@code include_usage} the last event has
 * no choices and carries {@link #usage()}; some providers send {@link #error()} instead of a chunk when
 * they fail mid-stream.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionChunk(
        @JsonProperty("id") @Nullable String id,
        @JsonProperty("model") @Nullable String model,
        @JsonProperty("choices") @Nullable List<Choice> choices,
        @JsonProperty("usage") ChatCompletionResponse.@Nullable Usage usage,
        @JsonProperty("error") @Nullable JsonNode error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(
            @JsonProperty("delta") @Nullable Delta delta,
            @JsonProperty("finish_reason") @Nullable String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delta(
            @JsonProperty("content") @Nullable String content,
            @JsonProperty("reasoning_content") @Nullable String reasoningContent,
            @JsonProperty("refusal") @Nullable String refusal,
            @JsonProperty("tool_calls") @Nullable List<ChatCompletionResponse.ToolCall> toolCalls) {}

    boolean hasError() {
        return error != null && !error.isNull();
    }
}
