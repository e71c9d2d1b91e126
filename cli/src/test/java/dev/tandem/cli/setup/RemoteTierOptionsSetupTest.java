package dev.tandem.cli.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy's Azure settings and request defaults reach the wire: deployment path, api-version, body fields. */
class RemoteTierOptionsSetupTest {

    @Test
    void azureDeploymentAndParameterDefaultsFromThePolicyAreSent(@TempDir Path home) {
        WireMockServer wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        try {
            wireMock.stubFor(post(urlPathEqualTo("/openai/deployments/reasoner/chat/completions"))
                    .willReturn(okJson("{\"id\":\"c\",\"model\":\"o3-mini\",\"choices\":[{\"index\":0,\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"Four.\"},\"finish_reason\":\"stop\"}]}")));
            Policy policy = PolicyLoader.parse("""
                    name: azure
                    tiers:
                      azure:
                        locality: remote
                        base-url: "http://localhost:%d"
                        api-key: az-key-1
                        model: o3-mini
                        azure: {deployment: reasoner, api-version: 2024-10-21}
                        parameters:
                          seed: 7
                          user: support-app
                          reasoning-effort: low
                          max-tokens-field: max-completion-tokens
                          custom: {service_tier: flex}
                    rules: []
                    default:
                      route: {tier: azure}
                    """.formatted(wireMock.port()), "azure.yaml");

            ChatResponse response;
            try (RouterSetup setup = RouterSetup.fromEnvironment(new Environment(Map.of(), home), policy, List.of())) {
                response = setup.router()
                        .chat(ChatRequest.builder()
                                .messages(UserMessage.from("What is 2 + 2?"))
                                .maxOutputTokens(50)
                                .build());
            }

            assertThat(response.aiMessage().text()).isEqualTo("Four.");
            wireMock.verify(postRequestedFor(urlPathEqualTo("/openai/deployments/reasoner/chat/completions"))
                    .withQueryParam("api-version", equalTo("2024-10-21"))
                    .withHeader("api-key", equalTo("az-key-1"))
                    .withRequestBody(equalToJson(
                            "{\"seed\":7,\"user\":\"support-app\",\"reasoning_effort\":\"low\","
                                    + "\"max_completion_tokens\":50,\"service_tier\":\"flex\"}",
                            true,
                            true)));
        } finally {
            wireMock.stop();
        }
    }
}
