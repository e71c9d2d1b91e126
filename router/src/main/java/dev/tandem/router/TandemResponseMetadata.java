package dev.tandem.router;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.outcome.Outcome;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The routing of one answer, carried in the {@link ChatResponse} itself: the assessment, the decision
 * with its reasons, and the outcome with every attempt. Callers never parse logs to learn what happened.
 *
 * <pre>{@code
 * ChatResponse response = router.chat(request);
 * TandemResponseMetadata routing = TandemResponseMetadata.from(response);
 * System.out.println(routing.outcome().tier() + " because " + routing.decision().reasons());
 * }</pre>
 */
public final class TandemResponseMetadata extends ChatResponseMetadata {

    private final String requestId;
    private final Assessment assessment;
    private final Decision decision;
    private final Outcome outcome;

    private TandemResponseMetadata(Builder builder) {
        super(builder);
        this.requestId = requireNonNull(builder.requestId, "requestId");
        this.assessment = requireNonNull(builder.assessment, "assessment");
        this.decision = requireNonNull(builder.decision, "decision");
        this.outcome = requireNonNull(builder.outcome, "outcome");
    }

    /**
     * The routing metadata of a response that {@link TandemRouter} produced.
     *
     * @throws IllegalArgumentException when the response did not come from a Tandem router
     */
    public static TandemResponseMetadata from(ChatResponse response) {
        if (response.metadata() instanceof TandemResponseMetadata metadata) {
            return metadata;
        }
        throw new IllegalArgumentException("this response was not routed by Tandem: its metadata is a "
                + response.metadata().getClass().getName());
    }

    public static Builder builder() {
        return new Builder();
    }

    public String requestId() {
        return requestId;
    }

    public Assessment assessment() {
        return assessment;
    }

    public Decision decision() {
        return decision;
    }

    public Outcome outcome() {
        return outcome;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TandemResponseMetadata that
                && super.equals(that)
                && requestId.equals(that.requestId)
                && assessment.equals(that.assessment)
                && decision.equals(that.decision)
                && outcome.equals(that.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), requestId, assessment, decision, outcome);
    }

    @Override
    public String toString() {
        return "TandemResponseMetadata[request=" + requestId + ", tier=" + outcome.tier() + ", model="
                + outcome.model() + ", attempts=" + outcome.attempts().size() + ", reasons="
                + decision.reasons().size() + "]";
    }

    /** Builds {@link TandemResponseMetadata}; used by the router. */
    public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
        private @Nullable String requestId;
        private @Nullable Assessment assessment;
        private @Nullable Decision decision;
        private @Nullable Outcome outcome;

        private Builder() {}

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder assessment(Assessment assessment) {
            this.assessment = assessment;
            return this;
        }

        public Builder decision(Decision decision) {
            this.decision = decision;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        @Override
        public TandemResponseMetadata build() {
            return new TandemResponseMetadata(this);
        }
    }
}
