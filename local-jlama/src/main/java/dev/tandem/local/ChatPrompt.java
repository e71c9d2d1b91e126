package dev.tandem.local;

import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import com.github.tjake.jlama.safetensors.prompt.Tool;
import com.github.tjake.jlama.safetensors.prompt.ToolCall;
import com.github.tjake.jlama.safetensors.prompt.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.exception.TierRequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Renders LangChain4j messages with the model's own chat template (tokenizer_config.json's
 * {@code chat_template}, rendered by Jlama with Jinjava), so the model sees the turn markers it was
 * trained on. Media are rejected, never dropped.
 *
 * <p><b>Tools.</b> When the request offers tools and the template knows about tools (Qwen2.5, Llama 3.1
 * and later templates render a {@code tools} variable), Jlama passes the specifications, earlier tool
 * calls and tool results to the template. Otherwise the specifications go into the system message in the
 * Hermes format ({@code <tools>...</tools>}, answers as {@code <tool_call>{...}</tool_call>}), and earlier
 * calls and results are written in the same format, which is also what Qwen2.5's template produces.
 * Tool calls and results in the conversation are only accepted when the tier does tool calling.
 */
final class ChatPrompt {

    private ChatPrompt() {}

    /** How tools reach the prompt: not at all, through the model's template, or in the system message. */
    enum ToolRendering {
        NONE,
        TEMPLATE,
        SYSTEM_MESSAGE
    }

    /**
     * @param instruction extra system text (the JSON format the answer must follow), or null
     * @throws TierRequestRejectedException naming the message index and kind the local tier cannot take;
     *     the message never contains the text of the request
     */
    static String render(
            PromptSupport promptSupport,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            ToolRendering rendering,
            @Nullable String instruction,
            String tier) {
        PromptSupport.Builder prompt = promptSupport.builder().addGenerationPrompt(true);
        String system = systemText(messages, tools, rendering, instruction);
        if (system != null) {
            prompt.addSystemMessage(system);
        }
        boolean firstSystemMerged = system != null && !messages.isEmpty() && messages.get(0) instanceof SystemMessage;
        for (int index = firstSystemMerged ? 1 : 0; index < messages.size(); index++) {
            ChatMessage message = messages.get(index);
            switch (message) {
                case SystemMessage other -> prompt.addSystemMessage(other.text());
                case UserMessage user -> prompt.addUserMessage(userText(user, index, tier));
                case AiMessage ai -> addAssistant(prompt, ai, rendering, index, tier);
                case ToolExecutionResultMessage result -> addToolResult(prompt, result, rendering, index, tier);
                default ->
                    throw rejected(tier, index, "a " + message.type().name().toLowerCase(Locale.ROOT) + " message");
            }
        }
        if (rendering == ToolRendering.TEMPLATE && !tools.isEmpty()) {
            return prompt.build(tools.stream().map(ChatPrompt::jlamaTool).toList())
                    .getPrompt();
        }
        return prompt.build().getPrompt();
    }

    private static @Nullable String systemText(
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            ToolRendering rendering,
            @Nullable String instruction) {
        List<String> parts = new ArrayList<>();
        if (!messages.isEmpty() && messages.get(0) instanceof SystemMessage first) {
            parts.add(first.text());
        }
        if (rendering == ToolRendering.SYSTEM_MESSAGE && !tools.isEmpty()) {
            parts.add(LocalToolCalls.systemBlock(tools));
        }
        if (instruction != null) {
            parts.add(instruction);
        }
        boolean added = rendering == ToolRendering.SYSTEM_MESSAGE && !tools.isEmpty() || instruction != null;
        return added ? String.join("\n\n", parts) : null;
    }

    private static void addAssistant(
            PromptSupport.Builder prompt, AiMessage ai, ToolRendering rendering, int index, String tier) {
        if (!ai.hasToolExecutionRequests()) {
            prompt.addAssistantMessage(ai.text() == null ? "" : ai.text());
            return;
        }
        if (rendering == ToolRendering.NONE) {
            throw rejected(tier, index, "a tool call");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
            Optional<Map<String, Object>> arguments = LocalToolCalls.argumentsAsMap(request.arguments());
            if (arguments.isEmpty()) {
                calls = null;
                break;
            }
            calls.add(new ToolCall(request.name(), request.id(), arguments.get()));
        }
        if (rendering == ToolRendering.TEMPLATE && calls != null) {
            if (ai.text() != null && !ai.text().isBlank()) {
                prompt.addAssistantMessage(ai.text());
            }
            calls.forEach(prompt::addToolCall);
        } else {
            // Arguments that are not a JSON object cannot go through Jlama's template path; write them as
            // the model would have, so the conversation keeps them exactly.
            prompt.addAssistantMessage(LocalToolCalls.asText(ai));
        }
    }

    private static void addToolResult(
            PromptSupport.Builder prompt,
            ToolExecutionResultMessage result,
            ToolRendering rendering,
            int index,
            String tier) {
        switch (rendering) {
            case NONE -> throw rejected(tier, index, "a tool result");
            case TEMPLATE -> prompt.addToolResult(ToolResult.from(result.toolName(), result.id(), result.text()));
            case SYSTEM_MESSAGE -> prompt.addUserMessage(LocalToolCalls.resultAsText(result));
        }
    }

    private static Tool jlamaTool(ToolSpecification specification) {
        com.github.tjake.jlama.safetensors.prompt.Function.Builder function =
                com.github.tjake.jlama.safetensors.prompt.Function.builder()
                        .name(specification.name())
                        .description(specification.description() == null ? "" : specification.description());
        if (specification.parameters() != null) {
            List<String> required = specification.parameters().required() == null
                    ? List.of()
                    : specification.parameters().required();
            LocalToolCalls.propertySchemas(specification.parameters())
                    .forEach((name, schema) -> function.addParameter(name, schema, required.contains(name)));
        }
        return Tool.from(function.build());
    }

    private static String userText(UserMessage user, int index, String tier) {
        if (user.hasSingleText()) {
            return user.singleText();
        }
        for (Content content : user.contents()) {
            if (!(content instanceof TextContent)) {
                throw rejected(tier, index, content.type().name().toLowerCase(Locale.ROOT) + " content");
            }
        }
        return user.contents().stream()
                .map(content -> ((TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }

    private static TierRequestRejectedException rejected(String tier, int index, String what) {
        return new TierRequestRejectedException(
                tier,
                "Message " + index + " carries " + what + ", which the local Jlama tier cannot take: it runs text"
                        + " chat, and tools only when built with toolCalling(true). Send text messages, or route"
                        + " the request to a tier that supports it.",
                null);
    }
}
