package dev.tandem.cli.setup;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A chat model created on first use. Loading a local model takes time and memory that commands which
 * only decide ({@code route}) or scan never need. Thread-safe: the model is created once.
 */
final class LazyChatModel implements ChatModel, AutoCloseable {

    private final Supplier<? extends ChatModel> factory;
    private volatile @Nullable ChatModel model;

    LazyChatModel(Supplier<? extends ChatModel> factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return model().chat(request);
    }

    private ChatModel model() {
        ChatModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    loaded = factory.get();
                    model = loaded;
                }
            }
        }
        return loaded;
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
