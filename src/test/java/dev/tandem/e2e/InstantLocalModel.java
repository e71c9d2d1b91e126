package dev.tandem.e2e;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.atomic.AtomicInteger;

/** A local tier that answers at once: the load test measures the router, not a model. */
final class InstantLocalModel implements ChatModel {

    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse doChat(ChatRequest request) {
        calls.incrementAndGet();
        return ChatResponse.builder()
                .aiMessage(AiMessage.from("local answer"))
                .modelName("instant-local")
                .tokenUsage(new TokenUsage(8, 2))
                .finishReason(FinishReason.STOP)
                .build();
    }
}
