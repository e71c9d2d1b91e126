package dev.tandem.remote;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake handler that records every callback, for streaming tests. */
class RecordingHandler implements StreamingChatResponseHandler {

    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<String> thinking = new CopyOnWriteArrayList<>();
    final List<PartialToolCall> partialToolCalls = new CopyOnWriteArrayList<>();
    final List<CompleteToolCall> completeToolCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger terminalCalls = new AtomicInteger();
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
        partials.add(partialResponse);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
        thinking.add(partialThinking.text());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
        partialToolCalls.add(partialToolCall);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        completeToolCalls.add(completeToolCall);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        terminalCalls.incrementAndGet();
        outcome.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
        terminalCalls.incrementAndGet();
        outcome.complete(error);
    }

    /** Waits for the terminal callback; fails if it was an error. */
    ChatResponse awaitResponse() throws Exception {
        Object result = outcome.get(10, TimeUnit.SECONDS);
        if (result instanceof Throwable error) {
            throw new AssertionError("expected onCompleteResponse, got onError", error);
        }
        return (ChatResponse) result;
    }

    /** Waits for the terminal callback; fails if it was a complete response. */
    Throwable awaitError() throws Exception {
        Object result = outcome.get(10, TimeUnit.SECONDS);
        if (result instanceof ChatResponse response) {
            throw new AssertionError("expected onError, got onCompleteResponse with " + response);
        }
        return (Throwable) result;
    }
}
