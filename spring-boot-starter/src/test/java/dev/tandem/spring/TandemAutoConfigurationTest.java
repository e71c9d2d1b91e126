package dev.tandem.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalModels;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration against a real forged Jlama model and a WireMock OpenAI endpoint. */
class TandemAutoConfigurationTest {

    static final String HARD_QUESTION = "Prove step by step that the sum of the first n odd numbers is n^2, then"
            + " derive the integral of x^2 and analyze it. The build server is 10.20.30.40.";

    private static Path model;
    private static WireMockServer remote;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
            .withPropertyValues("tandem.local.model-dir=" + model)
            // Router customizers apply: difficulty as the test decides it, whatever the heuristic's calibration.
            .withBean(
                    TandemRouterCustomizer.class, () -> builder -> builder.difficultyEstimator(new StepByStepIsHard()));

    @BeforeAll
    static void forgeModelAndStartRemote() throws IOException {
        model = ModelForge.forge(
                ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), Files.createTempDirectory("tandem-starter"));
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
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id": "x", "object": "chat.completion", "model": "gpt-stub",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                   "message": {"role": "assistant", "content": "remote answer"}}],
                                 "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}}
                                """)));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + remote.port() + "/v1";
    }

    @Test
    void theRouterIsTheChatModelAndKeepsPersonalDataLocalWhileHardQuestionsGoRemoteRedacted() {
        runner.withPropertyValues(
                        "tandem.remote.base-url=" + baseUrl(),
                        "tandem.remote.api-key=sk-test-123",
                        "tandem.remote.model=gpt-stub")
                .run(context -> {
                    ChatModel chatModel = context.getBean(ChatModel.class);

                    ChatResponse personal =
                            chatModel.chat(ChatRequests.of("Summarise the order of jane.doe@example.com"));
                    ChatResponse hard = chatModel.chat(ChatRequests.of(HARD_QUESTION));

                    assertThat(chatModel).isSameAs(context.getBean(TandemRouter.class));
                    assertThat(context.getBean(StreamingChatModel.class)).isSameAs(chatModel);
                    assertThat(TandemResponseMetadata.from(personal).outcome().tier())
                            .isEqualTo("local");
                    assertThat(TandemResponseMetadata.from(hard).outcome().tier())
                            .isEqualTo("remote");
                    assertThat(hard.aiMessage().text()).isEqualTo("remote answer");
                    List<String> sent = remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                            .map(LoggedRequest::getBodyAsString)
                            .toList();
                    assertThat(sent).hasSize(1);
                    assertThat(sent.get(0))
                            .contains("<IP_ADDRESS_1>", "sum of the first n odd numbers")
                            .doesNotContain("10.20.30.40", "jane.doe");
                });
    }

    @Test
    void withoutARemoteEndpointTheRouterRunsOffline() {
        runner.run(context -> {
            TandemRouter router = context.getBean(TandemRouter.class);

            ChatResponse hard = router.chat(ChatRequests.of(HARD_QUESTION));

            assertThat(router.isOffline()).isTrue();
            assertThat(router.tiers()).containsOnlyKeys("local");
            assertThat(TandemResponseMetadata.from(hard).outcome().tier()).isEqualTo("local");
        });
    }

    @Test
    void anInlinePolicyReplacesThePreset() {
        runner.withPropertyValues("tandem.policy.inline=" + """
                        name: inline-only-local
                        tiers:
                          local: { locality: local }
                        default:
                          route: { tier: local }
                        """)
                .run(context -> assertThat(
                                context.getBean(TandemRouter.class).policy().name())
                        .isEqualTo("inline-only-local"));
    }

    @Test
    void aPolicyFileIsLoadedFromItsLocation() throws IOException {
        Path file = Files.writeString(Files.createTempFile(model.getParent(), "tandem", ".yaml"), """
                name: from-file
                tiers:
                  local: { locality: local }
                default:
                  route: { tier: local }
                """);

        runner.withPropertyValues("tandem.policy.location=file:" + file)
                .run(context -> assertThat(
                                context.getBean(TandemRouter.class).policy().name())
                        .isEqualTo("from-file"));
    }

    @Test
    void metricsBindToTheApplicationsMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            context.getBean(TandemRouter.class).chat(ChatRequests.of("hello there"));

            assertThat(context).hasSingleBean(TandemMetrics.class);
            assertThat(registry.find(TandemMetrics.REQUESTS).counters())
                    .isNotEmpty()
                    .allSatisfy(counter ->
                            assertThat(counter.getId().getTag("tier")).isEqualTo("local"));
        });
    }

    @Test
    void withoutAMeterRegistryThereAreNoMetrics() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TandemMetrics.class));
    }

    @Test
    void healthReportsEachTierWithoutCallingAnyModel() {
        runner.withPropertyValues(
                        "tandem.remote.base-url=http://127.0.0.1:9/v1",
                        "tandem.remote.api-key=sk-test-123",
                        "tandem.remote.model=gpt-unreachable",
                        "tandem.remote.timeout=2s")
                .run(context -> {
                    CompositeHealthContributor health = (CompositeHealthContributor)
                            context.getBean("tandemHealthContributor", HealthContributor.class);
                    Health localBefore = health(health, "local");
                    Health remoteBefore = health(health, "remote");

                    context.getBean(TandemRouter.class).chat(ChatRequests.of("hello there"));

                    assertThat(localBefore.getStatus()).isEqualTo(Status.UNKNOWN);
                    assertThat(localBefore.getDetails())
                            .containsEntry("loaded", false)
                            .containsEntry("model", model.getFileName().toString());
                    assertThat(remoteBefore.getStatus()).isEqualTo(Status.UNKNOWN);
                    assertThat(remoteBefore.getDetails()).containsEntry("model", "gpt-unreachable");
                    assertThat(health(health, "local").getStatus()).isEqualTo(Status.UP);
                    assertThat(health(health, "local").getDetails()).containsEntry("loaded", true);
                    assertThat(remote.getAllServeEvents()).isEmpty();
                });
    }

    @Test
    void healthReportsAFailedRemoteTierAsDown() {
        // A rejected key is not retried, so one remote attempt fails and the local tier answers.
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"type\": \"invalid_api_key\", \"message\": \"bad key\"}}")));
        runner.withPropertyValues("tandem.remote.base-url=" + baseUrl(), "tandem.remote.api-key=sk-test-123")
                .run(context -> {
                    CompositeHealthContributor health = (CompositeHealthContributor)
                            context.getBean("tandemHealthContributor", HealthContributor.class);

                    ChatResponse hard = context.getBean(TandemRouter.class).chat(ChatRequests.of(HARD_QUESTION));

                    assertThat(TandemResponseMetadata.from(hard).outcome().attempts())
                            .extracting(Attempt::tier)
                            .startsWith("remote")
                            .endsWith("local");
                    assertThat(health(health, "remote").getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health(health, "remote").getDetails()).containsKey("lastError");
                });
    }

    @Test
    void healthReportsAnUnconfiguredRemoteTierAsOffline() {
        runner.run(context -> {
            CompositeHealthContributor health =
                    (CompositeHealthContributor) context.getBean("tandemHealthContributor", HealthContributor.class);

            Health remoteHealth = health(health, "remote");

            assertThat(remoteHealth.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(remoteHealth.getDetails()).containsEntry("configured", false);
        });
    }

    @Test
    void tierCustomizersDecorateTiersAndListenerBeansAreRegistered() {
        AtomicInteger localCalls = new AtomicInteger();
        AtomicInteger decisions = new AtomicInteger();
        runner.withBean(
                        TandemTierCustomizer.class,
                        () -> tier -> Tier.local(tier.name(), new ChatModel() {
                                    @Override
                                    public ChatResponse doChat(ChatRequest request) {
                                        localCalls.incrementAndGet();
                                        return tier.chatModel().chat(request);
                                    }
                                })
                                .modelName(tier.modelName())
                                .build())
                .withBean(TandemListener.class, () -> new TandemListener() {
                    @Override
                    public void onDecision(DecisionEvent event) {
                        decisions.incrementAndGet();
                    }
                })
                .run(context -> {
                    context.getBean(TandemRouter.class).chat(ChatRequests.of("hello there"));

                    assertThat(localCalls).hasValue(1);
                    assertThat(decisions).hasValue(1);
                });
    }

    @Test
    void theLocalModelIsClosedWithTheContext() {
        runner.run(context -> {
            LocalModels locals = context.getBean(LocalModels.class);
            context.getBean(TandemRouter.class).chat(ChatRequests.of("hello there"));
            assertThat(locals.loaded("local")).isPresent();

            context.close();

            assertThat(locals.loaded("local")).isEmpty();
        });
    }

    @Test
    void withoutActuatorsHealthSupportThereIsNoHealthContributor() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context -> {
            assertThat(context).hasSingleBean(TandemRouter.class);
            assertThat(context).doesNotHaveBean("tandemHealthContributor");
        });
    }

    @Test
    void tandemEnabledFalseTurnsItOff() {
        runner.withPropertyValues("tandem.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TandemRouter.class));
    }

    @Test
    void aMissingModelDirIsReportedWithTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("tandem.local.model-dir is not set: point it at a model folder"));
    }

    @Test
    void aFolderWithoutAModelIsReportedWithTheProperty() throws IOException {
        Path empty = Files.createTempDirectory("tandem-empty");

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
                .withPropertyValues("tandem.local.model-dir=" + empty)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("tandem.local.model-dir=" + empty + " is not a model folder"));
    }

    @Test
    void forgeIfMissingForgesADemoModel() throws IOException {
        Path empty = Files.createTempDirectory("tandem-forge");

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class))
                .withPropertyValues("tandem.local.model-dir=" + empty, "tandem.local.forge-if-missing=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(TandemRouter.class);
                    assertThat(empty.resolve("model.safetensors")).isRegularFile();
                });
    }

    @Test
    void policyLocationAndInlineTogetherAreRejected() {
        runner.withPropertyValues("tandem.policy.location=classpath:x.yaml", "tandem.policy.inline=name: x")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("tandem.policy.location and tandem.policy.inline are both set; set only one:"
                                + " a policy file, or the policy YAML itself"));
    }

    @Test
    void aMissingPolicyResourceIsReportedWithTheProperty() {
        runner.withPropertyValues("tandem.policy.location=classpath:no-such-policy.yaml")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("tandem.policy.location=classpath:no-such-policy.yaml does not exist"));
    }

    @Test
    void aKeyOverPlainHttpToAnotherMachineFailsStartupUnlessThePropertyAllowsIt() {
        runner.withPropertyValues(
                        "tandem.remote.base-url=http://gateway.internal:8080/v1", "tandem.remote.api-key=sk-test-123")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith(
                                "tier 'remote' would send its API key in clear text over http to gateway.internal")
                        .hasMessageNotContaining("sk-test-123"));
        runner.withPropertyValues(
                        "tandem.remote.base-url=http://gateway.internal:8080/v1",
                        "tandem.remote.api-key=sk-test-123",
                        "tandem.remote.allow-cleartext-credentials=true")
                .run(context -> assertThat(context).hasSingleBean(TandemRouter.class));
    }

    @Test
    void theApiKeyNeverAppearsInThePropertiesToString() {
        TandemProperties properties = new TandemProperties();
        properties.getRemote().setApiKey("sk-very-secret");
        properties.getRemote().setBaseUrl("https://bob:url-secret@gateway.example/v1?token=query-secret");

        assertThat(properties.toString())
                .doesNotContain("sk-very-secret", "url-secret", "query-secret")
                .contains("api-key=****", "base-url=https://***@gateway.example/v1?***");
    }

    private static Health health(CompositeHealthContributor composite, String tier) {
        return ((HealthIndicator) composite.getContributor(tier)).health();
    }
}
