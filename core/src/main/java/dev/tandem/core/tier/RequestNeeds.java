package dev.tandem.core.tier;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import java.util.EnumSet;
import java.util.Set;

/** The {@link TierFeature}s a LangChain4j request needs. */
public final class RequestNeeds {

    private RequestNeeds() {}

    /**
     * Tools when the request names tool specifications or the conversation holds tool calls or results;
     * {@link TierFeature#JSON_SCHEMA} or {@link TierFeature#JSON_OUTPUT} for a JSON response format;
     * images when a user message holds one.
     */
    public static Set<TierFeature> of(ChatRequest request) {
        EnumSet<TierFeature> needs = EnumSet.noneOf(TierFeature.class);
        if (!request.parameters().toolSpecifications().isEmpty()) {
            needs.add(TierFeature.TOOLS);
        }
        ResponseFormat format = request.parameters().responseFormat();
        if (format != null && format.type() == ResponseFormatType.JSON) {
            needs.add(format.jsonSchema() == null ? TierFeature.JSON_OUTPUT : TierFeature.JSON_SCHEMA);
        }
        for (ChatMessage message : request.messages()) {
            switch (message) {
                case AiMessage ai when ai.hasToolExecutionRequests() -> needs.add(TierFeature.TOOLS);
                case ToolExecutionResultMessage result -> needs.add(TierFeature.TOOLS);
                case UserMessage user
                when user.contents().stream().anyMatch(ImageContent.class::isInstance) -> needs.add(TierFeature.IMAGES);
                default -> {}
            }
        }
        return Set.copyOf(needs);
    }
}
