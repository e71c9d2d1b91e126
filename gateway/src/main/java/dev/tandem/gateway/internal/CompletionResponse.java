package dev.tandem.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.decision.Reason;
import dev.tandem.router.TandemResponseMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes OpenAI's {@code chat.completion} object and {@code chat.completion.chunk}s from a routed answer,
 * with the routing metadata in a {@code tandem} extension field and in {@code x-tandem-*} headers: tier,
 * model, the decision's reasons and the entity types redacted, by count (never values).
 */
public final class CompletionResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CompletionResponse() {}

    public static ObjectNode completion(String id, long created, ChatResponse response) {
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", routing.outcome().model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        AiMessage ai = response.aiMessage();
        message.put("content", ai.text());
        if (ai.hasToolExecutionRequests()) {
            message.set("tool_calls", toolCalls(ai.toolExecutionRequests(), false));
        }
        message.putNull("refusal");
        choice.put("finish_reason", finishReason(response.finishReason(), ai));
        root.set("usage", usage(response.tokenUsage()));
        root.set("tandem", routing(routing));
        return root;
    }

    /** A chunk carrying a delta: {@code role} on the first, then {@code content}. */
    public static ObjectNode chunk(String id, long created, String model, ObjectNode delta, @Nullable String finish) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", created);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        return root;
    }

    public static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    /** The last chunk of a stream: its finish reason and, since the serving tier is known only now, the routing. */
    public static ObjectNode lastChunk(String id, long created, ChatResponse response) {
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        ObjectNode delta = delta();
        AiMessage ai = response.aiMessage();
        if (ai.hasToolExecutionRequests()) {
            delta.set("tool_calls", toolCalls(ai.toolExecutionRequests(), true));
        }
        ObjectNode chunk =
                chunk(id, created, routing.outcome().model(), delta, finishReason(response.finishReason(), ai));
        chunk.set("tandem", routing(routing));
        return chunk;
    }

    /** The usage chunk of {@code stream_options.include_usage}: no choices, only usage. */
    public static ObjectNode usageChunk(String id, long created, ChatResponse response) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", created);
        root.put("model", TandemResponseMetadata.from(response).outcome().model());
        root.putArray("choices");
        root.set("usage", usage(response.tokenUsage()));
        return root;
    }

    /** The {@code x-tandem-*} headers: ASCII, one line each. */
    public static Map<String, String> headers(ChatResponse response) {
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-tandem-tier", routing.outcome().tier());
        headers.put("x-tandem-model", headerValue(routing.outcome().model()));
        headers.put(
                "x-tandem-reasons",
                headerValue(
                        routing.decision().reasons().stream().map(Reason::rule).collect(Collectors.joining(","))));
        headers.put("x-tandem-redactions", redactions(routing));
        return headers;
    }

    private static ObjectNode routing(TandemResponseMetadata routing) {
        ObjectNode node = JSON.createObjectNode();
        node.put("request_id", routing.requestId());
        node.put("tier", routing.outcome().tier());
        node.put("locality", routing.outcome().locality().wireName());
        node.put("model", routing.outcome().model());
        node.put("degraded", routing.outcome().degraded());
        ArrayNode reasons = node.putArray("reasons");
        routing.decision().reasons().stream().map(Reason::describe).forEach(reasons::add);
        ObjectNode redactions = node.putObject("redactions");
        redactionCounts(routing).forEach(redactions::put);
        node.put("sensitivity", routing.assessment().privacy().sensitivity().wireName());
        node.put("difficulty", Math.round(routing.assessment().difficulty().score() * 1000.0) / 1000.0);
        return node;
    }

    private static String redactions(TandemResponseMetadata routing) {
        return redactionCounts(routing).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    /** Entity types the plan redacted before a remote tier saw them, with their counts; empty when nothing left. */
    private static Map<String, Integer> redactionCounts(TandemResponseMetadata routing) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        boolean sentRemotely = routing.outcome().attempts().stream().anyMatch(attempt -> attempt.redacted());
        if (!sentRemotely) {
            return counts;
        }
        routing.assessment().privacy().countsByType().forEach((type, count) -> {
            if (routing.decision().redaction().covers(type)) {
                counts.put(type.name(), count);
            }
        });
        return counts;
    }

    private static ArrayNode toolCalls(List<ToolExecutionRequest> requests, boolean indexed) {
        ArrayNode calls = JSON.createArrayNode();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            ObjectNode call = calls.addObject();
            if (indexed) {
                call.put("index", i);
            }
            call.put("id", request.id() == null ? "call_" + i : request.id());
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", request.name());
            function.put("arguments", request.arguments());
        }
        return calls;
    }

    private static String finishReason(@Nullable FinishReason reason, AiMessage ai) {
        if (ai.hasToolExecutionRequests()) {
            return "tool_calls";
        }
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }

    private static ObjectNode usage(@Nullable TokenUsage usage) {
        ObjectNode node = JSON.createObjectNode();
        int input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        node.put("prompt_tokens", input);
        node.put("completion_tokens", output);
        node.put("total_tokens", input + output);
        return node;
    }

    private static String headerValue(String value) {
        StringBuilder ascii = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return ascii.toString();
    }
}
