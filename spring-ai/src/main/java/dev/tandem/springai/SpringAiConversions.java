package dev.tandem.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.router.TandemResponseMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** Spring AI's prompts and responses to LangChain4j's and back; the adapter's only translation layer. */
final class SpringAiConversions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private SpringAiConversions() {}

    static ChatRequest toLangChain4j(Prompt prompt, ToolCallingChatOptions defaults) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Message message : prompt.getInstructions()) {
            messages.addAll(toLangChain4j(message));
        }
        return ChatRequest.builder()
                .messages(messages)
                .parameters(parameters(defaults).overrideWith(parameters(prompt.getOptions())))
                .build();
    }

    private static List<ChatMessage> toLangChain4j(Message message) {
        if (message instanceof SystemMessage system) {
            return List.of(dev.langchain4j.data.message.SystemMessage.from(system.getText()));
        }
        if (message instanceof UserMessage user) {
            if (!user.getMedia().isEmpty()) {
                throw new IllegalArgumentException(
                        "a user message with media (" + user.getMedia().size()
                                + " item(s)) cannot be routed by Tandem's Spring AI adapter, which passes text only;"
                                + " send the text, or call the router through LangChain4j with ImageContent");
            }
            return List.of(dev.langchain4j.data.message.UserMessage.from(user.getText()));
        }
        if (message instanceof AssistantMessage assistant) {
            List<ToolExecutionRequest> toolCalls = assistant.getToolCalls().stream()
                    .map(call -> ToolExecutionRequest.builder()
                            .id(call.id())
                            .name(call.name())
                            .arguments(call.arguments())
                            .build())
                    .toList();
            AiMessage.Builder ai = AiMessage.builder();
            if (assistant.getText() != null && !assistant.getText().isEmpty()) {
                ai.text(assistant.getText());
            }
            if (!toolCalls.isEmpty()) {
                ai.toolExecutionRequests(toolCalls);
            }
            return List.of(ai.build());
        }
        if (message instanceof ToolResponseMessage tools) {
            return tools.getResponses().stream()
                    .map(response -> (ChatMessage)
                            ToolExecutionResultMessage.from(response.id(), response.name(), response.responseData()))
                    .toList();
        }
        throw new IllegalArgumentException("message type " + message.getMessageType()
                + " is not supported; use system, user, assistant or tool messages");
    }

    private static ChatRequestParameters parameters(@Nullable ChatOptions options) {
        DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder();
        if (options == null) {
            return parameters.build();
        }
        parameters
                .modelName(options.getModel())
                .temperature(options.getTemperature())
                .topP(options.getTopP())
                .topK(options.getTopK())
                .frequencyPenalty(options.getFrequencyPenalty())
                .presencePenalty(options.getPresencePenalty())
                .maxOutputTokens(options.getMaxTokens());
        if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
            parameters.stopSequences(options.getStopSequences());
        }
        if (options instanceof ToolCallingChatOptions tools
                && tools.getToolCallbacks() != null
                && !tools.getToolCallbacks().isEmpty()) {
            parameters.toolSpecifications(tools.getToolCallbacks().stream()
                    .map(ToolCallback::getToolDefinition)
                    .map(SpringAiConversions::toolSpecification)
                    .toList());
        }
        return parameters.build();
    }

    private static ToolSpecification toolSpecification(ToolDefinition definition) {
        ToolSpecification.Builder tool =
                ToolSpecification.builder().name(definition.name()).description(definition.description());
        if (definition.inputSchema() != null && !definition.inputSchema().isBlank()) {
            tool.parameters(objectSchema(definition));
        }
        return tool.build();
    }

    private static JsonObjectSchema objectSchema(ToolDefinition definition) {
        Map<String, Object> schema;
        try {
            schema = JSON.readValue(definition.inputSchema(), JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "tool '" + definition.name() + "' has an input schema that is not a JSON object", e);
        }
        // Spring AI's generator writes the draft it follows; LangChain4j's reader does not take that key.
        schema.remove("$schema");
        JsonSchemaElement element = JsonSchemaElementJsonUtils.fromMap(schema);
        if (element instanceof JsonObjectSchema object) {
            return object;
        }
        throw new IllegalArgumentException("tool '" + definition.name() + "' has an input schema of type "
                + schema.get("type") + "; tool parameters must be a JSON object schema");
    }

    static ChatResponse toSpringAi(dev.langchain4j.model.chat.response.ChatResponse response) {
        return new ChatResponse(List.of(generation(response)), metadata(response));
    }

    static ChatResponse partial(String text) {
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
    }

    /** The stream's last element: no new text, but the tool calls, finish reason, usage and routing. */
    static ChatResponse finalChunk(dev.langchain4j.model.chat.response.ChatResponse response) {
        AssistantMessage message = AssistantMessage.builder()
                .content("")
                .toolCalls(toolCalls(response.aiMessage()))
                .build();
        return new ChatResponse(List.of(new Generation(message, generationMetadata(response))), metadata(response));
    }

    private static Generation generation(dev.langchain4j.model.chat.response.ChatResponse response) {
        AiMessage ai = response.aiMessage();
        AssistantMessage message = AssistantMessage.builder()
                .content(ai.text() == null ? "" : ai.text())
                .toolCalls(toolCalls(ai))
                .build();
        return new Generation(message, generationMetadata(response));
    }

    private static List<AssistantMessage.ToolCall> toolCalls(AiMessage ai) {
        if (!ai.hasToolExecutionRequests()) {
            return List.of();
        }
        return ai.toolExecutionRequests().stream()
                .map(request ->
                        new AssistantMessage.ToolCall(request.id(), "function", request.name(), request.arguments()))
                .toList();
    }

    private static ChatGenerationMetadata generationMetadata(
            dev.langchain4j.model.chat.response.ChatResponse response) {
        return ChatGenerationMetadata.builder()
                .finishReason(finishReason(response.finishReason(), response.aiMessage()))
                .build();
    }

    /** The names Spring AI's OpenAI model uses, so code that checks them works the same. */
    private static String finishReason(@Nullable FinishReason reason, AiMessage ai) {
        if (reason == null) {
            return ai.hasToolExecutionRequests() ? "TOOL_CALLS" : "STOP";
        }
        return switch (reason) {
            case STOP -> "STOP";
            case LENGTH -> "LENGTH";
            case TOOL_EXECUTION -> "TOOL_CALLS";
            case CONTENT_FILTER -> "CONTENT_FILTER";
            case OTHER -> "OTHER";
        };
    }

    private static ChatResponseMetadata metadata(dev.langchain4j.model.chat.response.ChatResponse response) {
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder();
        Optional.ofNullable(response.id()).ifPresent(metadata::id);
        Optional.ofNullable(response.modelName()).ifPresent(metadata::model);
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            metadata.usage(new DefaultUsage(
                    usage.inputTokenCount(), usage.outputTokenCount(), usage.totalTokenCount(), usage));
        }
        if (response.metadata() instanceof TandemResponseMetadata routing) {
            metadata.keyValue(TandemSpringAiChatModel.ROUTING_METADATA_KEY, routing);
        }
        return metadata.build();
    }
}
