package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierModelNotFoundException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest extends WireMockTestBase {

    /** Like OpenAI's error bodies; the message echoes the prompt, which must never be passed on. */
    private static final String ERROR_BODY = """
            {"error":{"message":"Your prompt 'my private prompt' was rejected","type":"invalid_request_error",
             "param":null,"code":"bad_thing"}}""";

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, TierRequestRejectedException.class, "rejected the request: HTTP 400"),
                Arguments.of(413, TierRequestRejectedException.class, "rejected the request as too large: HTTP 413"),
                Arguments.of(422, TierRequestRejectedException.class, "rejected the request: HTTP 422"),
                Arguments.of(401, TierAuthenticationException.class, "refused the credentials: HTTP 401"),
                Arguments.of(403, TierAuthenticationException.class, "denied access: HTTP 403"),
                Arguments.of(
                        404,
                        TierModelNotFoundException.class,
                        "does not know model 'gpt-4o-mini' or its" + " endpoint: HTTP 404"),
                Arguments.of(408, TierTimeoutException.class, "timed out on the server: HTTP 408"),
                Arguments.of(429, RateLimitedException.class, "is rate limited: HTTP 429"),
                Arguments.of(500, TierUnavailableException.class, "is unavailable: HTTP 500"),
                Arguments.of(502, TierUnavailableException.class, "is unavailable: HTTP 502"),
                Arguments.of(503, TierUnavailableException.class, "is unavailable: HTTP 503"),
                Arguments.of(504, TierUnavailableException.class, "is unavailable: HTTP 504"),
                Arguments.of(599, TierUnavailableException.class, "is unavailable: HTTP 599"),
                Arguments.of(409, TierRequestRejectedException.class, "rejected the request: HTTP 409"),
                Arguments.of(302, TierUnavailableException.class, "answered with an unexpected status: HTTP 302"));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @MethodSource("statuses")
    void mapsStatusToTypedExceptionNamingTierHostTypeAndCode(
            int status, Class<? extends TierException> type, String expected) {
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(ERROR_BODY)));
        OpenAiCompatibleChatModel model = model().tierName("remote-eu").build();

        TierException error = catchThrowableOfType(type, () -> model.chat("Hello"));

        assertThat(error).isExactlyInstanceOf(type);
        assertThat(error.tier()).isEqualTo("remote-eu");
        assertThat(error.getMessage())
                .startsWith("Tier 'remote-eu' " + expected + " from localhost:" + wireMock.port()
                        + " (type invalid_request_error, code bad_thing)")
                .doesNotContain("my private prompt", "was rejected", "Hello");
    }

    @Test
    void unauthorizedSaysToCheckTheApiKey() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody(ERROR_BODY)));
        OpenAiCompatibleChatModel model = model().build();

        TierAuthenticationException error =
                catchThrowableOfType(TierAuthenticationException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessageEndingWith(". Check the API key configured for this tier (OPENAI_API_KEY for"
                        + " OpenAI) and that it belongs to localhost:" + wireMock.port() + ".");
        assertThat(error.isRetriable()).isFalse();
    }

    @Test
    void notFoundSaysToCheckModelNameAndBaseUrl() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(404)));
        OpenAiCompatibleChatModel model = model().build();

        TierModelNotFoundException error =
                catchThrowableOfType(TierModelNotFoundException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessage("Tier 'remote' does not know model 'gpt-4o-mini' or its endpoint: HTTP 404 from localhost:"
                        + wireMock.port() + ". Check modelName, and that baseUrl includes the API version path, like"
                        + " https://api.openai.com/v1.");
    }

    @Test
    void rateLimitReadsRetryAfterInSeconds() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        OpenAiCompatibleChatModel model = model().build();

        RateLimitedException error = catchThrowableOfType(RateLimitedException.class, () -> model.chat("Hi"));

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(20));
        assertThat(error.isRetriable()).isTrue();
        assertThat(error)
                .hasMessageContaining(
                        "HTTP 429 from localhost:" + wireMock.port() + "; it asked to retry after 20 s. Retry later");
    }

    @Test
    void rateLimitReadsRetryAfterAsHttpDate() {
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
        Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:26:30Z"), ZoneOffset.UTC);
        OpenAiCompatibleChatModel model = model().clock(clock).build();

        RateLimitedException error = catchThrowableOfType(RateLimitedException.class, () -> model.chat("Hi"));

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(error).hasMessageContaining("it asked to retry after 90 s");
    }

    @Test
    void rateLimitWithoutRetryAfterSaysSo() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(429)));
        OpenAiCompatibleChatModel model = model().build();

        RateLimitedException error = catchThrowableOfType(RateLimitedException.class, () -> model.chat("Hi"));

        assertThat(error.retryAfter()).isEmpty();
        assertThat(error)
                .hasMessageContaining("HTTP 429 from localhost:" + wireMock.port() + "; it did not say when to retry.");
    }

    @Test
    void leavesOutProviderTypeAndCodeThatAreNotIdentifiers() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("""
                {"error":{"type":"bad key sk-test-SECRET-123 given","code":{"nested":true}}}""")));
        OpenAiCompatibleChatModel model = model().build();

        TierRequestRejectedException error =
                catchThrowableOfType(TierRequestRejectedException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessageStartingWith(
                        "Tier 'remote' rejected the request: HTTP 400 from localhost:" + wireMock.port() + ". Check");
    }

    @Test
    void nonJsonErrorBodyStillMapsByStatus() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withBody("<html>Service down</html>")));
        OpenAiCompatibleChatModel model = model().build();

        TierUnavailableException error = catchThrowableOfType(TierUnavailableException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessage("Tier 'remote' is unavailable: HTTP 503 from localhost:" + wireMock.port()
                        + ". The provider failed on its side; retry later or fall back to another tier.");
    }

    @Test
    void connectionResetIsUnavailable() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        OpenAiCompatibleChatModel model = model().build();

        TierUnavailableException error = catchThrowableOfType(TierUnavailableException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessageStartingWith("Tier 'remote' could not be reached: ")
                .hasMessageContaining("talking to localhost:" + wireMock.port())
                .hasCauseInstanceOf(IOException.class);
        assertThat(error.isRetriable()).isTrue();
    }

    @Test
    void emptyReplyIsUnavailable() {
        wireMock.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        OpenAiCompatibleChatModel model = model().build();

        TierUnavailableException error = catchThrowableOfType(TierUnavailableException.class, () -> model.chat("Hi"));

        assertThat(error).hasMessageContaining("could not be reached").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void refusedConnectionIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiCompatibleChatModel model =
                model().baseUrl("http://localhost:" + closedPort + "/v1").build();

        TierUnavailableException error = catchThrowableOfType(TierUnavailableException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessage("Tier 'remote' could not be reached: ConnectException talking to localhost:" + closedPort
                        + ". Check that the server is running and that baseUrl is right; retry later.");
    }

    @Test
    void answerSlowerThanReadTimeoutIsTimeout() {
        wireMock.stubFor(post(PATH).willReturn(okJson("{}").withFixedDelay(2_000)));
        OpenAiCompatibleChatModel model =
                model().readTimeout(Duration.ofMillis(200)).build();

        TierTimeoutException error = catchThrowableOfType(TierTimeoutException.class, () -> model.chat("Hi"));

        assertThat(error)
                .hasMessage("Tier 'remote' did not answer in time: SocketTimeoutException talking to localhost:"
                        + wireMock.port() + " (connect PT10S, read PT0.2S, call PT5M). Retry later, or raise the"
                        + " timeouts if answers are long.");
        assertThat(error.isRetriable()).isTrue();
    }

    @Test
    void bodyThatTricklesBeyondCallTimeoutIsTimeout() {
        wireMock.stubFor(post(PATH).willReturn(okJson("{\"choices\":[]}").withChunkedDribbleDelay(5, 2_000)));
        OpenAiCompatibleChatModel model =
                model().callTimeout(Duration.ofMillis(300)).build();

        TierTimeoutException error = catchThrowableOfType(TierTimeoutException.class, () -> model.chat("Hi"));

        assertThat(error).hasMessageContaining("did not answer in time").hasMessageContaining("call PT0.3S");
    }
}
