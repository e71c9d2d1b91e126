package dev.tandem.local;

import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.exception.TierRequestRejectedException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders LangChain4j messages with the model's own chat template (tokenizer_config.json's
 * {@code chat_template}, rendered by Jlama with Jinjava), so the model sees the turn markers it was
 * trained on. Only text travels: tool calls, tool results and media are rejected, never dropped.
 */
final class ChatPrompt {

    private ChatPrompt() {}

    /**
     * @throws TierRequestRejectedException naming the message index and kind the local tier cannot take;
     *     the message never contains the text of the request
     */
    static String render(PromptSupport promptSupport, List<ChatMessage> messages, String tier) {
        PromptSupport.Builder prompt = promptSupport.builder().addGenerationPrompt(true);
        for (int index = 0; index < messages.size(); index++) {
            ChatMessage message = messages.get(index);
            switch (message) {
                case SystemMessage system -> prompt.addSystemMessage(system.text());
                case UserMessage user -> prompt.addUserMessage(userText(user, index, tier));
                case AiMessage ai -> prompt.addAssistantMessage(aiText(ai, index, tier));
                default ->
                    throw rejected(tier, index, "a " + message.type().name().toLowerCase(Locale.ROOT) + " message");
            }
        }
        return prompt.build().getPrompt();
    }

    private static String userText(UserMessage user, int index, String tier) {
        if (user.hasSingleText()) {
            return user.singleText();
        }
        for (Content content : user.contents()) {
            if (!(content instanceof TextContent)) {
                throw rejected(tier, index, content.type().name().toLowerCase(Locale.ROOT) + " content");
            }
        }
        return user.contents().stream()
                .map(content -> ((TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }

    private static String aiText(AiMessage ai, int index, String tier) {
        if (ai.hasToolExecutionRequests()) {
            throw rejected(tier, index, "a tool call");
        }
        return ai.text() == null ? "" : ai.text();
    }

    private static TierRequestRejectedException rejected(String tier, int index, String what) {
        return new TierRequestRejectedException(
                tier,
                "Message " + index + " carries " + what + ", which the local Jlama tier cannot take: it runs text"
                        + " chat only. Send text messages, or route the request to a tier that supports it.",
                null);
    }
}
