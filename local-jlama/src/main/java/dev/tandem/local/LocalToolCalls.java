package dev.tandem.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool calling for models run in process: the Hermes-style prompt block that offers the tools, and the
 * parser that finds tool calls in what the model wrote.
 *
 * <p>The parser accepts the two shapes small instruct models are trained on:
 *
 * <ul>
 *   <li>{@code <tool_call>{"name": "...", "arguments": {...}}</tool_call>}, one block per call (Qwen2.5,
 *       Hermes, and the block this class offers to models whose template has no tools); a last block cut
 *       off by the token budget counts up to the end of the answer;
 *   <li>an answer that is only a JSON object {@code {"name": "...", "parameters": {...}}} (Llama 3.1 and
 *       later) or a JSON array of them, possibly in a Markdown code fence.
 * </ul>
 *
 * Arguments that are not valid JSON are kept exactly as written and flagged, as {@link
 * dev.tandem.core.tier.MalformedToolCalls} describes; text outside the blocks stays the answer's text.
 */
final class LocalToolCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BLOCK = Pattern.compile("<tool_call>(.*?)(?:</tool_call>|$)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RAW_ARGUMENTS =
            Pattern.compile("\"(?:arguments|parameters)\"\\s*:\\s*(.*?)\\s*}?\\s*$", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*(.*?)\\s*```$", Pattern.DOTALL);

    /** What the model wrote, split into text and tool calls. */
    record Parsed(String text, List<ToolExecutionRequest> calls, List<String> malformed) {
        boolean hasCalls() {
            return !calls.isEmpty();
        }
    }

    private LocalToolCalls() {}

    /** Two entries in the order written: {@code Map.of} iterates in an order that changes from run to run. */
    private static Map<String, Object> inOrder(
            String firstKey, Object firstValue, String secondKey, Object secondValue) {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put(firstKey, firstValue);
        entries.put(secondKey, secondValue);
        return entries;
    }

    /** The system-message block that offers {@code tools} to a model whose template does not render them. */
    static String systemBlock(List<ToolSpecification> tools) {
        StringBuilder block = new StringBuilder("# Tools\n\nYou may call one or more functions to answer. The"
                + " functions you can call are listed as JSON between <tools></tools> tags:\n<tools>");
        for (ToolSpecification tool : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            function.put(
                    "parameters",
                    tool.parameters() == null
                            ? inOrder("type", "object", "properties", Map.of())
                            : JsonSchemaElementUtils.toMap(tool.parameters()));
            block.append('\n').append(write(inOrder("type", "function", "function", function)));
        }
        return block.append("\n</tools>\n\nTo call a function, answer with one JSON object per call, with the"
                        + " function's name and its arguments, between <tool_call></tool_call> tags:\n"
                        + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <arguments-json-object>}\n"
                        + "</tool_call>")
                .toString();
    }

    /** The JSON schema of each parameter, as plain maps, for Jlama's template path. */
    static Map<String, Map<String, Object>> propertySchemas(JsonObjectSchema parameters) {
        Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
        parameters.properties().forEach((name, schema) -> schemas.put(name, JsonSchemaElementUtils.toMap(schema)));
        return schemas;
    }

    /** The arguments as a map, when they are a JSON object. */
    static Optional<Map<String, Object>> argumentsAsMap(String arguments) {
        try {
            Map<String, Object> map = JSON.readValue(
                    arguments == null || arguments.isBlank() ? "{}" : arguments, new TypeReference<>() {});
            return Optional.ofNullable(map);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** An assistant turn with tool calls, written the way the model is asked to write them. */
    static String asText(AiMessage ai) {
        StringBuilder text = new StringBuilder(ai.text() == null ? "" : ai.text());
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            String arguments =
                    request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
            String argumentsJson = isJson(arguments) ? arguments : write(arguments);
            text.append("<tool_call>\n{\"name\": ")
                    .append(write(request.name()))
                    .append(", \"arguments\": ")
                    .append(argumentsJson)
                    .append("}\n</tool_call>");
        }
        return text.toString();
    }

    /** A tool result, written as Qwen2.5's template writes one: a user turn with a tool_response block. */
    static String resultAsText(ToolExecutionResultMessage result) {
        return "<tool_response>\n" + result.text() + "\n</tool_response>";
    }

    /** Splits {@code output} into text and tool calls; see the class comment for the shapes understood. */
    static Parsed parse(String output) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        if (output.contains("<tool_call>")) {
            StringBuilder text = new StringBuilder();
            Matcher blocks = BLOCK.matcher(output);
            int last = 0;
            while (blocks.find()) {
                text.append(output, last, blocks.start());
                last = blocks.end();
                if (!addCall(blocks.group(1).trim(), calls, malformed)) {
                    text.append(blocks.group());
                }
            }
            text.append(output.substring(last));
            return new Parsed(text.toString().trim(), List.copyOf(calls), List.copyOf(malformed));
        }
        String trimmed = unfenced(output.trim());
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                List<JsonNode> candidates = new ArrayList<>();
                if (node.isArray()) {
                    node.forEach(candidates::add);
                } else {
                    candidates.add(node);
                }
                if (!candidates.isEmpty() && candidates.stream().allMatch(LocalToolCalls::isCallObject)) {
                    candidates.forEach(candidate -> calls.add(call(candidate, malformed)));
                    return new Parsed("", List.copyOf(calls), List.copyOf(malformed));
                }
            } catch (JsonProcessingException e) {
                // Not JSON: an ordinary answer.
            }
        }
        return new Parsed(output, List.of(), List.of());
    }

    private static boolean addCall(String body, List<ToolExecutionRequest> calls, List<String> malformed) {
        String json = unfenced(body);
        try {
            JsonNode node = JSON.readTree(json);
            if (node != null && isCallObject(node)) {
                calls.add(call(node, malformed));
                return true;
            }
        } catch (JsonProcessingException e) {
            // Broken JSON: salvage the name and keep the arguments as written, flagged.
        }
        Matcher name = NAME.matcher(json);
        if (!name.find()) {
            return false;
        }
        Matcher arguments = RAW_ARGUMENTS.matcher(json);
        String raw = arguments.find() ? arguments.group(1) : "";
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id(newId())
                .name(name.group(1))
                .arguments(raw)
                .build();
        malformed.add(request.id());
        calls.add(request);
        return true;
    }

    private static boolean isCallObject(JsonNode node) {
        return node.isObject()
                && node.path("name").isTextual()
                && node.size() <= 3
                && (node.has("arguments") || node.has("parameters") || node.size() == 1);
    }

    private static ToolExecutionRequest call(JsonNode node, List<String> malformed) {
        JsonNode arguments = node.has("arguments") ? node.get("arguments") : node.path("parameters");
        String text;
        boolean valid = true;
        if (arguments.isMissingNode() || arguments.isNull()) {
            text = "{}";
        } else if (arguments.isTextual()) {
            // Some models write the arguments as a JSON string holding JSON, as OpenAI's wire format does.
            text = arguments.asText();
            valid = isJson(text);
        } else {
            text = arguments.toString();
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id(newId())
                .name(node.get("name").asText())
                .arguments(text)
                .build();
        if (!valid) {
            malformed.add(request.id());
        }
        return request;
    }

    private static String unfenced(String text) {
        Matcher fence = FENCE.matcher(text);
        return fence.matches() ? fence.group(1) : text;
    }

    private static boolean isJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node instanceof ObjectNode;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String newId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write plain maps as JSON", e);
        }
    }
}
