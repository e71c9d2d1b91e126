package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.RoutingAttributes;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An AiServices agent with a {@code @Tool} and a record answer on a router whose local Jlama tier (forged
 * weights) does tool calling and JSON answers, with a WireMock remote tier as the policy's fallback. The
 * forged model writes random tokens, so it never calls the tool and never writes valid JSON; what this
 * proves is the wiring: the tool request is served locally with the tool offered to the model, and the
 * JSON request that never validates locally is served by the fallback, with listeners on the router and on
 * the local tier hearing each step.
 */
class LocalAgentEndToEndTest {

    private static final Policy LOCAL_THEN_REMOTE = PolicyLoader.parse("""
            name: local-then-remote
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules: []
            default:
              route: {tier: local, fallback: [remote]}
            """, "local-then-remote.yaml");

    private static final String STRUCTURED_ANSWER = """
            {"id":"chatcmpl-t3","object":"chat.completion","model":"gpt-stub","choices":[{"index":0,
             "message":{"role":"assistant","content":"{\\"orderNumber\\":\\"7731\\",\\"status\\":\\"shipped\\"}"},
             "finish_reason":"stop"}],"usage":{"prompt_tokens":70,"completion_tokens":12,"total_tokens":82}}""";

    public static final class OrderTools {
        final List<String> looked = new CopyOnWriteArrayList<>();

        @Tool("The delivery status of an order")
        public String orderStatus(String orderNumber) {
            looked.add(orderNumber);
            return "order " + orderNumber + " shipped on 2 December";
        }
    }

    public record Delivery(String orderNumber, String status) {}

    interface SupportAgent {
        Result<String> chat(@UserMessage String question);

        Delivery delivery(@UserMessage String question);
    }

    @Test
    void toolRequestsAreServedLocallyAndAJsonAnswerThatNeverValidatesFallsBack() {
        List<String> local = new CopyOnWriteArrayList<>();
        List<String> routed = new CopyOnWriteArrayList<>();
        ChatModelListener localListener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                local.add("offered "
                        + context.chatRequest().toolSpecifications().stream()
                                .map(ToolSpecification::name)
                                .toList());
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                local.add("failed " + context.error().getClass().getSimpleName());
            }
        };
        ChatModelListener routerListener = new ChatModelListener() {
            @Override
            public void onResponse(ChatModelResponseContext context) {
                routed.add("answered by " + context.attributes().get(RoutingAttributes.TIER));
            }
        };
        try (OpenAiStub remote = new OpenAiStub();
                JlamaLocalModel localModel = JlamaLocalModel.builder()
                        .modelDirectory(ForgedModel.folder())
                        .toolCalling(true)
                        .structuredOutputAttempts(2)
                        .maxNewTokens(12)
                        .listeners(List.of(localListener))
                        .build()) {
            remote.answersWhenBodyContains("json_schema", STRUCTURED_ANSWER, 1);
            TandemRouter router = TandemRouter.builder()
                    .policy(LOCAL_THEN_REMOTE)
                    .tier(Tier.local("local", localModel).build())
                    .tier(Tier.remote(
                                    "remote",
                                    OpenAiCompatibleChatModel.builder()
                                            .baseUrl(remote.baseUrl())
                                            .apiKey(OpenAiStub.API_KEY)
                                            .modelName(OpenAiStub.MODEL)
                                            .build())
                            .build())
                    .chatModelListener(routerListener)
                    .build();
            OrderTools tools = new OrderTools();
            SupportAgent agent = AiServices.builder(SupportAgent.class)
                    .chatModel(router)
                    .tools(tools)
                    .build();

            Result<String> answer = agent.chat("Where is order 7731?");
            Delivery delivery = agent.delivery("Status of order 7731 as JSON");

            TandemResponseMetadata routing = TandemResponseMetadata.from(answer.finalResponse());
            assertThat(routing.outcome().tier()).isEqualTo("local");
            assertThat(routing.decision().reasons())
                    .noneSatisfy(reason -> assertThat(reason.toString()).contains("lacks tools"));
            assertThat(answer.content()).isNotBlank();
            assertThat(delivery).isEqualTo(new Delivery("7731", "shipped"));
            assertThat(router.supportedCapabilities()).isNotEmpty();
            assertThat(local)
                    .containsExactly(
                            "offered [orderStatus]",
                            "offered [orderStatus]",
                            "failed InvalidStructuredOutputException");
            assertThat(routed).containsExactly("answered by local", "answered by remote");
            assertThat(remote.receivedBodies()).singleElement().asString().contains("\"type\":\"json_schema\"");
            assertThat(tools.looked).isEmpty();
        }
    }
}
