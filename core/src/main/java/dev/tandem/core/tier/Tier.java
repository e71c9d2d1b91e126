package dev.tandem.core.tier;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import java.util.EnumSet;
import java.util.Set;
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
    private final Set<TierFeature> features;

    private Tier(Builder builder) {
        this.name = builder.name;
        this.locality = builder.locality;
        this.chatModel = builder.chatModel;
        this.modelName = builder.modelName == null ? name : builder.modelName;
        this.contextWindow = builder.contextWindow;
        if (builder.features != null) {
            this.features = builder.features;
        } else if (chatModel instanceof FeatureDeclaring declaring) {
            this.features = Set.copyOf(declaring.tierFeatures());
        } else {
            // Any other LangChain4j model: assume it serves everything and let it reject what it cannot,
            // rather than drop a tier that works; declare less with Builder.features(...).
            this.features = Set.copyOf(EnumSet.allOf(TierFeature.class));
        }
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

    /**
     * What the tier serves beyond plain text: set on the builder, else what the model declares ({@link
     * FeatureDeclaring}), else every feature.
     */
    public Set<TierFeature> features() {
        return features;
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
        private @Nullable Set<TierFeature> features;

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

        /**
         * What this tier serves beyond plain text, overriding what the model declares; requests that need
         * something else skip the tier.
         */
        public Builder features(Set<TierFeature> features) {
            this.features = Set.copyOf(requireNonNull(features, "features"));
            return this;
        }

        public Tier build() {
            return new Tier(this);
        }
    }
}
