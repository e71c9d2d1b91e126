package dev.tandem.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.tandem.core.request.DataClassification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/chat/completions} body, read into a LangChain4j {@link ChatRequest}. Every field is
 * type-checked, and a wrong one fails with a 400 naming it ({@code messages[2].content}); unknown fields
 * are ignored, or fail in strict mode. Error messages name fields, never their values.
 *
 * @param tags from the {@code tandem.tags} extension: tags policies can match on
 * @param classification from the {@code tandem.classification} extension, if given
 */
public record CompletionRequest(
        String model,
        ChatRequest chatRequest,
        boolean stream,
        boolean includeUsage,
        List<String> tags,
        DataClassification classification) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields of OpenAI's API this gateway reads. */
    private static final Set<String> READ = Set.of(
            "model",
            "messages",
            "stream",
            "stream_options",
            "temperature",
            "top_p",
            "max_tokens",
            "max_completion_tokens",
            "stop",
            "tools",
            "tool_choice",
            "response_format",
            "frequency_penalty",
            "presence_penalty",
            "n",
            "tandem");

    /** Fields of OpenAI's API that are accepted and have no effect here (no strict-mode error for them). */
    private static final Set<String> ACCEPTED = Set.of(
            "user",
            "seed",
            "parallel_tool_calls",
            "store",
            "metadata",
            "service_tier",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "reasoning_effort",
            "modalities",
            "prediction",
            "audio",
            "web_search_options");

    public static CompletionRequest parse(byte[] body, boolean strict) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.invalidJson(
                    "The body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "). Send a JSON object.");
        } catch (java.io.IOException e) {
            throw ApiError.invalidJson("The body could not be read as JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.invalidRequest("The body must be a JSON object.", null);
        }
        if (strict) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!READ.contains(name) && !ACCEPTED.contains(name)) {
                    throw ApiError.unknownField(name);
                }
            }
        }
        String model = text(root, "model", true);
        List<ChatMessage> messages = messages(root.get("messages"));
        var parameters = ChatRequestParameters.builder();
        number(root, "temperature", 0, 2).ifPresent(parameters::temperature);
        number(root, "top_p", 0, 1).ifPresent(parameters::topP);
        number(root, "frequency_penalty", -2, 2).ifPresent(parameters::frequencyPenalty);
        number(root, "presence_penalty", -2, 2).ifPresent(parameters::presencePenalty);
        integer(root, "max_completion_tokens")
                .or(() -> integer(root, "max_tokens"))
                .ifPresent(parameters::maxOutputTokens);
        if (root.has("n") && !root.get("n").isNull()) {
            if (!root.get("n").isIntegralNumber() || root.get("n").asInt() != 1) {
                throw ApiError.invalidRequest("'n' must be 1: the gateway answers with one choice.", "n");
            }
        }
        List<String> stop = stop(root.get("stop"));
        if (!stop.isEmpty()) {
            parameters.stopSequences(stop);
        }
        List<ToolSpecification> tools = tools(root.get("tools"));
        if (!tools.isEmpty()) {
            parameters.toolSpecifications(tools);
        }
        toolChoice(root.get("tool_choice")).ifPresent(parameters::toolChoice);
        responseFormat(root.get("response_format")).ifPresent(parameters::responseFormat);
        boolean stream = bool(root, "stream");
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw wrongType("stream_options", "an object");
            }
            includeUsage = bool(streamOptions, "include_usage", "stream_options.include_usage");
        }
        List<String> tags = new ArrayList<>();
        DataClassification classification = DataClassification.PUBLIC;
        JsonNode extension = root.get("tandem");
        if (extension != null && !extension.isNull()) {
            if (!extension.isObject()) {
                throw wrongType("tandem", "an object");
            }
            JsonNode tagList = extension.get("tags");
            if (tagList != null && !tagList.isNull()) {
                if (!tagList.isArray()) {
                    throw wrongType("tandem.tags", "an array of strings");
                }
                for (int i = 0; i < tagList.size(); i++) {
                    if (!tagList.get(i).isTextual()) {
                        throw wrongType("tandem.tags[" + i + "]", "a string");
                    }
                    tags.add(tagList.get(i).asText());
                }
            }
            String level = text(extension, "classification", false, "tandem.classification");
            if (level != null) {
                try {
                    classification = DataClassification.valueOf(level.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw ApiError.invalidRequest(
                            "'tandem.classification' must be public, internal, confidential or restricted.",
                            "tandem.classification");
                }
            }
        }
        ChatRequest chatRequest = ChatRequest.builder()
                .messages(messages)
                .parameters(parameters.build())
                .build();
        return new CompletionRequest(model, chatRequest, stream, includeUsage, tags, classification);
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalidRequest("Missing required parameter: 'messages'.", "messages");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw wrongType("messages", "a non-empty array of messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode message = node.get(i);
            if (!message.isObject()) {
                throw wrongType(path, "an object");
            }
            String role = text(message, "role", true, path + ".role");
            switch (role) {
                case "system", "developer" -> messages.add(SystemMessage.from(content(message, path)));
                case "user" -> messages.add(UserMessage.from(content(message, path)));
                case "assistant" -> messages.add(assistant(message, path, toolNames));
                case "tool" -> {
                    String id = text(message, "tool_call_id", true, path + ".tool_call_id");
                    messages.add(ToolExecutionResultMessage.from(
                            id, toolNames.getOrDefault(id, "unknown"), content(message, path)));
                }
                default ->
                    throw ApiError.invalidRequest(
                            "'" + path + ".role' must be system, developer, user, assistant or tool.", path + ".role");
            }
        }
        return messages;
    }

    private static AiMessage assistant(JsonNode message, String path, Map<String, String> toolNames) {
        JsonNode calls = message.get("tool_calls");
        JsonNode content = message.get("content");
        String text = content == null || content.isNull() ? null : content(message, path);
        if (calls == null || calls.isNull() || calls.isEmpty()) {
            return AiMessage.from(text == null ? "" : text);
        }
        if (!calls.isArray()) {
            throw wrongType(path + ".tool_calls", "an array");
        }
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (int j = 0; j < calls.size(); j++) {
            String callPath = path + ".tool_calls[" + j + "]";
            JsonNode call = calls.get(j);
            if (!call.isObject() || !call.path("function").isObject()) {
                throw wrongType(callPath, "an object with a 'function' object");
            }
            String id = text(call, "id", true, callPath + ".id");
            String name = text(call.get("function"), "name", true, callPath + ".function.name");
            String arguments = text(call.get("function"), "arguments", false, callPath + ".function.arguments");
            toolNames.put(id, name);
            requests.add(ToolExecutionRequest.builder()
                    .id(id)
                    .name(name)
                    .arguments(arguments == null ? "{}" : arguments)
                    .build());
        }
        return text == null ? AiMessage.from(requests) : AiMessage.from(text, requests);
    }

    /** A message's text: a string, or an array of text parts joined. */
    private static String content(JsonNode message, String path) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            throw ApiError.invalidRequest("Missing required parameter: '" + path + ".content'.", path + ".content");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw wrongType(path + ".content", "a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String partPath = path + ".content[" + k + "]";
            if (!part.isObject() || !"text".equals(part.path("type").asText())) {
                throw ApiError.invalidRequest(
                        "'" + partPath + "' must be a text part ({\"type\": \"text\", \"text\": ...}); the gateway"
                                + " serves text only.",
                        partPath);
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(text(part, "text", true, partPath + ".text"));
        }
        return text.toString();
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw wrongType("stop", "a string or an array of strings");
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw wrongType("stop[" + i + "]", "a string");
            }
            stop.add(node.get(i).asText());
        }
        return stop;
    }

    private static List<ToolSpecification> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType("tools", "an array of tools");
        }
        List<ToolSpecification> tools = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = node.get(i);
            if (!tool.isObject()
                    || !"function".equals(tool.path("type").asText())
                    || !tool.path("function").isObject()) {
                throw wrongType(path, "{\"type\": \"function\", \"function\": {...}}");
            }
            JsonNode function = tool.get("function");
            ToolSpecification.Builder spec =
                    ToolSpecification.builder().name(text(function, "name", true, path + ".function.name"));
            String description = text(function, "description", false, path + ".function.description");
            if (description != null) {
                spec.description(description);
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isNull()) {
                if (!(schema(parameters, path + ".function.parameters") instanceof JsonObjectSchema object)) {
                    throw wrongType(path + ".function.parameters", "a JSON schema of type object");
                }
                spec.parameters(object);
            }
            tools.add(spec.build());
        }
        return tools;
    }

    private static java.util.Optional<ToolChoice> toolChoice(JsonNode node) {
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "auto" -> java.util.Optional.of(ToolChoice.AUTO);
                case "required" -> java.util.Optional.of(ToolChoice.REQUIRED);
                case "none" -> java.util.Optional.of(ToolChoice.NONE);
                default ->
                    throw ApiError.invalidRequest(
                            "'tool_choice' must be auto, required, none or a function.", "tool_choice");
            };
        }
        if (node.isObject() && node.path("function").isObject()) {
            return java.util.Optional.of(ToolChoice.REQUIRED);
        }
        throw wrongType("tool_choice", "a string or {\"type\": \"function\", \"function\": {\"name\": ...}}");
    }

    private static java.util.Optional<ResponseFormat> responseFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (!node.isObject()) {
            throw wrongType("response_format", "an object");
        }
        String type = text(node, "type", true, "response_format.type");
        return switch (type) {
            case "text" -> java.util.Optional.of(ResponseFormat.TEXT);
            case "json_object" -> java.util.Optional.of(ResponseFormat.JSON);
            case "json_schema" -> {
                JsonNode schema = node.path("json_schema");
                if (!schema.isObject() || !schema.path("schema").isObject()) {
                    throw wrongType("response_format.json_schema", "an object with a 'schema' object");
                }
                String name = text(schema, "name", true, "response_format.json_schema.name");
                yield java.util.Optional.of(ResponseFormat.builder()
                        .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(name)
                                .rootElement(schema(schema.get("schema"), "response_format.json_schema.schema"))
                                .build())
                        .build());
            }
            default ->
                throw ApiError.invalidRequest(
                        "'response_format.type' must be text, json_object or json_schema.", "response_format.type");
        };
    }

    /** A JSON schema as LangChain4j's schema elements (object, array, string, enum, number, integer, boolean, anyOf). */
    private static JsonSchemaElement schema(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "a JSON schema object");
        }
        String description =
                node.path("description").isTextual() ? node.get("description").asText() : null;
        if (node.path("anyOf").isArray()) {
            List<JsonSchemaElement> options = new ArrayList<>();
            for (int i = 0; i < node.get("anyOf").size(); i++) {
                options.add(schema(node.get("anyOf").get(i), path + ".anyOf[" + i + "]"));
            }
            return JsonAnyOfSchema.builder()
                    .description(description)
                    .anyOf(options)
                    .build();
        }
        if (node.path("enum").isArray()) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(value -> values.add(value.asText()));
            return JsonEnumSchema.builder()
                    .description(description)
                    .enumValues(values)
                    .build();
        }
        String type = node.path("type").asText("object");
        return switch (type) {
            case "object" -> {
                JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(description);
                JsonNode properties = node.path("properties");
                for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    object.addProperty(
                            field.getKey(), schema(field.getValue(), path + ".properties." + field.getKey()));
                }
                if (node.path("required").isArray()) {
                    List<String> required = new ArrayList<>();
                    node.get("required").forEach(name -> required.add(name.asText()));
                    object.required(required);
                }
                if (node.path("additionalProperties").isBoolean()) {
                    object.additionalProperties(node.get("additionalProperties").asBoolean());
                }
                yield object.build();
            }
            case "array" ->
                JsonArraySchema.builder()
                        .description(description)
                        .items(
                                node.path("items").isObject()
                                        ? schema(node.get("items"), path + ".items")
                                        : JsonStringSchema.builder().build())
                        .build();
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default ->
                throw ApiError.invalidRequest(
                        "'" + path + ".type' must be object, array, string, number, integer, boolean or null.",
                        path + ".type");
        };
    }

    private static String text(JsonNode node, String field, boolean required) {
        return text(node, field, required, field);
    }

    private static String text(JsonNode node, String field, boolean required, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiError.invalidRequest("Missing required parameter: '" + path + "'.", path);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(path, "a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field) {
        return bool(node, field, field);
    }

    private static boolean bool(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(path, "a boolean");
        }
        return value.asBoolean();
    }

    private static java.util.Optional<Double> number(JsonNode node, String field, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number");
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            throw ApiError.invalidRequest("'" + field + "' must be between " + min + " and " + max + ".", field);
        }
        return java.util.Optional.of(number);
    }

    private static java.util.Optional<Integer> integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
            throw wrongType(field, "a positive integer");
        }
        return java.util.Optional.of(value.asInt());
    }

    private static ApiError wrongType(String path, String expected) {
        return ApiError.invalidRequest("Invalid type for '" + path + "': expected " + expected + ".", path);
    }
}
