package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleChatModelTest extends WireMockTestBase {

    private static final String ANSWER = """
            {"id":"chatcmpl-42","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour !"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":21,"completion_tokens":4,"total_tokens":25}}""";

    @Test
    void sendsModelMessagesAndParametersAsOpenAiJson() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));
        ChatRequest request = ChatRequest.builder()
                .messages(
                        SystemMessage.from("Answer in French."),
                        UserMessage.from("Hello"),
                        AiMessage.from("Bonjour"),
                        UserMessage.from("Again"))
                .temperature(0.2)
                .topP(0.9)
                .maxOutputTokens(64)
                .stopSequences(List.of("END"))
                .build();

        model().build().chat(request);

        wireMock.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini",
                         "messages":[{"role":"system","content":"Answer in French."},
                                     {"role":"user","content":"Hello"},
                                     {"role":"assistant","content":"Bonjour"},
                                     {"role":"user","content":"Again"}],
                         "temperature":0.2,"top_p":0.9,"max_tokens":64,"stop":["END"]}""")));
    }

    @Test
    void sendsOnlyModelAndMessagesWhenNoParametersAreSet() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));

        model().build().chat("Hello");

        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""")));
    }

    @Test
    void requestModelNameOverridesConfiguredModel() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Hello"))
                .modelName("gpt-4.1")
                .build();

        model().build().chat(request);

        wireMock.verify(
                postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"model\":\"gpt-4.1\"}", true, true)));
    }

    @Test
    void sendsSeveralUserTextsAsTextPartsWithName() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));
        UserMessage user = UserMessage.from("alice", List.of(TextContent.from("one"), TextContent.from("two")));

        model().build().chat(user);

        wireMock.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","name":"alice",
                  "content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]}]}""", true, true)));
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutApiKeyAndSendsExtraHeaders() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                .baseUrl(baseUrl())
                .modelName(MODEL)
                .header("OpenAI-Organization", "org-7")
                .build();

        model.chat("Hello");

        wireMock.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", absent())
                .withHeader("OpenAI-Organization", equalTo("org-7")));
    }

    @Test
    void parsesTextFinishReasonUsageIdAndModel() {
        wireMock.stubFor(post(PATH).willReturn(okJson(ANSWER)));

        ChatResponse response = model().build().chat(UserMessage.from("Hello"));

        assertThat(response.aiMessage().text()).isEqualTo("Bonjour !");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(21);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(25);
        assertThat(response.id()).isEqualTo("chatcmpl-42");
        assertThat(response.modelName()).isEqualTo("gpt-4o-mini-2024-07-18");
    }

    @ParameterizedTest
    @CsvSource({
        "stop, STOP",
        "length, LENGTH",
        "tool_calls, TOOL_EXECUTION",
        "content_filter, CONTENT_FILTER",
        "something_new, OTHER"
    })
    void mapsFinishReason(String wire, FinishReason expected) {
        wireMock.stubFor(post(PATH).willReturn(okJson("""
                {"id":"x","model":"m","choices":[{"message":{"content":"ok"},"finish_reason":"%s"}]}""".formatted(wire))));

        ChatResponse response = model().build().chat(UserMessage.from("Hello"));

        assertThat(response.finishReason()).isEqualTo(expected);
        assertThat(response.tokenUsage()).isNull();
    }

    @Test
    void answersWithEmptyTextWhenContentIsNull() {
        wireMock.stubFor(post(PATH).willReturn(okJson("""
                {"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}""")));

        ChatResponse response = model().build().chat(UserMessage.from("Hello"));

        assertThat(response.aiMessage().text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void malformedJsonBodyIsUnavailableWithCouldNotRead() {
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"choices\": [ {\"message\": ")));
        OpenAiCompatibleChatModel model = model().build();

        assertThatThrownBy(() -> model.chat("Hello"))
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("Tier 'remote'")
                .hasMessageContaining("localhost:" + wireMock.port())
                .hasMessageContaining("could not read the answer: the body is not valid JSON")
                .hasNoCause();
    }

    @Test
    void htmlBodyWithSuccessStatusIsUnavailable() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("<html>gateway</html>")));
        OpenAiCompatibleChatModel model = model().build();

        assertThatThrownBy(() -> model.chat("Hello"))
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not read the answer")
                .hasMessageNotContaining("gateway");
    }

    @Test
    void answerWithoutChoicesIsUnavailable() {
        wireMock.stubFor(post(PATH).willReturn(okJson("{\"id\":\"x\",\"choices\":[]}")));
        OpenAiCompatibleChatModel model = model().build();

        assertThatThrownBy(() -> model.chat("Hello"))
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not read the answer: the body has no choices");
    }

    @Test
    void rejectsAudioContentWithoutSendingAnything() {
        OpenAiCompatibleChatModel model = model().build();
        UserMessage withAudio =
                UserMessage.from(TextContent.from("What is this?"), AudioContent.from("https://example.com/a.wav"));

        assertThatThrownBy(() -> model.chat(withAudio))
                .isExactlyInstanceOf(TierRequestRejectedException.class)
                .hasMessage("Tier 'remote' sends text and images only, and a user message holds AUDIO content."
                        + " Route it to a tier that accepts AUDIO.");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }
}
