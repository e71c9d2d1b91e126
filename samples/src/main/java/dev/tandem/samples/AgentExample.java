package dev.tandem.samples;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Tools, structured output and listeners" path of docs/embedding.md, kept compiling and run by the
 * end-to-end tests: an {@code AiServices} agent with a {@code @Tool}, a method that returns a record
 * (structured output), and a {@code ChatModelListener} on the router. Requests that carry tools skip
 * tiers that cannot call tools (the local Jlama tier), and the decision says so.
 *
 * <p>Arguments: the local model folder, the remote base URL and the remote model; the API key comes from
 * {@code OPENAI_API_KEY}.
 */
public final class AgentExample {

    /** The tool the model may call. */
    public static final class OrderTools {
        final List<String> looked = new ArrayList<>();

        @Tool("The delivery status of an order")
        public String orderStatus(String orderNumber) {
            looked.add(orderNumber);
            return "order " + orderNumber + " shipped on 2 December";
        }
    }

    /** An answer in structured form. */
    public record Delivery(String orderNumber, String status) {}

    /** An AI service with tools and a structured answer. */
    public interface SupportAgent {
        Result<String> chat(@UserMessage String question);

        Delivery delivery(@UserMessage String question);
    }

    /** What the example returns: the answers, the tool calls made, what the listener heard. */
    public record Run(
            String answer,
            String tier,
            List<String> reasons,
            Delivery delivery,
            List<String> toolCalls,
            List<String> heard) {}

    private AgentExample() {}

    public static void main(String[] args) {
        System.out.println(run(Path.of(args[0]), args[1], args[2]));
    }

    public static Run run(Path modelFolder, String baseUrl, String remoteModel) {
        try (JlamaLocalModel local =
                JlamaLocalModel.builder().modelDirectory(modelFolder).build()) {
            OpenAiCompatibleChatModel remote = OpenAiCompatibleChatModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(System.getenv("OPENAI_API_KEY"))
                    .modelName(remoteModel)
                    .build();
            List<String> heard = new ArrayList<>();
            ChatModelListener listener = new ChatModelListener() {
                @Override
                public void onResponse(ChatModelResponseContext context) {
                    heard.add("answered by "
                            + TandemResponseMetadata.from(context.chatResponse())
                                    .outcome()
                                    .tier());
                }

                @Override
                public void onError(ChatModelErrorContext context) {
                    heard.add("failed: " + context.error().getClass().getSimpleName());
                }
            };
            TandemRouter router = TandemRouter.builder()
                    .tier(Tier.local("local", local).build())
                    .tier(Tier.remote("remote", remote).build())
                    .chatModelListener(listener)
                    .build();

            OrderTools tools = new OrderTools();
            SupportAgent agent = AiServices.builder(SupportAgent.class)
                    .chatModel(router)
                    .tools(tools)
                    .build();

            Result<String> result = agent.chat("Where is order 7731?");
            TandemResponseMetadata routing = TandemResponseMetadata.from(result.finalResponse());
            Delivery delivery = agent.delivery("Status of order 7731 as JSON");
            return new Run(
                    result.content(),
                    routing.outcome().tier(),
                    routing.decision().reasons().stream().map(Object::toString).toList(),
                    delivery,
                    List.copyOf(tools.looked),
                    List.copyOf(heard));
        }
    }
}
