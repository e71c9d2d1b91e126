package dev.tandem.remote;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Request parameters that only OpenAI-compatible servers understand, on top of LangChain4j's common ones.
 * Pass them in a {@code ChatRequest}, or set defaults on {@link OpenAiCompatibleChatModel.Builder}; a
 * value set on the request wins.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *         .messages(UserMessage.from("Plan the migration"))
 *         .parameters(OpenAiCompatibleRequestParameters.builder()
 *                 .reasoningEffort("low")
 *                 .seed(42)
 *                 .user("tenant-7")
 *                 .customParameters(Map.of("service_tier", "flex"))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>{@code customParameters} are written into the request body as they are, after Tandem's own fields,
 * so they can also override one. Immutable and thread-safe.
 */
public final class OpenAiCompatibleRequestParameters extends DefaultChatRequestParameters {

    private final @Nullable Integer seed;
    private final @Nullable String user;
    private final @Nullable String reasoningEffort;
    private final @Nullable Boolean parallelToolCalls;
    private final Map<String, Object> customParameters;

    private OpenAiCompatibleRequestParameters(Builder builder) {
        super(builder);
        this.seed = builder.seed;
        this.user = builder.user;
        this.reasoningEffort = builder.reasoningEffort;
        this.parallelToolCalls = builder.parallelToolCalls;
        this.customParameters = Map.copyOf(builder.customParameters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sent as {@code seed}, for repeatable sampling where the server supports it. */
    public @Nullable Integer seed() {
        return seed;
    }

    /** Sent as {@code user}: an id of the end user for the provider's abuse monitoring, not personal data. */
    public @Nullable String user() {
        return user;
    }

    /** Sent as {@code reasoning_effort} ({@code minimal}, {@code low}, {@code medium}, {@code high}). */
    public @Nullable String reasoningEffort() {
        return reasoningEffort;
    }

    /** Sent as {@code parallel_tool_calls} when the request names tools. */
    public @Nullable Boolean parallelToolCalls() {
        return parallelToolCalls;
    }

    /** Extra body fields, written as they are; empty by default. */
    public Map<String, Object> customParameters() {
        return customParameters;
    }

    /** Values set on {@code that} win; OpenAI-specific ones are kept from this when {@code that} lacks them. */
    @Override
    public ChatRequestParameters overrideWith(ChatRequestParameters that) {
        return builder().overrideWith(this).overrideWith(that).build();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof OpenAiCompatibleRequestParameters that
                && super.equals(that)
                && Objects.equals(seed, that.seed)
                && Objects.equals(user, that.user)
                && Objects.equals(reasoningEffort, that.reasoningEffort)
                && Objects.equals(parallelToolCalls, that.parallelToolCalls)
                && customParameters.equals(that.customParameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), seed, user, reasoningEffort, parallelToolCalls, customParameters);
    }

    /** Names the custom parameters but not their values, which may carry secrets. */
    @Override
    public String toString() {
        return "OpenAiCompatibleRequestParameters{" + super.toString() + ", seed=" + seed + ", user="
                + (user == null ? null : "***") + ", reasoningEffort=" + reasoningEffort + ", parallelToolCalls="
                + parallelToolCalls + ", customParameters=" + customParameters.keySet() + "}";
    }

    /** Builds {@link OpenAiCompatibleRequestParameters}; everything is unset by default. */
    public static final class Builder extends DefaultChatRequestParameters.Builder<Builder> {
        private @Nullable Integer seed;
        private @Nullable String user;
        private @Nullable String reasoningEffort;
        private @Nullable Boolean parallelToolCalls;
        private final Map<String, Object> customParameters = new LinkedHashMap<>();

        /** Copies every value {@code parameters} sets, including OpenAI-specific ones. */
        @Override
        public Builder overrideWith(@Nullable ChatRequestParameters parameters) {
            super.overrideWith(parameters);
            if (parameters instanceof OpenAiCompatibleRequestParameters openAi) {
                if (openAi.seed != null) {
                    seed = openAi.seed;
                }
                if (openAi.user != null) {
                    user = openAi.user;
                }
                if (openAi.reasoningEffort != null) {
                    reasoningEffort = openAi.reasoningEffort;
                }
                if (openAi.parallelToolCalls != null) {
                    parallelToolCalls = openAi.parallelToolCalls;
                }
                customParameters.putAll(openAi.customParameters);
            }
            return this;
        }

        public Builder seed(@Nullable Integer seed) {
            this.seed = seed;
            return this;
        }

        public Builder user(@Nullable String user) {
            this.user = user;
            return this;
        }

        public Builder reasoningEffort(@Nullable String reasoningEffort) {
            if (reasoningEffort != null && reasoningEffort.isBlank()) {
                throw new IllegalArgumentException("reasoningEffort must not be blank; use low, medium or high");
            }
            this.reasoningEffort = reasoningEffort;
            return this;
        }

        public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** Adds body fields sent as they are, such as {@code service_tier}; a name set again is replaced. */
        public Builder customParameters(Map<String, ?> customParameters) {
            customParameters.forEach((name, value) -> {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("a custom parameter has a blank name");
                }
                this.customParameters.put(name, Objects.requireNonNull(value, "custom parameter " + name));
            });
            return this;
        }

        @Override
        public OpenAiCompatibleRequestParameters build() {
            return new OpenAiCompatibleRequestParameters(this);
        }
    }
}
