package dev.tandem.core.tier;

import dev.langchain4j.data.message.AiMessage;
import java.util.List;

/**
 * How a tier flags tool calls whose arguments are not valid JSON. The call is still returned exactly as
 * the model produced it (LangChain4j's {@code AiServices} then reports the bad arguments to the model
 * through its tool-arguments error handler); the flag lets a caller tell at once, without parsing.
 *
 * <pre>{@code
 * List<String> bad = MalformedToolCalls.of(response.aiMessage()); // ids (or names) of the bad calls
 * }</pre>
 */
public final class MalformedToolCalls {

    /** The {@link AiMessage#attributes()} key holding the list of ids (or names, when a call has no id). */
    public static final String ATTRIBUTE = "tandem.malformed_tool_calls";

    private MalformedToolCalls() {}

    /** The ids (or names) of the tool calls in {@code message} whose arguments are not valid JSON. */
    public static List<String> of(AiMessage message) {
        Object flagged = message.attributes().get(ATTRIBUTE);
        if (flagged instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
