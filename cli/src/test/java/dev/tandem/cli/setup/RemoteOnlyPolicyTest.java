package dev.tandem.cli.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemResponseMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy with remote tiers only starts (no local model is needed) and routes with redaction and fallback. */
class RemoteOnlyPolicyTest {

    @Test
    void remoteOnlyPolicyStartsAndFallsBackBetweenRemoteTiersWithRedaction(@TempDir Path home) {
        WireMockServer wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        try {
            wireMock.stubFor(post(urlEqualTo("/primary/v1/chat/completions"))
                    .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"type\":\"server_error\"}}")));
            wireMock.stubFor(post(urlEqualTo("/backup/v1/chat/completions"))
                    .willReturn(okJson("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"Mail sent to <EMAIL_1>.\"},"
                            + "\"finish_reason\":\"stop\"}]}")));
            String base = "http://localhost:" + wireMock.port();
            Policy policy = PolicyLoader.parse("""
                    name: remote-only
                    tiers:
                      primary: {locality: remote, base-url: "%s/primary/v1", model: gpt-4o-mini}
                      backup: {locality: remote, base-url: "%s/backup/v1", model: gpt-4o-mini}
                    rules: []
                    default:
                      redact-then-remote: {tier: primary, fallback: [backup]}
                    """.formatted(base, base), "remote-only.yaml");

            ChatResponse response;
            try (RouterSetup setup = RouterSetup.fromEnvironment(new Environment(Map.of(), home), policy, List.of())) {
                response = setup.router()
                        .chat(ChatRequest.builder()
                                .messages(UserMessage.from("Email jane.doe@example.com the invoice"))
                                .build());
            }

            assertThat(TandemResponseMetadata.from(response).outcome().tier()).isEqualTo("backup");
            assertThat(response.aiMessage().text()).isEqualTo("Mail sent to jane.doe@example.com.");
            wireMock.verify(postRequestedFor(urlEqualTo("/backup/v1/chat/completions"))
                    .withRequestBody(containing("<EMAIL_1>")));
            assertThat(wireMock.getAllServeEvents())
                    .allSatisfy(event ->
                            assertThat(event.getRequest().getBodyAsString()).doesNotContain("jane.doe"));
        } finally {
            wireMock.stop();
        }
    }
}
