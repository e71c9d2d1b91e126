package dev.tandem.remote;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
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
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {

    /**
     * One message. {@code content} is a plain string for a single text, or a list of {@link TextPart}s
     * when a user message has several texts.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(
            @JsonProperty("role") String role,
            @JsonProperty("content") Object content,
            @JsonProperty("name") @Nullable String name) {}

    record TextPart(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {
        static TextPart of(String text) {
            return new TextPart("text", text);
        }
    }

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}
}
