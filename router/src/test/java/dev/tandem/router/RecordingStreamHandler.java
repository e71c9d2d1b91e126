package dev.tandem.router;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Records a routed stream: each chunk, then the completion or the error. */
final class RecordingStreamHandler implements StreamingChatResponseHandler {

    final List<String> chunks = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    volatile @Nullable StreamingHandle handle;
    private final int cancelAfterChunks;

    RecordingStreamHandler() {
        this(-1);
    }

    /** Cancels through LangChain4j's handle once it has this many chunks. */
    RecordingStreamHandler(int cancelAfterChunks) {
        this.cancelAfterChunks = cancelAfterChunks;
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        handle = context.streamingHandle();
        chunks.add(partial.text());
        if (chunks.size() == cancelAfterChunks) {
            context.streamingHandle().cancel();
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    String text() {
        return String.join("", chunks);
    }

    ChatResponse await() throws Exception {
        return done.get(10, TimeUnit.SECONDS);
    }

    Throwable awaitError() throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError(
                "the stream completed: " + done.get().aiMessage().text());
    }

    /** True when nothing at all reaches this handler within the wait. */
    boolean staysSilentFor(Duration wait) throws InterruptedException {
        int before = chunks.size();
        Thread.sleep(wait.toMillis());
        return chunks.size() == before && !done.isDone();
    }
}
