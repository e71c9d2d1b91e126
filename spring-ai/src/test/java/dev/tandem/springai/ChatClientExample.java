package dev.tandem.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import reactor.core.publisher.Flux;

/**
 * The Spring AI example of docs/embedding.md: a service on the injected {@code ChatClient.Builder}, which
 * the Tandem starters build on the router. {@code TandemSpringAiChatModelTest} runs it.
 */
class ChatClientExample {

    private final ChatClient chatClient;
    private final Calculator calculator;

    ChatClientExample(ChatClient.Builder chatClientBuilder, Calculator calculator) {
        this.chatClient = chatClientBuilder.build();
        this.calculator = calculator;
    }

    /** The answer, with where Tandem served it. */
    String answer(String question) {
        ChatResponse response =
                chatClient.prompt().user(question).tools(calculator).call().chatResponse();
        String tier = TandemSpringAiChatModel.routing(response)
                .map(routing -> routing.outcome().tier())
                .orElse("?");
        return tier + ": " + response.getResult().getOutput().getText();
    }

    /** The answer as it is written. */
    Flux<String> stream(String question) {
        return chatClient.prompt().user(question).stream().content();
    }
}
