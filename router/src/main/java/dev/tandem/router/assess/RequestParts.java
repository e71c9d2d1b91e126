package dev.tandem.router.assess;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every piece of text in a request that may leave the machine, in a fixed order, and the pieces that
 * cannot be read as text at all. The assess stage scans these texts and the redact stage rewrites the
 * same texts, so that both always agree on what a finding's offsets point at.
 *
 * <p>The request is read as sections: one per message ({@code section == messageIndex}), then one
 * more for the request parameters ({@code section == messages().size()}). Each part is scanned on its
 * own; a finding's span counts in the section's scan text, its parts joined by a line break, a NUL and
 * a line break. The parts of each
 * message type, in order:
 *
 * <ul>
 *   <li>system: its text;
 *   <li>user: its {@code name}, then each text content (images, audio, video and PDF are unscannable);
 *   <li>AI: its text, its thinking, then each tool call's arguments (tool names are the application's
 *       own and stay as they are; generated images are unscannable);
 *   <li>tool result: its text;
 *   <li>custom: each string attribute value, nested maps and lists included (other values are
 *       unscannable);
 *   <li>parameters: each stop sequence; parameters of a provider-specific class are unscannable, since
 *       their extra fields cannot be read.
 * </ul>
 *
 * <p>{@link #rebuild} puts rewritten texts back into a message of the same shape: an AI message keeps
 * its tool calls (ids unchanged), a tool result keeps its id and tool name, a user message keeps its
 * other contents in order. Stateless and thread-safe.
 */
public final class RequestParts {

    /** What joins the parts of one section; no recognizer matches across a line break and a NUL. */
    public static final String SEPARATOR_TEXT = "\n\u0000\n";

    private RequestParts() {}

    /** The texts of section {@code section} of {@code request}, in the order described above. */
    public static List<String> texts(ChatRequest request, int section) {
        List<ChatMessage> messages = request.messages();
        if (section < messages.size()) {
            return texts(messages.get(section));
        }
        List<String> stops = request.parameters().stopSequences();
        return stops == null
                ? List.of()
                : stops.stream().filter(Objects::nonNull).toList();
    }

    /** How many sections {@code request} has: its messages and its parameters. */
    public static int sectionCount(ChatRequest request) {
        return request.messages().size() + 1;
    }

    /** The section's parts joined by {@link #SEPARATOR_TEXT}: the text a finding's offsets count in. */
    public static String scanText(ChatRequest request, int section) {
        return String.join(SEPARATOR_TEXT, texts(request, section));
    }

    /** The texts of one message, in the order described in the class comment. */
    public static List<String> texts(ChatMessage message) {
        List<String> texts = new ArrayList<>();
        switch (message) {
            case SystemMessage system -> texts.add(system.text());
            case UserMessage user -> {
                if (user.name() != null) {
                    texts.add(user.name());
                }
                for (Content content : user.contents()) {
                    if (content instanceof TextContent text) {
                        texts.add(text.text());
                    }
                }
            }
            case AiMessage ai -> {
                texts.add(ai.text() == null ? "" : ai.text());
                texts.add(ai.thinking() == null ? "" : ai.thinking());
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    texts.add(call.arguments() == null ? "" : call.arguments());
                }
            }
            case ToolExecutionResultMessage tool -> texts.add(tool.text() == null ? "" : tool.text());
            case CustomMessage custom -> collectStrings(custom.attributes(), texts);
            default -> {}
        }
        return texts;
    }

    /**
     * What in section {@code section} cannot be scanned, each named by kind and position (never by
     * content), such as {@code "message 2: image"}; empty when everything is text.
     */
    public static List<String> unscannable(ChatRequest request, int section) {
        List<ChatMessage> messages = request.messages();
        List<String> found = new ArrayList<>();
        if (section < messages.size()) {
            String where = "message " + section + ": ";
            switch (messages.get(section)) {
                case UserMessage user ->
                    user.contents().stream()
                            .filter(content -> !(content instanceof TextContent))
                            .forEach(content ->
                                    found.add(where + content.type().name().toLowerCase(java.util.Locale.ROOT)));
                case AiMessage ai -> {
                    if (!ai.images().isEmpty()) {
                        found.add(where + "generated image");
                    }
                }
                case CustomMessage custom -> {
                    if (hasOpaqueValue(custom.attributes())) {
                        found.add(where + "custom attribute that is not text");
                    }
                }
                default -> {}
            }
        } else {
            ChatRequestParameters parameters = request.parameters();
            if (parameters != null && parameters.getClass() != DefaultChatRequestParameters.class) {
                found.add("parameters: " + parameters.getClass().getSimpleName() + " (provider-specific fields)");
            }
        }
        return found;
    }

    /**
     * A message of the same shape as {@code message} with its texts replaced by {@code texts}, which
     * must be as many as {@link #texts(ChatMessage)} returned for it.
     */
    public static ChatMessage rebuild(ChatMessage message, List<String> texts) {
        List<String> before = texts(message);
        if (before.size() != texts.size()) {
            throw new IllegalArgumentException(
                    "a " + message.type() + " message has " + before.size() + " texts, not " + texts.size());
        }
        if (before.equals(texts)) {
            return message;
        }
        return switch (message) {
            case SystemMessage system -> SystemMessage.from(texts.get(0));
            case UserMessage user -> {
                int next = 0;
                String name = user.name() == null ? null : texts.get(next++);
                List<Content> contents = new ArrayList<>(user.contents().size());
                for (Content content : user.contents()) {
                    contents.add(content instanceof TextContent ? TextContent.from(texts.get(next++)) : content);
                }
                yield UserMessage.builder()
                        .name(name)
                        .contents(contents)
                        .attributes(user.attributes())
                        .build();
            }
            case AiMessage ai -> {
                List<ToolExecutionRequest> calls = new ArrayList<>();
                int next = 2;
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    calls.add(call.toBuilder().arguments(texts.get(next++)).build());
                }
                yield AiMessage.builder()
                        .text(ai.text() == null && texts.get(0).isEmpty() ? null : texts.get(0))
                        .thinking(ai.thinking() == null && texts.get(1).isEmpty() ? null : texts.get(1))
                        .toolExecutionRequests(calls)
                        .attributes(ai.attributes())
                        .build();
            }
            case ToolExecutionResultMessage tool ->
                ToolExecutionResultMessage.builder()
                        .id(tool.id())
                        .toolName(tool.toolName())
                        .text(texts.get(0))
                        .isError(tool.isError())
                        .build();
            case CustomMessage custom -> {
                int[] next = {0};
                yield CustomMessage.from(replaceStrings(custom.attributes(), texts, next));
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot rebuild a " + message.getClass().getSimpleName() + " message");
        };
    }

    /** {@code request} with the stop sequences of its parameters replaced by {@code stops}. */
    public static ChatRequest withStopSequences(ChatRequest request, List<String> stops) {
        if (stops.equals(texts(request, request.messages().size()))) {
            return request;
        }
        ChatRequestParameters parameters = request.parameters();
        ChatRequestParameters replaced = parameters.overrideWith(
                DefaultChatRequestParameters.builder().stopSequences(stops).build());
        return request.toBuilder().parameters(replaced).build();
    }

    private static void collectStrings(Object value, List<String> texts) {
        switch (value) {
            case String text -> texts.add(text);
            case Map<?, ?> map -> map.values().forEach(v -> collectStrings(v, texts));
            case List<?> list -> list.forEach(v -> collectStrings(v, texts));
            case null, default -> {}
        }
    }

    private static boolean hasOpaqueValue(Object value) {
        return switch (value) {
            case null -> false;
            case String text -> false;
            case Number number -> false;
            case Boolean bool -> false;
            case Map<?, ?> map -> map.values().stream().anyMatch(RequestParts::hasOpaqueValue);
            case List<?> list -> list.stream().anyMatch(RequestParts::hasOpaqueValue);
            default -> true;
        };
    }

    private static Object replaceStrings(Object value, List<String> texts, int[] next) {
        return switch (value) {
            case String text -> texts.get(next[0]++);
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, replaceStrings(v, texts, next)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(replaceStrings(v, texts, next)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replaceStrings(Map<String, Object> attributes, List<String> texts, int[] next) {
        return (Map<String, Object>) replaceStrings((Object) attributes, texts, next);
    }
}
