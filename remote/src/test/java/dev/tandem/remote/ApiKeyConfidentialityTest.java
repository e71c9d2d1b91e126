package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API key must never leave through toString, exception messages or logs, whatever the provider echoes. */
class ApiKeyConfidentialityTest extends WireMockTestBase {

    /** What OpenAI really answers to a wrong key: the key (partly) echoed in the message. */
    private static final String ECHOING_BODY = "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY
            + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

    private final ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void toStringNeverShowsTheKey() {
        OpenAiCompatibleChatModel model = model().build();

        assertThat(model.toString())
                .doesNotContain(API_KEY)
                .doesNotContain("SECRET")
                .contains("apiKey=***");
    }

    @Test
    void keyAppearsInNoExceptionMessageAndNoLogLine() throws Exception {
        OpenAiCompatibleChatModel model =
                // Long enough for a loaded CI machine to answer the status stubs, short against the delayed stub.
                model().readTimeout(Duration.ofMillis(1_500)).build();
        List<Throwable> errors = new ArrayList<>();

        for (int status : new int[] {400, 401, 403, 404, 408, 422, 429, 500, 503}) {
            wireMock.stubFor(
                    post(PATH).willReturn(aResponse().withStatus(status).withBody(ECHOING_BODY)));
            errors.add(catchThrowable(() -> model.chat("Hello")));
            RecordingHandler handler = new RecordingHandler();
            model.chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build(), handler);
            errors.add(handler.awaitError());
        }
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody(ECHOING_BODY + "{")));
        errors.add(catchThrowable(() -> model.chat("Hello")));
        wireMock.stubFor(post(PATH)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("{\"error\":{\"message\":\"" + API_KEY + "\",\"type\":\"" + API_KEY + "\"}}"))));
        RecordingHandler streamError = new RecordingHandler();
        model.chat(ChatRequest.builder().messages(UserMessage.from("Hello")).build(), streamError);
        errors.add(streamError.awaitError());
        wireMock.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        errors.add(catchThrowable(() -> model.chat("Hello")));
        wireMock.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        errors.add(catchThrowable(() -> model.chat("Hello")));
        System.err.flush();
        String log = capturedErr.toString(StandardCharsets.UTF_8);

        assertThat(errors).hasSize(22).doesNotContainNull();
        for (Throwable error : errors) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET");
                assertThat(t.toString()).doesNotContain("SECRET");
            }
        }
        assertThat(log)
                .contains("HTTP 401", "could not be reached", "did not answer in time")
                .doesNotContain("SECRET");
    }

    @Test
    void anExplicitlyAllowedCleartextKeyIsWarnedAboutByTierNeverByKey() {
        OpenAiCompatibleChatModel.builder()
                .baseUrl("http://gateway.internal:8080/v1")
                .apiKey(API_KEY)
                .modelName(MODEL)
                .tierName("remote-eu")
                .allowCleartextCredentials(true)
                .build();
        System.err.flush();

        assertThat(capturedErr.toString(StandardCharsets.UTF_8))
                .contains("WARN", "Tier remote-eu sends its API key in clear text over http to gateway.internal")
                .doesNotContain("SECRET");
    }
}
