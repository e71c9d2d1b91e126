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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>With a {@link Builder#memoryBudget(ModelMemoryBudget) memory budget}, the models' weights together
 * never exceed its cap: loading one that does not fit first closes the least recently used model no
 * request is using; a model closed so loads again on its next request.
 *
 * <p>Thread-safe: a model loads once even when requests for it arrive together; different models load
 * independently. {@link #close()} closes every loaded model.
 */
public final class LocalModels implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Logger log = LoggerFactory.getLogger(LocalModels.class);

    private final Map<String, Entry> entries;
    private final ModelMemoryBudget budget;

    private LocalModels(Map<String, Entry> entries, ModelMemoryBudget budget) {
        this.entries = entries;
        this.budget = budget;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names, in the order they were added. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * The model called {@code name}, loading it if this is the first use. Under a {@link ModelMemoryBudget}
     * a model handed out here may later be closed to make room for another: chat through {@link
     * #chatModel(String)}, which holds the model while it answers.
     *
     * @throws IllegalArgumentException naming the known models if there is none by that name
     * @throws ModelMemoryException when the model does not fit the memory budget now
     */
    public JlamaLocalModel get(String name) {
        return entry(name).get();
    }

    /** The memory budget the models load within ({@link ModelMemoryBudget#unlimited()} unless one was set). */
    public ModelMemoryBudget memoryBudget() {
        return budget;
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

    /**
     * One named model: loaded on first use within the budget, held while requests use it, and closed by
     * the budget (when idle) to make room for another.
     */
    private static final class Entry implements ModelMemoryBudget.Resident {
        private final String name;
        private final JlamaLocalModel.Builder builder;
        private final @Nullable Path folder;
        private final ModelMemoryBudget budget;
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicInteger inUse = new AtomicInteger();
        private volatile @Nullable JlamaLocalModel model;

        Entry(String name, JlamaLocalModel.Builder builder, ModelMemoryBudget budget) {
            this.name = name;
            this.builder = builder.tierName(name);
            this.folder = builder.directory();
            this.budget = budget;
        }

        @Override
        public String name() {
            return name;
        }

        JlamaLocalModel get() {
            lock.lock();
            try {
                return loadLocked();
            } finally {
                lock.unlock();
            }
        }

        /** The model, loaded if needed, held until {@link #release()}: the budget does not close it meanwhile. */
        JlamaLocalModel acquire() {
            lock.lock();
            try {
                JlamaLocalModel current = loadLocked();
                inUse.incrementAndGet();
                return current;
            } finally {
                lock.unlock();
            }
        }

        void release() {
            inUse.decrementAndGet();
        }

        private JlamaLocalModel loadLocked() {
            JlamaLocalModel current = model;
            if (current != null) {
                budget.touch(this);
                return current;
            }
            // Reserved before loading, so that the weights being mapped already count against the cap.
            budget.reserve(this, LocalModelMemory.estimate(folder).weightsBytes());
            long start = System.nanoTime();
            try {
                current = builder.build();
            } catch (RuntimeException | Error e) {
                budget.release(this);
                throw e;
            }
            model = current;
            log.info(
                    "Loaded local model '{}' from {} in {} ms: {}",
                    name,
                    folder,
                    (System.nanoTime() - start) / 1_000_000,
                    current.memory());
            return current;
        }

        @Override
        public boolean evictIfIdle() {
            // Never waits: the budget calls this with its own lock held, and a loading entry holds its lock.
            if (!lock.tryLock()) {
                return false;
            }
            try {
                if (model == null || inUse.get() > 0) {
                    return false;
                }
                model.close();
                model = null;
                return true;
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                if (model != null) {
                    model.close();
                    model = null;
                }
                budget.release(this);
            } finally {
                lock.unlock();
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
            JlamaLocalModel model = entry.acquire();
            try {
                return model.chat(request);
            } finally {
                entry.release();
            }
        }

        @Override
        public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
            JlamaLocalModel model;
            try {
                model = entry.acquire();
            } catch (RuntimeException e) {
                handler.onError(e);
                return;
            }
            // The stream ends on another thread: the model is held until it completes or fails.
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    entry.release();
                }
            };
            try {
                model.chat(request, new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partialResponse) {
                        handler.onPartialResponse(partialResponse);
                    }

                    @Override
                    public void onPartialResponse(
                            dev.langchain4j.model.chat.response.PartialResponse partialResponse,
                            dev.langchain4j.model.chat.response.PartialResponseContext context) {
                        handler.onPartialResponse(partialResponse, context);
                    }

                    @Override
                    public void onPartialThinking(dev.langchain4j.model.chat.response.PartialThinking thinking) {
                        handler.onPartialThinking(thinking);
                    }

                    @Override
                    public void onPartialThinking(
                            dev.langchain4j.model.chat.response.PartialThinking thinking,
                            dev.langchain4j.model.chat.response.PartialThinkingContext context) {
                        handler.onPartialThinking(thinking, context);
                    }

                    @Override
                    public void onPartialToolCall(dev.langchain4j.model.chat.response.PartialToolCall toolCall) {
                        handler.onPartialToolCall(toolCall);
                    }

                    @Override
                    public void onPartialToolCall(
                            dev.langchain4j.model.chat.response.PartialToolCall toolCall,
                            dev.langchain4j.model.chat.response.PartialToolCallContext context) {
                        handler.onPartialToolCall(toolCall, context);
                    }

                    @Override
                    public void onCompleteToolCall(dev.langchain4j.model.chat.response.CompleteToolCall toolCall) {
                        handler.onCompleteToolCall(toolCall);
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse completeResponse) {
                        release.run();
                        handler.onCompleteResponse(completeResponse);
                    }

                    @Override
                    public void onError(Throwable error) {
                        release.run();
                        handler.onError(error);
                    }
                });
            } catch (RuntimeException e) {
                release.run();
                throw e;
            }
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
        private ModelMemoryBudget budget = ModelMemoryBudget.unlimited();

        private Builder() {}

        /**
         * The budget the models load within; share one budget between several {@code LocalModels} to cap
         * the whole process. Default: {@link ModelMemoryBudget#unlimited()}.
         */
        public Builder memoryBudget(ModelMemoryBudget budget) {
            this.budget = requireNonNull(budget, "budget");
            return this;
        }

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
            models.forEach((name, builder) -> entries.put(name, new Entry(name, builder, budget)));
            LocalModels locals = new LocalModels(java.util.Collections.unmodifiableMap(entries), budget);
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
