package dev.tandem.router.redact;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.router.assess.MessageText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces the entities a {@link RedactionPlan} covers with placeholders such as {@code <EMAIL_1>}.
 * The same value gets the same placeholder everywhere in the request, so the remote model can still
 * refer to it, and {@link Redaction#restore(String)} puts the originals back into the answer.
 *
 * <p>The mapping lives only in the returned {@link Redaction}, in memory, for one request.
 */
public final class Redactor {

    private Redactor() {}

    public static Redaction redact(ChatRequest request, List<PrivacyFinding> findings, RedactionPlan plan) {
        List<ChatMessage> messages = request.messages();
        Map<String, String> placeholderByValue = new HashMap<>();
        Map<String, Integer> countersByType = new HashMap<>();
        Map<String, String> originals = new HashMap<>();
        List<ChatMessage> redacted = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            int index = i;
            List<PrivacyFinding> inMessage = findings.stream()
                    .filter(finding -> finding.messageIndex() == index && plan.covers(finding.type()))
                    .sorted(Comparator.comparingInt(finding -> finding.span().start()))
                    .toList();
            if (inMessage.isEmpty()) {
                redacted.add(messages.get(i));
                continue;
            }
            String text = MessageText.of(messages.get(i));
            StringBuilder out = new StringBuilder(text.length());
            int cursor = 0;
            for (PrivacyFinding finding : inMessage) {
                String value =
                        text.substring(finding.span().start(), finding.span().end());
                String type = finding.type().name();
                String placeholder = placeholderByValue.computeIfAbsent(
                        type + '\u0000' + value,
                        key -> "<" + type + "_" + countersByType.merge(type, 1, Integer::sum) + ">");
                originals.put(placeholder, value);
                out.append(text, cursor, finding.span().start()).append(placeholder);
                cursor = finding.span().end();
            }
            out.append(text, cursor, text.length());
            redacted.add(withText(messages.get(i), out.toString()));
        }
        return new Redaction(request.toBuilder().messages(redacted).build(), originals);
    }

    /** The same kind of message with new text; a user message keeps its non-text parts. */
    private static ChatMessage withText(ChatMessage message, String text) {
        return switch (message) {
            case SystemMessage system -> SystemMessage.from(text);
            case AiMessage ai -> AiMessage.from(text);
            case ToolExecutionResultMessage tool -> ToolExecutionResultMessage.from(tool.id(), tool.toolName(), text);
            case UserMessage user -> {
                List<Content> contents = new ArrayList<>();
                contents.add(TextContent.from(text));
                user.contents().stream()
                        .filter(c -> !(c instanceof TextContent))
                        .forEach(contents::add);
                yield user.name() == null ? UserMessage.from(contents) : UserMessage.from(user.name(), contents);
            }
            default ->
                throw new IllegalStateException("cannot redact a "
                        + message.getClass().getSimpleName() + "; only text messages carry findings");
        };
    }
}
