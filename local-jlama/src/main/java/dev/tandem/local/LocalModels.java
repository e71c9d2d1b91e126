package dev.tandem.local;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.core.tier.FeatureDeclaring;
import dev.tandem.core.tier.TierFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several local models side by side, each under a name the policy uses for a tier: a general model and a
 * domain model, or an English and a multilingual one. Models load on first use, or at {@link
 * Builder#build()} for those marked for warm-up, and each reports its memory.
 *
 * <pre>{@code
 * try (LocalModels locals = LocalModels.builder()
 *         .model("general", JlamaLocalModel.builder().modelDirectory(hub.resolve("Qwen/Qwen2.5-0.5B-Instruct")))
 *         .model("legal", JlamaLocalModel.builder().modelDirectory(Path.of("/models/legal-q4")).maxNewTokens(400))
 *         .warmUp("general")
 *         .build()) {
 *     TandemRouter router = TandemRouter.builder()
 *             .tier(Tier.local("general", locals.chatModel("general")).build())
 *             .tier(Tier.local("legal", locals.chatModel("legal")).build())
 *             ...
 * }
 * }</pre>
 *
 * <p>Each model's builder gets the model's name as its tier name. {@link #chatModel(String)} hands out a
 * {@link ChatModel} and {@link StreamingChatModel} that loads the model when the first request arrives,
 * so a router can be wired before anything loads. {@link #memory()} reports, per model, the weights'
 * size on disk and the KV cache per token and at full context, whether the model is loaded or not.
 *
 * <p>Thread-safe: a model loads once even when requests for it arrive together; different models load
 * independently. {@link #close()} closes every loaded model.
 */
public final class LocalModels implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Logger log = LoggerFactory.getLogger(LocalModels.class);

    private final Map<String, Entry> entries;

    private LocalModels(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names, in the order they were added. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * The model called {@code name}, loading it if this is the first use.
     *
     * @throws IllegalArgumentException naming the known models if there is none by that name
     */
    public JlamaLocalModel get(String name) {
        return entry(name).get();
    }

    /** The model called {@code name} if it is loaded; never loads. */
    public Optional<JlamaLocalModel> loaded(String name) {
        return Optional.ofNullable(entry(name).model);
    }

    /** A chat model for {@code name} that loads it on the first request; for wiring a tier. */
    public LazyLocalModel chatModel(String name) {
        return new LazyLocalModel(entry(name));
    }

    /** Memory per model, by name: measured from the loaded model, else estimated from its folder's files. */
    public Map<String, LocalModelMemory> memory() {
        Map<String, LocalModelMemory> memory = new LinkedHashMap<>();
        entries.forEach((name, entry) -> {
            JlamaLocalModel model = entry.model;
            memory.put(name, model != null ? model.memory() : LocalModelMemory.estimate(entry.folder));
        });
        return memory;
    }

    /** Closes every loaded model; later calls load them again. */
    @Override
    public void close() {
        for (Entry entry : entries.values()) {
            entry.close();
        }
    }

    private Entry entry(String name) {
        Entry entry = entries.get(requireNonNull(name, "name"));
        if (entry == null) {
            throw new IllegalArgumentException(
                    "No local model is called '" + name + "'; the known ones are " + entries.keySet() + ".");
        }
        return entry;
    }

    private static final class Entry {
        private final String name;
        private final JlamaLocalModel.Builder builder;
        private final @Nullable Path folder;
        private volatile @Nullable JlamaLocalModel model;

        Entry(String name, JlamaLocalModel.Builder builder) {
            this.name = name;
            this.builder = builder.tierName(name);
            this.folder = builder.directory();
        }

        JlamaLocalModel get() {
            JlamaLocalModel current = model;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (model == null) {
                    long start = System.nanoTime();
                    model = builder.build();
                    log.info(
                            "Loaded local model '{}' from {} in {} ms: {}",
                            name,
                            folder,
                            (System.nanoTime() - start) / 1_000_000,
                            model.memory());
                }
                return model;
            }
        }

        synchronized void close() {
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }

    /**
     * The chat model {@link #chatModel(String)} returns: it loads its model on the first request and then
     * delegates every call to it.
     */
    public static final class LazyLocalModel
            implements ChatModel, StreamingChatModel, LocalTokenizer, FeatureDeclaring {
        private final Entry entry;
        private final LocalTokenizer tokenizer;

        private LazyLocalModel(Entry entry) {
            this.entry = entry;
            Path folder = entry.folder;
            this.tokenizer = JlamaTokenCounter.loadedOnFirstUse(
                    () -> folder != null ? JlamaTokenCounter.load(folder) : entry.get());
        }

        /**
         * Counts with the model folder's tokenizer, loaded on its own (not the weights), so that routing
         * decisions can use it before the model is first needed.
         */
        @Override
        public int countTokens(String text) {
            return tokenizer.countTokens(text);
        }

        @Override
        public int contextWindow() {
            return tokenizer.contextWindow();
        }

        /** What the model's builder enables (tools, JSON answers), known without loading it. */
        @Override
        public Set<TierFeature> tierFeatures() {
            return entry.builder.features();
        }

        /** The model, loading it if needed. */
        public JlamaLocalModel model() {
            return entry.get();
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            return entry.get().chat(request);
        }

        @Override
        public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
            JlamaLocalModel model;
            try {
                model = entry.get();
            } catch (RuntimeException e) {
                handler.onError(e);
                return;
            }
            model.chat(request, handler);
        }

        @Override
        public ModelProvider provider() {
            return ModelProvider.OTHER;
        }

        @Override
        public ChatRequestParameters defaultRequestParameters() {
            return ChatRequestParameters.builder().build();
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of();
        }

        @Override
        public Set<Capability> supportedCapabilities() {
            return Set.of();
        }

        @Override
        public String toString() {
            return "LazyLocalModel[" + entry.name + (entry.model == null ? ", not loaded" : ", loaded") + "]";
        }
    }

    /** Builds {@link LocalModels}; at least one model is required. */
    public static final class Builder {
        private final Map<String, JlamaLocalModel.Builder> models = new LinkedHashMap<>();
        private final Set<String> warmUp = new LinkedHashSet<>();

        private Builder() {}

        /**
         * Adds a model under {@code name} ({@code [a-z][a-z0-9-]*}, as tier names); its builder's tier name
         * is set to {@code name}.
         */
        public Builder model(String name, JlamaLocalModel.Builder model) {
            requireNonNull(name, "name");
            requireNonNull(model, "model");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "Local model name '" + name + "' must match [a-z][a-z0-9-]*, like general or legal-de");
            }
            if (models.putIfAbsent(name, model) != null) {
                throw new IllegalArgumentException("A local model called '" + name + "' was already added");
            }
            return this;
        }

        /** Loads these models in {@link #build()} and runs one one-token answer each, so the first request is fast. */
        public Builder warmUp(String... names) {
            warmUp.addAll(List.of(names));
            return this;
        }

        /**
         * @throws IllegalArgumentException if no model was added, or a warm-up name is unknown
         * @throws RuntimeException what loading a warmed-up model throws; models loaded so far are closed
         */
        public LocalModels build() {
            if (models.isEmpty()) {
                throw new IllegalArgumentException("Add at least one model with model(name, builder)");
            }
            List<String> unknown = new ArrayList<>(warmUp);
            unknown.removeAll(models.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(
                        "warmUp names unknown models " + unknown + "; the known ones are " + models.keySet());
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            models.forEach((name, builder) -> entries.put(name, new Entry(name, builder)));
            LocalModels locals = new LocalModels(java.util.Collections.unmodifiableMap(entries));
            try {
                for (String name : warmUp) {
                    locals.get(name)
                            .chat(ChatRequest.builder()
                                    .messages(UserMessage.from("Hi"))
                                    .maxOutputTokens(1)
                                    .build());
                }
            } catch (RuntimeException e) {
                locals.close();
                throw e;
            }
            return locals;
        }
    }
}
