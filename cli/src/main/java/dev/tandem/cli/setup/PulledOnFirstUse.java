package dev.tandem.cli.setup;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.tier.FeatureDeclaring;
import dev.tandem.core.tier.TierFeature;
import dev.tandem.local.LocalModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A local tier's model that is not in the cache yet: the first request downloads it (once, even when
 * requests arrive together), then every request goes to the lazily loaded model. It is deliberately not a
 * {@link dev.tandem.core.spi.LocalTokenizer}, so that routing estimates tokens without the files and
 * never triggers the download.
 */
final class PulledOnFirstUse implements ChatModel, StreamingChatModel, FeatureDeclaring {

    private final Supplier<Path> pull;
    private final LocalModels.LazyLocalModel model;
    private volatile boolean pulled;

    PulledOnFirstUse(Supplier<Path> pull, LocalModels.LazyLocalModel model) {
        this.pull = pull;
        this.model = model;
    }

    /** What the model will serve once pulled, known without the files. */
    @Override
    public Set<TierFeature> tierFeatures() {
        return model.tierFeatures();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        ensurePulled();
        return model.chat(request);
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        try {
            ensurePulled();
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        model.chat(request, handler);
    }

    private void ensurePulled() {
        if (pulled) {
            return;
        }
        synchronized (this) {
            if (!pulled) {
                pull.get();
                pulled = true;
            }
        }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return model.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return model.supportedCapabilities();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public String toString() {
        return "PulledOnFirstUse[" + model + (pulled ? ", pulled" : ", not pulled yet") + "]";
    }
}
