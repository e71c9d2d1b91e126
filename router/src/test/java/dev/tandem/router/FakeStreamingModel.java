package dev.tandem.router;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A streaming chat model that sends scripted chunks on its own thread, then completes or fails; it can
 * wait before the first chunk, or hang after some chunks until cancelled. Records requests, and whether
 * its stream was cancelled and how many chunks it produced.
 */
final class FakeStreamingModel implements ChatModel, StreamingChatModel {

    private final String modelName;
    private final List<String> chunks;
    private final @Nullable RuntimeException failure;
    private final int failAfter;
    private final long firstChunkDelayMillis;
    private final boolean hangAfterChunks;
    final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger produced = new AtomicInteger();
    final CountDownLatch finished = new CountDownLatch(1);

    private FakeStreamingModel(
            String modelName,
            List<String> chunks,
            @Nullable RuntimeException failure,
            int failAfter,
            long firstChunkDelayMillis,
            boolean hangAfterChunks) {
        this.modelName = modelName;
        this.chunks = chunks;
        this.failure = failure;
        this.failAfter = failAfter;
        this.firstChunkDelayMillis = firstChunkDelayMillis;
        this.hangAfterChunks = hangAfterChunks;
    }

    static FakeStreamingModel answering(String modelName, String... chunks) {
        return new FakeStreamingModel(modelName, List.of(chunks), null, -1, 0, false);
    }

    /** Sends the first {@code after} chunks, then fails. */
    static FakeStreamingModel failingAfter(String modelName, int after, RuntimeException failure, String... chunks) {
        return new FakeStreamingModel(modelName, List.of(chunks), failure, after, 0, false);
    }

    static FakeStreamingModel silentFor(String modelName, long millis, String... chunks) {
        return new FakeStreamingModel(modelName, List.of(chunks), null, -1, millis, false);
    }

    /** Sends every chunk, then keeps generating (slowly) until cancelled. */
    static FakeStreamingModel endless(String modelName, String... chunks) {
        return new FakeStreamingModel(modelName, List.of(chunks), null, -1, 0, true);
    }

    @Override
    public dev.langchain4j.model.chat.request.ChatRequestParameters defaultRequestParameters() {
        return ChatModel.super.defaultRequestParameters();
    }

    @Override
    public List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
        return ChatModel.super.listeners();
    }

    @Override
    public dev.langchain4j.model.ModelProvider provider() {
        return ChatModel.super.provider();
    }

    @Override
    public java.util.Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
        return ChatModel.super.supportedCapabilities();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        received.add(request);
        if (failure != null && failAfter == 0) {
            throw failure;
        }
        return response(String.join("", chunks));
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        received.add(request);
        StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        Thread.ofVirtual().start(() -> {
            try {
                if (firstChunkDelayMillis > 0) {
                    Thread.sleep(firstChunkDelayMillis);
                }
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < chunks.size(); i++) {
                    if (failure != null && i == failAfter) {
                        handler.onError(failure);
                        return;
                    }
                    if (cancelled.get()) {
                        return;
                    }
                    produced.incrementAndGet();
                    text.append(chunks.get(i));
                    handler.onPartialResponse(new PartialResponse(chunks.get(i)), new PartialResponseContext(handle));
                }
                if (failure != null && failAfter >= chunks.size()) {
                    handler.onError(failure);
                    return;
                }
                while (hangAfterChunks && !cancelled.get()) {
                    TimeUnit.MILLISECONDS.sleep(5);
                    produced.incrementAndGet();
                    handler.onPartialResponse(new PartialResponse("."), new PartialResponseContext(handle));
                }
                if (!cancelled.get()) {
                    handler.onCompleteResponse(response(text.toString()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.countDown();
            }
        });
    }

    private ChatResponse response(String text) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .modelName(modelName)
                .tokenUsage(new TokenUsage(10, 5))
                .finishReason(FinishReason.STOP)
                .build();
    }
}
