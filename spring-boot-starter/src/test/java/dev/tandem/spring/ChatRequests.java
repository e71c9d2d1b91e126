package dev.tandem.spring;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;

final class ChatRequests {

    private ChatRequests() {}

    static ChatRequest of(String text) {
        return ChatRequest.builder().messages(UserMessage.from(text)).build();
    }
}
