package dev.tandem.springai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.spring.TandemAutoConfiguration;
import dev.tandem.spring.TandemRouterCustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

/**
 * The Spring AI adapter and its auto-configuration, through {@code ChatClient}, on the router the Tandem
 * starter builds over a forged Jlama model and a WireMock OpenAI endpoint.
 */
class TandemSpringAiChatModelTest {

    static final String HARD_QUESTION = "Explain step by step why the build server 10.20.30.40 rejects the proof"
            + " checker, then derive the fix.";
    // Without digits next to a word: the privacy tagger takes "17 plus" for a street address.
    static final String HARD_SUM = "Work out step by step the total of the two invoice amounts with the add tool.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path model;
    private static WireMockServer remote;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(TandemAutoConfiguration.class, TandemSpringAiAutoConfiguration.class))
            .withPropertyValues(
                    "tandem.local.model-dir=" + model,
                    "tandem.remote.base-url=http://127.0.0.1:" + remote.port() + "/v1",
                    "tandem.remote.api-key=sk-spring-ai",
                    "tandem.remote.model=gpt-stub")
            .withBean(
                    TandemRouterCustomizer.class,
                    () -> builder -> builder.difficultyEstimator(new AnyStepByStepIsHard()))
            .withBean(Calculator.class)
            .withBean(ChatClientExample.class);

    @BeforeAll
    static void forgeModelAndStartRemote() throws IOException {
        model = ModelForge.forge(
                ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), Files.createTempDirectory("tandem-spring-ai"));
        remote = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        remote.start();
    }

    @AfterAll
    static void stopRemote() {
        remote.stop();
    }

    @BeforeEach
    void remoteAnswers() {
        remote.resetAll();
        remote.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(completion("""
                {"role": "assistant", "content": "Check <IP_ADDRESS_1> first."}""", "stop"))));
        // Asked with the add tool: call it; once its result is in the conversation, answer with it.
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(2)
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("add")))
                .willReturn(json(completion("""
                        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                          "function": {"name": "add", "arguments": "{\\"a\\": 17, \\"b\\": 25}"}}]}""", "tool_calls"))));
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                .willReturn(json(completion("""
                        {"role": "assistant", "content": "17 plus 25 is 42."}""", "stop"))));
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":"Check "}}]}

                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"content":"<IP_ADDRESS_1> first."},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
    }

    @Test
    void chatClientRoutesAHardQuestionRemotelyWithItsPersonalDataRedacted() {
        runner.run(context -> {
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();

            ChatResponse response =
                    chatClient.prompt().user(HARD_QUESTION).call().chatResponse();

            TandemResponseMetadata routing =
                    TandemSpringAiChatModel.routing(response).orElseThrow();
            assertThat(routing.outcome().tier()).isEqualTo("remote");
            assertThat(response.getResult().getOutput().getText()).isEqualTo("Check 10.20.30.40 first.");
            assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
            assertThat(response.getMetadata().getModel()).isEqualTo("gpt-stub");
            assertThat(response.getMetadata().getUsage().getTotalTokens()).isEqualTo(14);
            List<String> sent = sentBodies();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0)).contains("<IP_ADDRESS_1>").doesNotContain("10.20.30.40");
        });
    }

    @Test
    void personalDataStaysOnTheLocalModel() {
        runner.run(context -> {
            ChatModel chatModel = context.getBean(ChatModel.class);

            ChatResponse response = chatModel.call(new Prompt("Summarise the order of jane.doe@example.com"));

            assertThat(TandemSpringAiChatModel.routing(response)
                            .orElseThrow()
                            .outcome()
                            .tier())
                    .isEqualTo("local");
            assertThat(response.getResult().getOutput().getText()).isNotEmpty();
            assertThat(sentBodies()).isEmpty();
        });
    }

    @Test
    void theChatClientExampleCallsASpringAiToolThroughTheRouter() {
        runner.run(context -> {
            ChatClientExample example = context.getBean(ChatClientExample.class);

            String answer = example.answer(HARD_SUM);

            assertThat(answer).isEqualTo("remote: 17 plus 25 is 42.");
            assertThat(context.getBean(Calculator.class).calls).hasValue(1);
            List<String> sent = sentBodies();
            assertThat(sent).hasSize(2);
            JsonNode first = JSON.readTree(sent.get(0));
            assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("add");
            assertThat(first.at("/tools/0/function/description").asText()).isEqualTo("Adds two whole numbers");
            assertThat(first.at("/tools/0/function/parameters/properties/a/type")
                            .asText())
                    .isEqualTo("integer");
            JsonNode second = JSON.readTree(sent.get(1));
            JsonNode messages = second.get("messages");
            assertThat(messages.get(messages.size() - 2).at("/tool_calls/0/id").asText())
                    .isEqualTo("call_1");
            assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("tool");
            assertThat(messages.get(messages.size() - 1).get("tool_call_id").asText())
                    .isEqualTo("call_1");
            assertThat(messages.get(messages.size() - 1).get("content").asText())
                    .isEqualTo("42");
        });
    }

    @Test
    void theChatClientExampleStreamsTheRestoredAnswer() {
        runner.run(context -> {
            ChatClientExample example = context.getBean(ChatClientExample.class);

            List<String> chunks = example.stream(HARD_QUESTION).collectList().block();

            assertThat(chunks).hasSizeGreaterThan(1);
            assertThat(String.join("", chunks)).isEqualTo("Check 10.20.30.40 first.");
            assertThat(sentBodies()).singleElement().asString().contains("\"stream\":true", "<IP_ADDRESS_1>");
        });
    }

    @Test
    void cancellingTheFluxCancelsTheRoutedStream() throws IOException {
        // Five chunks over two seconds: the subscriber has its first one long before the tier is done.
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withChunkedDribbleDelay(5, 2_000)
                        .withBody("""
                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":"Check "}}]}

                        data: {"id":"x","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"content":"<IP_ADDRESS_1> first."},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
        Path audit = Files.createTempDirectory("tandem-spring-ai-audit").resolve("audit.jsonl");
        runner.withPropertyValues("tandem.audit.file=" + audit).run(context -> {
            ChatModel chatModel = context.getBean(ChatModel.class);

            ChatResponse first = chatModel.stream(new Prompt(HARD_QUESTION)).blockFirst();

            assertThat(first.getResult().getOutput().getText()).isEqualTo("Check ");
        });
        // The context is closed, so the audit log is too; the request's one record says how it ended.
        assertThat(Files.readAllLines(audit).stream()
                        .map(TandemSpringAiChatModelTest::readJson)
                        .filter(record -> record.path("type").asText().equals("request"))
                        .map(record -> record.path("status").asText()))
                .containsExactly("cancelled");
    }

    private static JsonNode readJson(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theLastStreamedResponseCarriesTheRoutingAndTheFinishReason() {
        runner.run(context -> {
            ChatModel chatModel = context.getBean(ChatModel.class);

            List<ChatResponse> responses =
                    chatModel.stream(new Prompt(HARD_QUESTION)).collectList().block();

            ChatResponse last = responses.get(responses.size() - 1);
            assertThat(TandemSpringAiChatModel.routing(last)
                            .orElseThrow()
                            .outcome()
                            .tier())
                    .isEqualTo("remote");
            assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
            assertThat(responses.subList(0, responses.size() - 1))
                    .allSatisfy(partial ->
                            assertThat(TandemSpringAiChatModel.routing(partial)).isEmpty());
        });
    }

    @Test
    void aStreamedAnswerCarriesToolCallsThatChatClientRuns() {
        remote.resetAll();
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(2)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("add")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                        data: {"id":"s","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"add","arguments":""}}]}}]}

                        data: {"id":"s","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"a\\": 17, \\"b\\": 25}"}}]},"finish_reason":"tool_calls"}]}

                        data: [DONE]

                        """)));
        remote.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                        data: {"id":"t","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"role":"assistant","content":"17 plus 25 "}}]}

                        data: {"id":"t","object":"chat.completion.chunk","model":"gpt-stub","choices":[{"index":0,"delta":{"content":"is 42."},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));

        runner.run(context -> {
            Calculator calculator = context.getBean(Calculator.class);
            ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();

            List<String> chunks = chatClient.prompt().user(HARD_SUM).tools(calculator).stream()
                    .content()
                    .collectList()
                    .block();

            assertThat(String.join("", chunks)).isEqualTo("17 plus 25 is 42.");
            assertThat(calculator.calls).hasValue(1);
            List<String> sent = sentBodies();
            assertThat(sent).hasSize(2);
            JsonNode messages = JSON.readTree(sent.get(1)).get("messages");
            assertThat(messages.get(messages.size() - 1).get("content").asText())
                    .isEqualTo("42");
        });
    }

    @Test
    void promptOptionsReachTheRemoteRequest() {
        runner.run(context -> {
            ChatModel chatModel = context.getBean(ChatModel.class);

            chatModel.call(new Prompt(
                    HARD_QUESTION,
                    ChatOptions.builder()
                            .temperature(0.3)
                            .maxTokens(120)
                            .stopSequences(List.of("END"))
                            .build()));

            JsonNode body = JSON.readTree(sentBodies().get(0));
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(120);
            assertThat(body.get("stop").get(0).asText()).isEqualTo("END");
        });
    }

    @Test
    void theAdapterIsThePrimarySpringAiModelAndWrapsTheRouterBean() {
        runner.withBean("otherSpringAiModel", ChatModel.class, () -> prompt -> {
                    throw new AssertionError("the other model must not be injected");
                })
                .run(context -> {
                    assertThat(context.getBean(ChatModel.class)).isInstanceOf(TandemSpringAiChatModel.class);
                    assertThat(context.getBean(ChatModel.class).toString())
                            .contains(context.getBean(TandemRouter.class).toString());
                    assertThat(context).hasSingleBean(ChatClient.Builder.class);
                });
    }

    @Test
    void withoutTheRouterThereIsNoAdapter() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(TandemAutoConfiguration.class, TandemSpringAiAutoConfiguration.class))
                .withPropertyValues("tandem.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TandemSpringAiChatModel.class));
    }

    @Test
    void aUserMessageWithMediaIsRejectedBeforeAnyCall() {
        runner.run(context -> {
            ChatModel chatModel = context.getBean(ChatModel.class);
            UserMessage withImage = UserMessage.builder()
                    .text("What is in this picture?")
                    .media(List.of(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(new byte[] {1, 2, 3}))))
                    .build();

            assertThatThrownBy(() -> chatModel.call(new Prompt(withImage)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("a user message with media (1 item(s)) cannot be routed by Tandem's"
                            + " Spring AI adapter, which passes text only");
            assertThat(sentBodies()).isEmpty();
        });
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String completion(String message, String finishReason) {
        return """
                {"id": "x", "object": "chat.completion", "model": "gpt-stub",
                 "choices": [{"index": 0, "finish_reason": "%s", "message": %s}],
                 "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14}}
                """.formatted(finishReason, message);
    }

    private static List<String> sentBodies() {
        return remote.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }
}
