package dev.tandem.samples.support;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.spring.AiService;

/**
 * The LangChain4j AI service: plain Java, no Tandem types. LangChain4j's Spring Boot starter finds the
 * {@code @AiService} interface and builds it on the application's {@code ChatModel}, which the Tandem
 * starter makes the router. {@link Result#finalResponse()} carries the router's metadata, which {@link
 * TicketController} turns into the API's routing fields.
 */
@AiService
public interface SupportAssistant {

    @SystemMessage("You are a support engineer for an online shop. Answer the ticket in a few sentences:"
            + " what happened, and what the customer or the team should do next.")
    Result<String> answer(@UserMessage String ticket);
}
