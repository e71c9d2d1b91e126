package dev.tandem.remote;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tandem.core.exception.TierException;
import java.io.IOException;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the server-sent events of one streamed answer into {@link StreamingChatResponseHandler} calls.
 *
 * <p>The handler gets {@code onPartialResponse} per content delta, then exactly one of {@code
 * onCompleteResponse} or {@code onError}. The answer is complete only if the stream sent {@code [DONE]}
 * or a finish reason; a stream that simply stops is an error, so a truncated answer is never reported as
 * complete.
 *
 * <p>OkHttp calls one instance from one thread at a time; {@link #finished} guards the single terminal
 * callback against the failure OkHttp reports after a cancel.
 */
final class StreamingResponseListener extends EventSourceListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingResponseListener.class);

    private final StreamingChatResponseHandler handler;
    private final ChatCompletionsCodec codec;
    private final ErrorMapper errors;
    private final String model;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    /** Tool calls being streamed, by their index; completed in index order. */
    private final TreeMap<Integer, ToolCallInProgress> toolCalls = new TreeMap<>();

    private final Handle handle = new Handle();
    private final PartialResponseContext context = new PartialResponseContext(handle);
    private volatile @Nullable EventSource source;

    private @Nullable String id;
    private @Nullable String answeringModel;
    private @Nullable String finishReason;
    private ChatCompletionResponse.@Nullable Usage usage;

    StreamingResponseListener(
            StreamingChatResponseHandler handler, ChatCompletionsCodec codec, ErrorMapper errors, String model) {
        this.handler = handler;
        this.codec = codec;
        this.errors = errors;
        this.model = model;
    }

    /** Cancels the stream at any time, even before the first token; no handler callback follows. */
    StreamingHandle handle() {
        return handle;
    }

    /** Called once the event source exists; a cancel that came earlier takes effect now. */
    void attach(EventSource eventSource) {
        source = eventSource;
        if (handle.isCancelled()) {
            eventSource.cancel();
        }
    }

    @Override
    public void onOpen(EventSource eventSource, Response response) {
        source = eventSource;
        if (handle.isCancelled()) {
            eventSource.cancel();
        }
    }

    @Override
    public void onEvent(EventSource eventSource, @Nullable String eventId, @Nullable String type, String data) {
        if (finished.get()) {
            return;
        }
        if (data.strip().equals("[DONE]")) {
            complete();
            return;
        }
        ChatCompletionChunk chunk;
        try {
            chunk = codec.readChunk(data);
        } catch (UnreadableAnswerException e) {
            fail(eventSource, errors.unreadable(e));
            return;
        }
        if (chunk.hasError()) {
            fail(eventSource, errors.streamError(chunk.error()));
            return;
        }
        if (id == null) {
            id = chunk.id();
        }
        if (answeringModel == null) {
            answeringModel = chunk.model();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return;
        }
        ChatCompletionChunk.Choice choice = chunk.choices().get(0);
        if (choice.finishReason() != null) {
            finishReason = choice.finishReason();
        }
        ChatCompletionChunk.Delta delta = choice.delta();
        if (delta == null) {
            return;
        }
        try {
            if (delta.reasoningContent() != null && !delta.reasoningContent().isEmpty()) {
                thinking.append(delta.reasoningContent());
                handler.onPartialThinking(new PartialThinking(delta.reasoningContent()));
            }
            if (delta.refusal() != null) {
                refusal.append(delta.refusal());
            }
            if (delta.content() != null && !delta.content().isEmpty()) {
                text.append(delta.content());
                handler.onPartialResponse(new PartialResponse(delta.content()), context);
            }
            if (delta.toolCalls() != null) {
                for (ChatCompletionResponse.ToolCall call : delta.toolCalls()) {
                    toolCallDelta(call);
                }
            }
        } catch (RuntimeException e) {
            // The caller's handler failed; stop the stream and hand its own exception back to it.
            fail(eventSource, e);
        }
    }

    private void toolCallDelta(ChatCompletionResponse.ToolCall call) {
        int index = call.index() == null ? 0 : call.index();
        // A new index means the calls before it are whole (OpenAI streams them one after another).
        completeToolCallsBefore(index);
        ToolCallInProgress inProgress = toolCalls.computeIfAbsent(index, i -> new ToolCallInProgress());
        if (call.id() != null) {
            inProgress.id = call.id();
        }
        ChatCompletionResponse.FunctionCall function = call.function();
        if (function == null) {
            return;
        }
        if (function.name() != null) {
            inProgress.name = function.name();
        }
        String piece = function.arguments() == null ? "" : function.arguments();
        inProgress.arguments.append(piece);
        if (!piece.isEmpty()) {
            handler.onPartialToolCall(PartialToolCall.builder()
                    .index(index)
                    .id(inProgress.id)
                    .name(inProgress.name)
                    .partialArguments(piece)
                    .build());
        }
    }

    private void completeToolCallsBefore(int index) {
        for (var entry : toolCalls.headMap(index, false).entrySet()) {
            if (!entry.getValue().completed) {
                entry.getValue().completed = true;
                handler.onCompleteToolCall(
                        new CompleteToolCall(entry.getKey(), entry.getValue().request()));
            }
        }
    }

    /** One streamed tool call: its id and name come first, the arguments in pieces. */
    private static final class ToolCallInProgress {
        private @Nullable String id;
        private @Nullable String name;
        private final StringBuilder arguments = new StringBuilder();
        private boolean completed;

        ToolExecutionRequest request() {
            return ToolExecutionRequest.builder()
                    .id(id)
                    .name(name)
                    .arguments(arguments.isEmpty() ? "{}" : arguments.toString())
                    .build();
        }
    }

    @Override
    public void onClosed(EventSource eventSource) {
        if (finished.get()) {
            return;
        }
        if (finishReason != null) {
            complete();
        } else {
            fail(eventSource, errors.truncatedStream());
        }
    }

    @Override
    public void onFailure(EventSource eventSource, @Nullable Throwable t, @Nullable Response response) {
        if (finished.get()) {
            return;
        }
        if (response != null && !response.isSuccessful()) {
            fail(eventSource, errors.fromStatus(response, model));
        } else if (t instanceof IOException io) {
            fail(eventSource, errors.fromIo(io));
        } else if (response != null && t instanceof IllegalStateException) {
            // OkHttp's signal for a successful answer that is not text/event-stream.
            fail(eventSource, errors.notAnEventStream(response.header("Content-Type")));
        } else {
            fail(eventSource, errors.unexpected(t));
        }
    }

    private void complete() {
        if (finished.get()) {
            return;
        }
        if (!refusal.isEmpty() && text.isEmpty()) {
            EventSource current = source;
            TierException refused = errors.refused(refusal.toString(), answeringModel == null ? model : answeringModel);
            if (current != null) {
                fail(current, refused);
            } else if (finished.compareAndSet(false, true)) {
                handler.onError(refused);
            }
            return;
        }
        try {
            completeToolCallsBefore(Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            EventSource current = source;
            if (current != null) {
                fail(current, e);
                return;
            }
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ChatResponse response = ChatCompletionsCodec.chatResponse(
                text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString(),
                thinking.toString(),
                toolCalls.values().stream().map(ToolCallInProgress::request).toList(),
                id,
                answeringModel,
                ChatCompletionsCodec.finishReason(finishReason),
                usage);
        try {
            handler.onCompleteResponse(response);
        } catch (RuntimeException e) {
            // Exactly one terminal callback: the answer was delivered, so onError does not follow.
            LOG.warn("The streaming handler threw from onCompleteResponse; the exception is ignored", e);
        }
    }

    private void fail(EventSource eventSource, Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        eventSource.cancel();
        try {
            handler.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("The streaming handler threw from onError; the exception is ignored", e);
        }
    }

    /** Cancelling stops the HTTP call and silences the handler: neither completion nor error follows. */
    private final class Handle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                finished.set(true);
                EventSource current = source;
                if (current != null) {
                    current.cancel();
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
