package dev.tandem.router.assess;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.stream.Collectors;

/** The text of a LangChain4j message, as the stages read it, and a cheap token estimate for it. */
public final class MessageText {

    /** Characters per token for mixed English text and code; a common rule of thumb for BPE vocabularies. */
    private static final double CHARS_PER_TOKEN = 4.0;

    private MessageText() {}

    /** The text content of a message; non-text parts (images, audio) contribute nothing. */
    public static String of(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> system.text();
            // Most user messages are one text: returned as it is, not copied by a joining collector.
            case UserMessage user when user.hasSingleText() -> user.singleText();
            case UserMessage user ->
                user.contents().stream()
                        .filter(TextContent.class::isInstance)
                        .map(content -> ((TextContent) content).text())
                        .collect(Collectors.joining("\n"));
            case AiMessage ai -> ai.text() == null ? "" : ai.text();
            case ToolExecutionResultMessage tool -> tool.text();
            case CustomMessage custom -> "";
            default -> "";
        };
    }

    public static int estimateTokens(String text) {
        return (int) Math.ceil(text.length() / CHARS_PER_TOKEN);
    }
}
