package dev.tandem.remote;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Runs one real WireMock HTTP server per test class, reset before each test. */
abstract class WireMockTestBase {

    static final String API_KEY = "sk-test-SECRET-123";
    static final String MODEL = "gpt-4o-mini";
    static final String PATH = "/v1/chat/completions";

    static WireMockServer wireMock;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(options().dynamicPort().notifier(new SilentNotifier()));
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @BeforeEach
    void resetWireMock() {
        wireMock.resetAll();
    }

    static String baseUrl() {
        return "http://localhost:" + wireMock.port() + "/v1";
    }

    static OpenAiCompatibleChatModel.Builder model() {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey(API_KEY)
                .modelName(MODEL);
    }

    /** A server-sent event stream with one {@code data:} event per argument. */
    static String sse(String... data) {
        return Arrays.stream(data).map(d -> "data: " + d + "\n\n").collect(Collectors.joining());
    }

    static String chunk(String content) {
        return "{\"id\":\"chatcmpl-s1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}";
    }

    static String finish(String reason) {
        return "{\"id\":\"chatcmpl-s1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-s1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{"
                + "\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + "}}";
    }

    /** Keeps WireMock quiet, so that tests capturing stderr see only Tandem's own output. */
    private static final class SilentNotifier implements Notifier {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public void error(String message, Throwable t) {}
    }
}
