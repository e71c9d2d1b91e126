package dev.tandem.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.core.tier.Tier;
import dev.tandem.gateway.ApiKeys;
import dev.tandem.gateway.GatewayConfig;
import dev.tandem.gateway.TandemGateway;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running gateway on a loopback port in front of a real router: the forged local model (real Jlama)
 * and a WireMock remote that answers in text, streams SSE, and calls a tool when the request has tools.
 * Tenant {@code acme} has key {@link #KEY}; tenant {@code capped} ({@link #CAPPED_KEY}) may make one
 * request a day.
 */
final class GatewayFixture implements AutoCloseable {

    static final String KEY = "sk-tandem-acme-0001";
    static final String CAPPED_KEY = "sk-tandem-capped-0002";
    static final String REMOTE_TEXT = "Paris is the capital of France.";

    static final String POLICY = """
            name: gateway-e2e
            tiers:
              local: {locality: local}
              remote: {locality: remote}
            rules:
              - name: personal-data-stays-local
                when: {sensitivity-at-least: high}
                keep-local: {}
            default:
              route: {tier: remote, fallback: [local]}
            budgets:
              limits:
                - name: capped-daily
                  tenants: [capped]
                  period: day
                  max-requests: 1
                  when-exceeded: {refuse: {message: daily request budget used up}}
            """;

    private final WireMockServer remote =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final JlamaLocalModel local;
    private final TandemGateway gateway;

    GatewayFixture(Path work, GatewayConfig.Builder config) {
        remote.start();
        stubRemote();
        local = JlamaLocalModel.builder()
                .modelDirectory(ForgedModel.folder())
                .maxNewTokens(8)
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Path policy = Files.writeString(work.resolve("gateway-policy.yaml"), POLICY);
            Path keys = Files.writeString(
                    work.resolve("keys.txt"),
                    "# tenant  sha256\nacme " + ApiKeys.sha256(KEY) + "\ncapped " + ApiKeys.sha256(CAPPED_KEY) + "\n");
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.load(policy))
                    .tier(Tier.local("local", local)
                            .modelName("forged-qwen2-tiny")
                            .build())
                    .tier(Tier.remote(
                                    "remote",
                                    OpenAiCompatibleChatModel.builder()
                                            .baseUrl("http://127.0.0.1:" + remote.port() + "/v1")
                                            .apiKey(OpenAiStub.API_KEY)
                                            .modelName(OpenAiStub.MODEL)
                                            .tierName("remote")
                                            .build())
                            .modelName(OpenAiStub.MODEL)
                            .build())
                    .listener(TandemMetrics.builder(registry).build())
                    .build();
            gateway = TandemGateway.builder(router)
                    .config(config.port(0).build())
                    .apiKeys(ApiKeys.load(keys))
                    .meterRegistry(registry)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}, what an OpenAI client takes as its base URL. */
    String baseUrl() {
        return gateway.baseUrl() + "/v1";
    }

    TandemGateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
        local.close();
        remote.stop();
    }

    private void stubRemote() {
        String path = "/v1/chat/completions";
        remote.stubFor(
                post(urlEqualTo(path))
                        .atPriority(5)
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"id\":\"r1\",\"model\":\"gpt-stub\",\"choices\":[{\"message\":{\"role\":\"assistant\","
                                                        + "\"content\":\"" + REMOTE_TEXT
                                                        + "\"},\"finish_reason\":\"stop\"}],"
                                                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}")));
        remote.stubFor(
                post(urlEqualTo(path))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath("$.tools"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"id\":\"r2\",\"model\":\"gpt-stub\",\"choices\":[{\"message\":{\"role\":\"assistant\","
                                                        + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                                                        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
                                                        + "\"finish_reason\":\"tool_calls\"}],"
                                                        + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}")));
        StringBuilder events = new StringBuilder();
        String[] pieces = {"Paris ", "is the ", "capital ", "of France."};
        for (String piece : pieces) {
            events.append(
                            "data: {\"id\":\"r3\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .append(piece)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        events.append("data: {\"id\":\"r3\",\"model\":\"gpt-stub\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\n");
        events.append("data: {\"id\":\"r3\",\"model\":\"gpt-stub\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n");
        events.append("data: [DONE]\n\n");
        remote.stubFor(post(urlEqualTo(path))
                .atPriority(2)
                .withRequestBody(
                        matchingJsonPath("$.stream", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(events.toString())));
    }
}
