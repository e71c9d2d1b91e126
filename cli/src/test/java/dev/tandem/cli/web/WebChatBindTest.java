package dev.tandem.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web chat listens on loopback unless the person opts in to another address, and is then warned. */
class WebChatBindTest {

    @TempDir
    Path folder;

    @Test
    void aNonLoopbackAddressWithoutTheOptInIsRefusedBeforeAnythingStarts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(Map.of("TANDEM_CACHE_DIR", folder.toString()), folder));

        int exit = TandemCommand.run(console, "chat", "--web", "--port", "0", "--bind", "192.0.2.10");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--bind 192.0.2.10 is not a loopback address", "--allow-remote-clients");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Tandem web chat");
    }

    @Test
    void loopbackIsTheDefaultAndAnotherAddressIsServedWithAWarning() throws Exception {
        assertThat(WebChatServer.isLoopback("localhost")).isTrue();
        assertThat(WebChatServer.isLoopback("0.0.0.0")).isFalse();
        ChatModel local = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder().aiMessage(AiMessage.from("hi")).build();
            }
        };
        try (TandemRouter router = TandemRouter.builder()
                        .difficultyEstimator(new HeuristicDifficultyEstimator())
                        .tier(Tier.local("local", local).build())
                        .build();
                WebChatServer loopback = WebChatServer.start(router, WebChat.create(), 0, List.of())) {
            assertThat(loopback.uri().getHost()).isEqualTo("127.0.0.1");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
            Thread serving = Thread.ofVirtual()
                    .start(() -> WebChatServer.serveUntilInterrupted(
                            router, WebChat.create(), "0.0.0.0", 0, List.of(), printed));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("Tandem web chat") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            serving.interrupt();
            serving.join(10_000);

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("Warning: the web chat listens on 0.0.0.0, not only on this machine")
                    .contains("spend your remote API key")
                    .contains("Tandem web chat (policy");
        }
    }
}
