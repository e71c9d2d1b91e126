package dev.tandem.cli.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.DataClassification;
import dev.tandem.core.request.TandemRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One line of the {@code chat --batch} and {@code route --jsonl} input:
 *
 * <pre>{@code
 * {"id": "1", "prompt": "..."}
 * {"id": "2", "messages": [{"role": "system|user|assistant", "content": "..."}],
 *  "metadata": {"tenant": "acme", "tags": ["support"], "headers": {"x-region": "eu"},
 *               "deadline": "2026-01-01T00:00:00Z", "classification": "confidential"}}
 * }</pre>
 *
 * @param id the line's {@code id} as given (any JSON value), echoed in the result; JSON null when absent
 */
public record BatchRequest(JsonNode id, TandemRequest request) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("id", "prompt", "messages", "metadata");
    private static final Set<String> METADATA_KEYS = Set.of("tenant", "tags", "headers", "deadline", "classification");

    /** A line that could not be read: its id when one could be found, and what is wrong with it. */
    public static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient JsonNode id;

        MalformedLineException(JsonNode id, String message) {
            super(message);
            this.id = id;
        }

        public JsonNode id() {
            return id;
        }
    }

    /** Reads one line; {@code lineNumber} (1-based) is used in messages. */
    public static BatchRequest parse(String line, int lineNumber) throws MalformedLineException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new MalformedLineException(NullNode.getInstance(), "line " + lineNumber + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException(NullNode.getInstance(), "line " + lineNumber + " is not a JSON object");
        }
        JsonNode id = node.has("id") ? node.get("id") : NullNode.getInstance();
        String where = "line " + lineNumber;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new MalformedLineException(
                        id,
                        where + ": unknown key '" + name + "' (allowed: "
                                + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        List<ChatMessage> messages = messages(node, id, where);
        CallerMetadata caller = metadata(node.get("metadata"), id, where);
        String requestId = id.isTextual() || id.isNumber()
                ? id.asText()
                : UUID.randomUUID().toString();
        if (requestId.isBlank()) {
            requestId = UUID.randomUUID().toString();
        }
        return new BatchRequest(
                id,
                new TandemRequest(
                        requestId, ChatRequest.builder().messages(messages).build(), caller));
    }

    private static List<ChatMessage> messages(JsonNode node, JsonNode id, String where) throws MalformedLineException {
        boolean hasPrompt = node.has("prompt");
        boolean hasMessages = node.has("messages");
        if (hasPrompt == hasMessages) {
            throw new MalformedLineException(
                    id, where + ": give either \"prompt\" or \"messages\", not " + (hasPrompt ? "both" : "neither"));
        }
        if (hasPrompt) {
            JsonNode prompt = node.get("prompt");
            if (!prompt.isTextual() || prompt.asText().isBlank()) {
                throw new MalformedLineException(id, where + ": \"prompt\" must be a non-empty string");
            }
            return List.of(UserMessage.from(prompt.asText()));
        }
        JsonNode list = node.get("messages");
        if (!list.isArray() || list.isEmpty()) {
            throw new MalformedLineException(id, where + ": \"messages\" must be a non-empty array");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            String at = where + ": messages[" + i + "]";
            if (!message.path("content").isTextual()) {
                throw new MalformedLineException(id, at + ".content must be a string");
            }
            String content = message.get("content").asText();
            String role = message.path("role").asText("");
            messages.add(
                    switch (role) {
                        case "system" -> SystemMessage.from(content);
                        case "user" -> UserMessage.from(content);
                        case "assistant" -> AiMessage.from(content);
                        default ->
                            throw new MalformedLineException(
                                    id, at + ".role must be system, user or assistant, was '" + role + "'");
                    });
        }
        return messages;
    }

    private static CallerMetadata metadata(JsonNode node, JsonNode id, String where) throws MalformedLineException {
        if (node == null || node.isNull()) {
            return CallerMetadata.none();
        }
        if (!node.isObject()) {
            throw new MalformedLineException(id, where + ": \"metadata\" must be an object");
        }
        CallerMetadata.Builder caller = CallerMetadata.builder();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "tenant" -> caller.tenant(value.asText());
                    case "tags" -> value.forEach(tag -> caller.tag(tag.asText()));
                    case "headers" ->
                        value.fields()
                                .forEachRemaining(h ->
                                        caller.header(h.getKey(), h.getValue().asText()));
                    case "deadline" -> caller.deadline(Instant.parse(value.asText()));
                    case "classification" ->
                        caller.classification(
                                DataClassification.valueOf(value.asText().toUpperCase(Locale.ROOT)));
                    default ->
                        throw new MalformedLineException(
                                id,
                                where + ": unknown metadata key '" + field.getKey() + "' (allowed: "
                                        + String.join(", ", new java.util.TreeSet<>(METADATA_KEYS)) + ")");
                }
            }
        } catch (DateTimeParseException e) {
            throw new MalformedLineException(
                    id, where + ": metadata.deadline must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        } catch (IllegalArgumentException e) {
            throw new MalformedLineException(id, where + ": metadata is invalid: " + e.getMessage());
        }
        return caller.build();
    }
}
