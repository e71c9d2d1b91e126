package dev.tandem.samples.support;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The LangChain4j AI service: plain Java, no Tandem types. {@link Result#finalResponse()} carries the
 * router's metadata, which {@link TicketController} turns into the API's routing fields.
 */
public interface SupportAssistant {

    @SystemMessage("You are a support engineer for an online shop. Answer the ticket in a few sentences:"
            + " what happened, and what the customer or the team should do next.")
    Result<String> answer(@UserMessage String ticket);
}
