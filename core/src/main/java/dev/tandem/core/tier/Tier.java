package dev.tandem.core.tier;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named LangChain4j {@link ChatModel} that the router can send requests to, with what the router
 * needs to know about it: where it runs and how much context it takes.
 *
 * <p>Any {@code ChatModel} can be a tier, so an existing LangChain4j integration plugs in unchanged:
 *
 * <pre>{@code
 * Tier local = Tier.local("local", jlamaModel).modelName("qwen2.5-0.5b").contextWindow(32_768).build();
 * Tier remote = Tier.remote("remote", openAiModel).modelName("gpt-4o-mini").build();
 * }</pre>
 *
 * <p>Tier names are lower-case identifiers ({@code [a-z][a-z0-9-]*}) because policies refer to them.
 * The context window defaults to {@value #DEFAULT_CONTEXT_WINDOW} tokens. Instances are immutable; the
 * wrapped model must be thread-safe.
 */
public final class Tier {

    public static final int DEFAULT_CONTEXT_WINDOW = 8_192;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String name;
    private final Locality locality;
    private final ChatModel chatModel;
    private final String modelName;
    private final int contextWindow;

    private Tier(Builder builder) {
        this.name = builder.name;
        this.locality = builder.locality;
        this.chatModel = builder.chatModel;
        this.modelName = builder.modelName == null ? name : builder.modelName;
        this.contextWindow = builder.contextWindow;
    }

    /** Starts a tier that runs on this machine; requests to it never leave the process. */
    public static Builder local(String name, ChatModel chatModel) {
        return new Builder(name, Locality.LOCAL, chatModel);
    }

    /** Starts a tier that sends requests over the network. */
    public static Builder remote(String name, ChatModel chatModel) {
        return new Builder(name, Locality.REMOTE, chatModel);
    }

    public String name() {
        return name;
    }

    public Locality locality() {
        return locality;
    }

    public boolean isRemote() {
        return locality == Locality.REMOTE;
    }

    public ChatModel chatModel() {
        return chatModel;
    }

    /** The model name reported in outcomes, such as {@code gpt-4o-mini}. */
    public String modelName() {
        return modelName;
    }

    /** The largest prompt plus answer, in tokens, that the tier accepts. */
    public int contextWindow() {
        return contextWindow;
    }

    @Override
    public String toString() {
        return "Tier[" + name + ", " + locality.wireName() + ", " + modelName + ", context " + contextWindow + "]";
    }

    /** Builds a {@link Tier}; obtained from {@link #local} or {@link #remote}. */
    public static final class Builder {
        private final String name;
        private final Locality locality;
        private final ChatModel chatModel;
        private @Nullable String modelName;
        private int contextWindow = DEFAULT_CONTEXT_WINDOW;

        private Builder(String name, Locality locality, ChatModel chatModel) {
            requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "tier name '" + name + "' must match [a-z][a-z0-9-]*, like local or remote-eu");
            }
            this.name = name;
            this.locality = locality;
            this.chatModel = requireNonNull(chatModel, "chatModel");
        }

        public Builder modelName(String modelName) {
            if (modelName.isBlank()) {
                throw new IllegalArgumentException("modelName must not be blank");
            }
            this.modelName = modelName;
            return this;
        }

        /** The context window in tokens; must be at least 1. */
        public Builder contextWindow(int contextWindow) {
            if (contextWindow < 1) {
                throw new IllegalArgumentException("contextWindow must be at least 1, was " + contextWindow);
            }
            this.contextWindow = contextWindow;
            return this;
        }

        public Tier build() {
            return new Tier(this);
        }
    }
}
