package dev.tandem.router.resilience;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Fails or answers call by call from a script; answers "ok" when the script is used up. */
final class ScriptedModel implements ChatModel {

    private final Deque<Supplier<String>> script;
    final AtomicInteger calls = new AtomicInteger();

    @SafeVarargs
    ScriptedModel(Supplier<String>... steps) {
        this.script = new ArrayDeque<>(List.of(steps));
    }

    static Supplier<String> fail(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        calls.incrementAndGet();
        Supplier<String> step;
        synchronized (script) {
            step = script.pollFirst();
        }
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(step == null ? "ok" : step.get()))
                .build();
    }
}
