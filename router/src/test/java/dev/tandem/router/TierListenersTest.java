package dev.tandem.router;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.assess.MessageText;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A listener on a remote tier hears what that tier was sent: the redacted request and the raw answer. */
class TierListenersTest {

    private static final Policy REDACT = PolicyLoader.parse("""
            name: redact
            tiers:
              remote: {locality: remote}
            rules: []
            default:
              redact-then-remote: {tier: remote}
            """, "redact.yaml");

    @Test
    void aRemoteTiersListenerSeesOnlyTheRedactedRequest() {
        WireMockServer wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        try {
            wireMock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .willReturn(okJson("{\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"Sent to <EMAIL_1>.\"},"
                            + "\"finish_reason\":\"stop\"}]}")));
            List<String> heard = new CopyOnWriteArrayList<>();
            ChatModelListener tierListener = new ChatModelListener() {
                @Override
                public void onRequest(ChatModelRequestContext context) {
                    context.chatRequest().messages().forEach(m -> heard.add("sent: " + MessageText.of(m)));
                }

                @Override
                public void onResponse(ChatModelResponseContext context) {
                    heard.add("answer: " + context.chatResponse().aiMessage().text());
                }
            };
            OpenAiCompatibleChatModel remote = OpenAiCompatibleChatModel.builder()
                    .baseUrl("http://localhost:" + wireMock.port() + "/v1")
                    .apiKey("sk-test-123456")
                    .modelName("gpt-4o-mini")
                    .tierName("remote")
                    .listeners(List.of(tierListener))
                    .build();
            TandemRouter router = TandemRouter.builder()
                    .policy(REDACT)
                    .tier(Tier.remote("remote", remote).build())
                    .build();

            ChatResponse response = router.chat(ChatRequest.builder()
                    .messages(UserMessage.from("Write to jane.doe@example.com about the invoice"))
                    .build());

            assertThat(response.aiMessage().text()).isEqualTo("Sent to jane.doe@example.com.");
            assertThat(heard)
                    .containsExactly("sent: Write to <EMAIL_1> about the invoice", "answer: Sent to <EMAIL_1>.");
        } finally {
            wireMock.stop();
        }
    }
}
