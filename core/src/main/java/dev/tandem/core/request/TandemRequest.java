package dev.tandem.core.request;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import java.util.UUID;

/**
 * One request to route: a LangChain4j {@link ChatRequest} (messages and parameters), the caller's
 * {@link CallerMetadata}, and an id that every event, attempt and audit record of the request carries.
 *
 * <p>The id is generated when the caller does not supply one. Instances are immutable; {@code
 * toString} never prints message text, which may hold personal data.
 */
public record TandemRequest(String id, ChatRequest chatRequest, CallerMetadata caller) {

    public TandemRequest {
        requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("request id must not be blank");
        }
        requireNonNull(chatRequest, "chatRequest");
        requireNonNull(caller, "caller");
    }

    /** A request with a fresh random id. */
    public static TandemRequest of(ChatRequest chatRequest, CallerMetadata caller) {
        return new TandemRequest(UUID.randomUUID().toString(), chatRequest, caller);
    }

    public List<ChatMessage> messages() {
        return chatRequest.messages();
    }

    @Override
    public String toString() {
        return "TandemRequest[id=" + id + ", messages=" + chatRequest.messages().size() + ", tenant="
                + caller.tenant().orElse("-") + "]";
    }
}
