package dev.tandem.router;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.router.assess.MessageText;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A chat model that records what it receives and answers with a function of the request. */
final class FakeChatModel implements ChatModel {

    private final String modelName;
    private final Function<ChatRequest, String> answer;
    private final List<ChatRequest> received = new CopyOnWriteArrayList<>();

    private FakeChatModel(String modelName, Function<ChatRequest, String> answer) {
        this.modelName = modelName;
        this.answer = answer;
    }

    static FakeChatModel answering(String modelName, String text) {
        return new FakeChatModel(modelName, request -> text);
    }

    /** Answers with the text of the last message it received, as an echo server would. */
    static FakeChatModel echoing(String modelName) {
        return new FakeChatModel(
                modelName,
                request -> "echo: "
                        + MessageText.of(
                                request.messages().get(request.messages().size() - 1)));
    }

    static FakeChatModel failing(String modelName, RuntimeException error) {
        return new FakeChatModel(modelName, request -> {
            throw error;
        });
    }

    List<ChatRequest> received() {
        return received;
    }

    /** Every text this model was sent, joined, to search for values that must not be there. */
    String everythingReceived() {
        StringBuilder all = new StringBuilder();
        received.forEach(request ->
                request.messages().forEach(m -> all.append(MessageText.of(m)).append('\n')));
        return all.toString();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        received.add(request);
        String text = answer.apply(request);
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .modelName(modelName)
                .tokenUsage(new TokenUsage(10, 5))
                .build();
    }
}
