package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleChatModelStreamingTest extends WireMockTestBase {

    private static ResponseDefinitionBuilder eventStream(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    private static ChatRequest hello() {
        return ChatRequest.builder().messages(UserMessage.from("Hello")).build();
    }

    @Test
    void sendsStreamTrueWithIncludeUsage() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(eventStream(sse(chunk("Hi"), finish("stop"), "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        handler.awaitResponse();

        wireMock.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}],
                         "stream":true,"stream_options":{"include_usage":true}}""")));
    }

    @Test
    void streamsDeltasInOrderThenCompletesWithFullTextFinishReasonAndUsage() throws Exception {
        wireMock.stubFor(post(PATH)
                .willReturn(eventStream(
                        sse(chunk("Bon"), chunk("jour"), chunk(" !"), finish("length"), usage(12, 3), "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        ChatResponse response = handler.awaitResponse();

        assertThat(handler.partials).containsExactly("Bon", "jour", " !");
        assertThat(response.aiMessage().text()).isEqualTo("Bonjour !");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(12);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(15);
        assertThat(response.id()).isEqualTo("chatcmpl-s1");
        assertThat(response.modelName()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void completesWhenStreamHasFinishReasonButNoDone() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(eventStream(sse(chunk("Hi"), finish("stop")))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        ChatResponse response = handler.awaitResponse();

        assertThat(response.aiMessage().text()).isEqualTo("Hi");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage()).isNull();
    }

    @Test
    void truncatedStreamEndsInErrorNotComplete() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(eventStream(sse(chunk("Half an"), chunk(" ans")))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(handler.partials).containsExactly("Half an", " ans");
        assertThat(error)
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessage("Tier 'remote' ended the stream from localhost:" + wireMock.port()
                        + " before the answer was complete (no finish_reason and no [DONE]). The partial answer"
                        + " was discarded; retry later or fall back to another tier.");
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void malformedJsonEventEndsInError() throws Exception {
        wireMock.stubFor(post(PATH)
                .willReturn(eventStream(sse(chunk("Hi"), "{\"choices\":[{\"delta\":", finish("stop"), "[DONE]"))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error)
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not read the answer: an event in the stream is not valid JSON")
                .hasNoCause();
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void errorEventInTheStreamEndsInErrorWithItsType() throws Exception {
        wireMock.stubFor(post(PATH)
                .willReturn(eventStream(
                        sse(chunk("Hi"), "{\"error\":{\"message\":\"boom with Hello\",\"type\":\"server_error\"}}"))));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error)
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessage("Tier 'remote' failed in the middle of a stream from localhost:" + wireMock.port()
                        + " (type server_error). The partial answer was discarded; retry later or fall back to"
                        + " another tier.");
    }

    @Test
    void httpErrorOnStreamMapsLikeNonStreaming() throws Exception {
        wireMock.stubFor(
                post(PATH)
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}")));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error)
                .isExactlyInstanceOf(TierAuthenticationException.class)
                .hasMessageStartingWith("Tier 'remote' refused the credentials: HTTP 401 from localhost:"
                        + wireMock.port() + " (code invalid_api_key). Check the API key");
    }

    @Test
    void rateLimitOnStreamCarriesRetryAfter() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error).isExactlyInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) error).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void answerThatIsNotAnEventStreamEndsInError() throws Exception {
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"choices\":[]}")));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error)
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not read the answer: a stream was requested but the answer has content"
                        + " type application/json");
    }

    @Test
    void connectionResetOnStreamEndsInError() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        RecordingHandler handler = new RecordingHandler();

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error)
                .isExactlyInstanceOf(TierUnavailableException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void streamSlowerThanReadTimeoutEndsInTimeout() throws Exception {
        wireMock.stubFor(post(PATH)
                .willReturn(eventStream(sse(chunk("Hi"), finish("stop"))).withFixedDelay(2_000)));
        RecordingHandler handler = new RecordingHandler();

        model().readTimeout(Duration.ofMillis(200)).build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error).isExactlyInstanceOf(TierTimeoutException.class).hasMessageContaining("read PT0.2S");
    }

    @Test
    void handlerThatThrowsGetsItsExceptionInOnErrorAndNoCompletion() throws Exception {
        wireMock.stubFor(post(PATH).willReturn(eventStream(sse(chunk("one"), chunk("two"), finish("stop"), "[DONE]"))));
        IllegalStateException boom = new IllegalStateException("handler failed");
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                super.onPartialResponse(partialResponse);
                throw boom;
            }
        };

        model().build().chat(hello(), handler);
        Throwable error = handler.awaitError();

        assertThat(error).isSameAs(boom);
        assertThat(handler.partials).containsExactly("one");
        assertThat(handler.terminalCalls).hasValue(1);
    }

    @Test
    void requestThisTierCannotSendGoesToOnError() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        ChatRequest withImage = ChatRequest.builder()
                .messages(UserMessage.from(AudioContent.from("https://example.com/a.wav")))
                .build();

        model().build().chat(withImage, handler);
        Throwable error = handler.awaitError();

        assertThat(error).isExactlyInstanceOf(TierRequestRejectedException.class);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }
}
