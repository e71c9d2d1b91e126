package dev.tandem.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.local.LocalModels;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code tandem.*} properties beyond the basics (further remote tiers, headers, Azure, parameter
 * defaults, resilience, redaction, audit, listeners), each checked on the HTTP request a WireMock endpoint
 * receives or on what the router does, with a forged Jlama model as the local tier.
 */
class TandemPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLETION = """
            {"id": "x", "object": "chat.completion", "model": "gpt-stub",
             "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "remote answer"}}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}}
            """;

    /** Every request goes to remote-eu first, then remote, then local. */
    private static final String TWO_REMOTES_POLICY = "tandem.policy.inline=" + """
            name: two-remotes
            tiers:
              local: { locality: local }
              remote: { locality: remote }
              remote-eu: { locality: remote }
            default:
              route: { tier: remote-eu, fallback: [remote, local] }
            """;

    private static Path model;
    private static WireMockServer remote;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
            .withPropertyValues("tandem.local.model-dir=" + model)
            .withBean(
                    TandemRouterCustomizer.class, () -> builder -> builder.difficultyEstimator(new StepByStepIsHard()));

    @BeforeAll
    static void forgeModelAndStartRemote() throws IOException {
        model = ModelForge.forge(
                ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), Files.createTempDirectory("tandem-props"));
        remote = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        remote.start();
    }

    @AfterAll
    static void stopRemote() {
        remote.stop();
    }

    @BeforeEach
    void answerRemotely() {
        remote.resetAll();
        remote.stubFor(post(anyUrl())
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(COMPLETION)));
    }

    private String root() {
        return "http://127.0.0.1:" + remote.port();
    }

    @Test
    void aSecondRemoteTierTakesAzureSettingsHeadersAndParameterDefaults() {
        runner.withPropertyValues(
                        TWO_REMOTES_POLICY,
                        "tandem.remote-tiers.remote-eu.base-url=" + root(),
                        "tandem.remote-tiers.remote-eu.api-key=azure-key-123",
                        "tandem.remote-tiers.remote-eu.model=gpt-4o-eu",
                        "tandem.remote-tiers.remote-eu.azure.deployment=gpt4o-eu",
                        "tandem.remote-tiers.remote-eu.azure.api-version=2024-10-21",
                        "tandem.remote-tiers.remote-eu.headers.[X-Tenant]=acme",
                        "tandem.remote-tiers.remote-eu.defaults.temperature=0.2",
                        "tandem.remote-tiers.remote-eu.defaults.max-output-tokens=300",
                        "tandem.remote-tiers.remote-eu.defaults.seed=42",
                        "tandem.remote-tiers.remote-eu.defaults.user=tenant-7",
                        "tandem.remote-tiers.remote-eu.defaults.custom-parameters.service_tier=flex",
                        "tandem.remote-tiers.remote-eu.defaults.custom-parameters.top_k=40",
                        "tandem.remote-tiers.remote-eu.defaults.custom-parameters.store=false",
                        "tandem.remote.base-url=" + root() + "/v1",
                        "tandem.remote.api-key=sk-main")
                .run(context -> {
                    TandemRouter router = context.getBean(TandemRouter.class);

                    ChatResponse response = router.chat(ChatRequests.of("What is the capital of Norway?"));

                    assertThat(router.tiers()).containsOnlyKeys("local", "remote", "remote-eu");
                    assertThat(TandemResponseMetadata.from(response).outcome().tier())
                            .isEqualTo("remote-eu");
                    List<LoggedRequest> sent = remote.findAll(postRequestedFor(anyUrl()));
                    assertThat(sent).hasSize(1);
                    LoggedRequest request = sent.get(0);
                    assertThat(request.getUrl())
                            .isEqualTo("/openai/deployments/gpt4o-eu/chat/completions?api-version=2024-10-21");
                    assertThat(request.getHeader("api-key")).isEqualTo("azure-key-123");
                    assertThat(request.getHeader("X-Tenant")).isEqualTo("acme");
                    JsonNode body = JSON.readTree(request.getBodyAsString());
                    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
                    assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
                    assertThat(body.get("seed").asInt()).isEqualTo(42);
                    assertThat(body.get("user").asText()).isEqualTo("tenant-7");
                    assertThat(body.get("service_tier").asText()).isEqualTo("flex");
                    assertThat(body.get("top_k").isIntegralNumber()).isTrue();
                    assertThat(body.get("top_k").asInt()).isEqualTo(40);
                    assertThat(body.get("store").isBoolean()).isTrue();
                    assertThat(body.get("store").asBoolean()).isFalse();
                });
    }

    @Test
    void whenTheFirstRemoteTierFailsTheSecondAnswers() {
        remote.stubFor(post(urlPathEqualTo("/eu/v1/chat/completions"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": {\"message\": \"bad key\"}}")));

        runner.withPropertyValues(
                        TWO_REMOTES_POLICY,
                        "tandem.remote-tiers.remote-eu.base-url=" + root() + "/eu/v1",
                        "tandem.remote-tiers.remote-eu.api-key=sk-eu",
                        "tandem.remote.base-url=" + root() + "/v1",
                        "tandem.remote.api-key=sk-main")
                .run(context -> {
                    ChatResponse response =
                            context.getBean(TandemRouter.class).chat(ChatRequests.of("What is the capital of Norway?"));

                    assertThat(TandemResponseMetadata.from(response).outcome().tier())
                            .isEqualTo("remote");
                    assertThat(response.aiMessage().text()).isEqualTo("remote answer");
                    assertThat(remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
                            .hasSize(1);
                });
    }

    @Test
    void aRemoteTiersResilienceLimitsItsAttempts() {
        remote.stubFor(post(anyUrl())
                .atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\": {\"message\": \"overloaded\"}}")));

        runner.withPropertyValues(
                        "tandem.remote.base-url=" + root() + "/v1",
                        "tandem.remote.api-key=sk-main",
                        "tandem.remote.resilience.max-attempts=2",
                        "tandem.remote.resilience.initial-backoff=1ms",
                        "tandem.remote.resilience.max-backoff=2ms")
                .run(context -> {
                    ChatResponse response = context.getBean(TandemRouter.class)
                            .chat(ChatRequests.of(TandemAutoConfigurationTest.HARD_QUESTION));

                    assertThat(TandemResponseMetadata.from(response).outcome().tier())
                            .isEqualTo("local");
                    assertThat(remote.findAll(postRequestedFor(anyUrl()))).hasSize(2);
                });
    }

    @Test
    void redactionPropertiesOverrideThePolicy() {
        runner.withPropertyValues(
                        "tandem.remote.base-url=" + root() + "/v1",
                        "tandem.remote.api-key=sk-main",
                        "tandem.privacy.redaction.ip-address=block")
                .run(context -> {
                    ChatResponse hard = context.getBean(TandemRouter.class)
                            .chat(ChatRequests.of(TandemAutoConfigurationTest.HARD_QUESTION));

                    assertThat(TandemResponseMetadata.from(hard).outcome().tier())
                            .isEqualTo("local");
                    assertThat(remote.findAll(postRequestedFor(anyUrl()))).isEmpty();
                });
    }

    @Test
    void auditPropertiesSwitchOnTheAuditLog() throws IOException {
        Path audit = Files.createTempDirectory("tandem-props-audit").resolve("audit.jsonl");

        runner.withPropertyValues("tandem.audit.file=" + audit, "tandem.audit.keep=2")
                .run(context -> context.getBean(TandemRouter.class).chat(ChatRequests.of("hello there")));

        assertThat(Files.readAllLines(audit).stream().filter(line -> line.contains("\"type\":\"request\"")))
                .hasSize(1);
    }

    @Test
    void chatModelListenerBeansHearEveryChat() {
        List<String> heard = new ArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                heard.add("request");
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                heard.add("response from "
                        + TandemResponseMetadata.from(context.chatResponse())
                                .outcome()
                                .tier());
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                heard.add("error");
            }
        };

        runner.withBean(ChatModelListener.class, () -> listener)
                .run(context -> context.getBean(ChatModel.class).chat(ChatRequests.of("hello there")));

        assertThat(heard).containsExactly("request", "response from local");
    }

    @Test
    void theRouterIsThePrimaryChatModelBesideAnotherOne() {
        ChatModel other = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw new AssertionError("the other model must not be injected");
            }
        };

        runner.withBean("otherChatModel", ChatModel.class, () -> other).run(context -> {
            assertThat(context.getBeansOfType(ChatModel.class)).hasSize(2);
            assertThat(context.getBean(ChatModel.class)).isSameAs(context.getBean(TandemRouter.class));
            assertThat(context.getBean(StreamingChatModel.class)).isSameAs(context.getBean(TandemRouter.class));
        });
    }

    @Test
    void aRemoteOnlyPolicyStartsWithoutALocalModel() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
                .withBean(
                        TandemRouterCustomizer.class,
                        () -> builder -> builder.difficultyEstimator(new StepByStepIsHard()))
                .withPropertyValues(
                        "tandem.policy.inline=" + """
                                name: remote-only
                                tiers:
                                  remote: { locality: remote }
                                default:
                                  route: { tier: remote }
                                """,
                        "tandem.remote.base-url=" + root() + "/v1",
                        "tandem.remote.api-key=sk-main")
                .run(context -> {
                    ChatResponse response = context.getBean(ChatModel.class).chat(ChatRequests.of("hello there"));

                    assertThat(context).doesNotHaveBean(LocalModels.class);
                    assertThat(response.aiMessage().text()).isEqualTo("remote answer");
                });
    }

    @Test
    void aBadApiVersionNamesTheTiersProperty() {
        runner.withPropertyValues(
                        TWO_REMOTES_POLICY,
                        "tandem.remote-tiers.remote-eu.base-url=" + root(),
                        "tandem.remote-tiers.remote-eu.azure.deployment=gpt4o-eu",
                        "tandem.remote-tiers.remote-eu.azure.api-version=last-tuesday")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("tandem.remote-tiers.remote-eu: apiVersion 'last-tuesday' is not an"
                                + " API version, like 2024-10-21 or 2025-01-01-preview"));
    }

    @Test
    void anAzureDeploymentWithoutApiVersionNamesTheTiersProperty() {
        runner.withPropertyValues("tandem.remote.base-url=" + root(), "tandem.remote.azure.deployment=gpt4o")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining(
                                "tandem.remote: azureDeployment needs apiVersion, like apiVersion(\"2024-10-21\")"));
    }

    @Test
    void anInvalidHeaderNameNamesTheTiersProperty() {
        runner.withPropertyValues("tandem.remote.base-url=" + root() + "/v1", "tandem.remote.headers.[X Tenant]=acme")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("tandem.remote: header name 'X Tenant' is not a valid HTTP header"
                                + " name (letters, digits and -)"));
    }

    @Test
    void anOutOfRangeResilienceValueNamesItsProperty() {
        runner.withPropertyValues("tandem.remote.base-url=" + root() + "/v1", "tandem.remote.resilience.max-attempts=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("tandem.remote.resilience: maxAttempts"));
    }

    @Test
    void aRemoteTierNotInThePolicyIsNamed() {
        runner.withPropertyValues("tandem.remote-tiers.remote-us.base-url=" + root() + "/v1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("tier 'remote-us' is not declared in policy 'privacy-first'"));
    }

    @Test
    void aBadAuditSizeNamesTheProperty() throws IOException {
        Path audit = Files.createTempDirectory("tandem-props-audit").resolve("audit.jsonl");

        runner.withPropertyValues("tandem.audit.file=" + audit, "tandem.audit.max-size=1KB")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("tandem.audit: audit.max-bytes must be at least 4096, was 1024"));
    }

    @Test
    void headerValuesKeysAndTheUserIdNeverAppearInTheToString() {
        TandemProperties properties = new TandemProperties();
        properties.getRemote().getHeaders().put("X-Api-Token", "header-secret");
        TandemProperties.RemoteTier eu = new TandemProperties.RemoteTier();
        eu.setApiKey("sk-eu-secret");
        eu.getDefaults().setUser("user-4711");
        properties.getRemoteTiers().put("remote-eu", eu);

        assertThat(properties.toString())
                .doesNotContain("header-secret", "sk-eu-secret", "user-4711")
                .contains("X-Api-Token", "remote-eu", "api-key=****", "user=set");
    }

    @Test
    void theMetadataLetsIdesCompleteEveryGroupOfProperties() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in)
                    .as("generated by spring-boot-configuration-processor")
                    .isNotNull();
            metadata = JSON.readTree(in);
        }

        List<String> names = StreamSupport.stream(metadata.get("properties").spliterator(), false)
                .map(property -> property.get("name").asText())
                .toList();

        assertThat(names)
                .contains(
                        "tandem.remote.azure.deployment",
                        "tandem.remote.azure.api-version",
                        "tandem.remote.headers",
                        "tandem.remote.defaults.temperature",
                        "tandem.remote.defaults.custom-parameters",
                        "tandem.remote.resilience.max-attempts",
                        "tandem.remote-tiers",
                        "tandem.local.resilience.total-timeout",
                        "tandem.streaming.on-partial-failure",
                        "tandem.privacy.redaction",
                        "tandem.audit.file",
                        "tandem.audit.max-size");
    }
}
