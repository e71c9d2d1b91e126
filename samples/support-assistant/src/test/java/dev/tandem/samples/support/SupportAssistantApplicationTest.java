package dev.tandem.samples.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.Result;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.spring.TandemRouterCustomizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole app on a random port, with a forged local model and a WireMock OpenAI endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupportAssistantApplicationTest {

    static final String PRIVATE_TICKET =
            "Customer jane.doe@example.com writes that order 1042 arrived damaged and asks for a refund.";
    static final String HARD_QUESTION = "Prove step by step that the sum of the first n odd numbers is n^2, then"
            + " derive the integral of x^2 and analyze it. Our build server 10.20.30.40 runs the proof checker.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer REMOTE =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    /** Difficulty as the test decides it, so these tests check the app, not the estimator's calibration. */
    @TestConfiguration
    static class Difficulty {
        @Bean
        TandemRouterCustomizer stepByStepIsHard() {
            return builder -> builder.difficultyEstimator(new StepByStepIsHard());
        }
    }

    @DynamicPropertySource
    static void tandem(DynamicPropertyRegistry properties) throws IOException {
        Path model = ModelForge.forge(
                ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), Files.createTempDirectory("support-model"));
        REMOTE.start();
        properties.add("tandem.local.model-dir", model::toString);
        properties.add("tandem.remote.base-url", () -> "http://127.0.0.1:" + REMOTE.port() + "/v1");
        properties.add("tandem.remote.api-key", () -> "sk-support-test");
        properties.add("tandem.remote.model", () -> "gpt-stub");
    }

    @AfterAll
    static void stopRemote() {
        REMOTE.stop();
    }

    @BeforeEach
    void remoteAnswers() {
        REMOTE.resetAll();
        REMOTE.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id": "x", "object": "chat.completion", "model": "gpt-stub",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                   "message": {"role": "assistant", "content": "Check <IP_ADDRESS_1> first."}}],
                                 "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14}}
                                """)));
        REMOTE.stubFor(post(urlEqualTo("/v1/chat/completions"))
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
    void aTicketWithCustomerDataIsAnsweredLocallyAndNothingLeaves() throws Exception {
        JsonNode answer = postTicket(PRIVATE_TICKET);

        assertThat(answer.get("tier").asText()).isEqualTo("local");
        assertThat(answer.get("reasons").get(0).asText()).startsWith("customer-data-stays-local: ");
        assertThat(answer.get("keptLocal").get("EMAIL").asInt()).isEqualTo(1);
        assertThat(answer.get("redactions").isEmpty()).isTrue();
        assertThat(answer.get("answer").asText()).isNotEmpty();
        assertThat(sentBodies()).isEmpty();
    }

    @Test
    void aHardQuestionGoesRemoteWithItsPersonalDataRedacted() throws Exception {
        JsonNode answer = postTicket(HARD_QUESTION);

        assertThat(answer.get("tier").asText()).isEqualTo("remote");
        assertThat(answer.get("model").asText()).isEqualTo("gpt-stub");
        assertThat(answer.get("reasons").get(0).asText()).startsWith("hard-questions-go-remote: ");
        assertThat(answer.get("redactions").get("IP_ADDRESS").asInt()).isEqualTo(1);
        assertThat(answer.get("answer").asText()).isEqualTo("Check 10.20.30.40 first.");
        assertThat(answer.at("/attempts/0/redacted").asBoolean()).isTrue();
        List<String> sent = sentBodies();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).contains("<IP_ADDRESS_1>").doesNotContain("10.20.30.40");
    }

    @Test
    void theWebChatStreamsRoutingAndTheTextSentRemotely() throws Exception {
        String page = get("/chat").body();
        HttpResponse<String> stream = HTTP.send(
                HttpRequest.newBuilder(uri("/api/chat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                                .set(
                                        "messages",
                                        JSON.createArrayNode()
                                                .add(JSON.createObjectNode()
                                                        .put("role", "user")
                                                        .put("content", HARD_QUESTION)))
                                .toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page).contains("Tandem · privacy-first chat").doesNotContain("http://", "https://");
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        JsonNode done = event(stream.body(), "done");
        assertThat(event(stream.body(), "decision").get("tier").asText())
                .as(stream.body())
                .isEqualTo("remote");
        assertThat(done.get("tier").asText()).as(stream.body()).isEqualTo("remote");
        assertThat(done.get("text").asText()).isEqualTo("Check 10.20.30.40 first.");
        assertThat(done.at("/redactions/IP_ADDRESS").asInt()).isEqualTo(1);
        assertThat(done.at("/sent/0/messages/0/text").asText())
                .contains("<IP_ADDRESS_1>")
                .doesNotContain("10.20.30.40");
    }

    @Test
    void healthShowsEachTierAndMetricsCountRequests() throws Exception {
        postTicket("Where can I see the opening hours of the shop?");

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        JsonNode requests =
                JSON.readTree(get("/actuator/metrics/tandem.requests").body());

        assertThat(health.at("/components/tandem/components/local/status").asText())
                .isEqualTo("UP");
        assertThat(health.at("/components/tandem/components/local/details/locality")
                        .asText())
                .isEqualTo("local");
        assertThat(health.at("/components/tandem/components/remote/details/model")
                        .asText())
                .isEqualTo("gpt-stub");
        assertThat(requests.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theAiServiceInterfaceIsBuiltByLangChain4jsStarterOnTheRouter() {
        BeanDefinition definition = context.getBeanFactory().getBeanDefinition("supportAssistant");

        Result<String> answer = context.getBean(SupportAssistant.class).answer(PRIVATE_TICKET);

        assertThat(definition.getBeanClassName()).isEqualTo("dev.langchain4j.service.spring.AiServiceFactory");
        assertThat(context.getBean(ChatModel.class)).isSameAs(context.getBean(TandemRouter.class));
        assertThat(TandemResponseMetadata.from(answer.finalResponse()).outcome().tier())
                .isEqualTo("local");
        assertThat(answer.content()).isNotEmpty();
        assertThat(sentBodies()).isEmpty();
    }

    @Test
    void anEmptyTicketIsABadRequest() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/tickets/answer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ticket\": \" \"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sentBodies()).isEmpty();
    }

    private JsonNode postTicket(String ticket) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/tickets/answer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("ticket", ticket).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode event(String stream, String name) throws IOException {
        for (String block : stream.split("\n\n")) {
            if (block.startsWith("event: " + name + "\n")) {
                return JSON.readTree(block.substring(block.indexOf("data: ") + 6));
            }
        }
        throw new AssertionError("no '" + name + "' event in:\n" + stream);
    }

    private static List<String> sentBodies() {
        return REMOTE.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }
}
