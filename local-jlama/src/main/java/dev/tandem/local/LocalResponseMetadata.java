package dev.tandem.local;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import java.util.Objects;

/**
 * The metadata of an answer from {@link JlamaLocalModel}: LangChain4j's id, model name, token usage and
 * finish reason, plus the per-token {@link TokenLogprobs} and whether a streaming caller cancelled.
 *
 * <pre>{@code
 * ChatResponse response = local.chat(request);
 * if (response.metadata() instanceof LocalResponseMetadata local) {
 *     double confidence = local.logprobs().perTokenProbability();
 * }
 * }</pre>
 */
public final class LocalResponseMetadata extends ChatResponseMetadata {

    private final TokenLogprobs logprobs;
    private final boolean cancelled;

    private LocalResponseMetadata(Builder builder) {
        super(builder);
        this.logprobs = builder.logprobs;
        this.cancelled = builder.cancelled;
    }

    /** The log-probability of every sampled token, with mean, min and entropy summaries. */
    public TokenLogprobs logprobs() {
        return logprobs;
    }

    /** Whether a streaming caller cancelled the generation before it ended. */
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public Builder toBuilder() {
        Builder builder = new Builder();
        toBuilder(builder);
        return builder.logprobs(logprobs).cancelled(cancelled);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocalResponseMetadata that
                && super.equals(that)
                && logprobs.equals(that.logprobs)
                && cancelled == that.cancelled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), logprobs, cancelled);
    }

    @Override
    public String toString() {
        return "LocalResponseMetadata{id=" + id() + ", modelName=" + modelName() + ", tokenUsage=" + tokenUsage()
                + ", finishReason=" + finishReason() + ", tokens=" + logprobs.size() + ", meanLogprob="
                + logprobs.mean() + ", cancelled=" + cancelled + "}";
    }

    /** Builds {@link LocalResponseMetadata}; logprobs default to none. */
    public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
        private TokenLogprobs logprobs = new TokenLogprobs(java.util.List.of(), java.util.List.of());
        private boolean cancelled;

        public Builder logprobs(TokenLogprobs logprobs) {
            this.logprobs = Objects.requireNonNull(logprobs, "logprobs");
            return this;
        }

        public Builder cancelled(boolean cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        @Override
        public LocalResponseMetadata build() {
            return new LocalResponseMetadata(this);
        }
    }
}
