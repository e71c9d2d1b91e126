package dev.tandem.cli.web;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.function.BiConsumer;

/**
 * A remote tier's model that hands each request it is about to send (already redacted by the router) to
 * the web chat, then sends it unchanged. Blocking and streaming calls alike; a delegate that cannot
 * stream makes streaming calls fail through the handler.
 */
final class SentTextRecorder implements ChatModel, StreamingChatModel {

    private final String tier;
    private final ChatModel delegate;
    private final BiConsumer<String, ChatRequest> recorder;

    SentTextRecorder(String tier, ChatModel delegate, BiConsumer<String, ChatRequest> recorder) {
        this.tier = requireNonNull(tier, "tier");
        this.delegate = requireNonNull(delegate, "delegate");
        this.recorder = requireNonNull(recorder, "recorder");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        recorder.accept(tier, request);
        return delegate.chat(request);
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        if (!(delegate instanceof StreamingChatModel streaming)) {
            handler.onError(new UnsupportedOperationException("tier '" + tier + "' cannot stream"));
            return;
        }
        recorder.accept(tier, request);
        streaming.chat(request, handler);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public java.util.List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
        return delegate.listeners();
    }

    @Override
    public java.util.Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
