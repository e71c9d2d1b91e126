package dev.tandem.router.distill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillationLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void recordsOnlyRemoteAnswersToRequestsWithNothingPersonal() throws Exception {
        Path file = work.resolve("distill/pairs.jsonl");
        try (DistillationLog distill = DistillationLog.open(file)) {
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.parse("""
                            name: by-length
                            tiers:
                              local: {locality: local}
                              remote: {locality: remote}
                            rules:
                              - name: longer-prompts-go-remote
                                when: {prompt-tokens-over: 8}
                                route: {tier: remote}
                            default:
                              route: {tier: local}
                            """, "by-length.yaml"))
                    .tier(Tier.local("local", answering("local answer")).build())
                    .tier(Tier.remote("remote", answering("remote answer")).build())
                    .distillation(distill)
                    .build();

            router.chat(UserMessage.from("Explain how tides work in two sentences."));
            router.chat(UserMessage.from("Explain how tides work to jane.doe@example.com in two sentences."));
            router.chat(UserMessage.from("hi"));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode pair = JSON.readTree(lines.get(0));
        assertThat(pair.get("tier").asText()).isEqualTo("remote");
        assertThat(pair.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(pair.at("/messages/0/content").asText()).isEqualTo("Explain how tides work in two sentences.");
        assertThat(pair.get("answer").asText()).isEqualTo("remote answer");
        assertThat(Files.readString(file)).doesNotContain("jane.doe", "EMAIL_1");
    }

    @Test
    void neverRecordsARequestWhoseScanFailedEvenWhenThePolicySendsIt() throws Exception {
        Path file = work.resolve("pairs.jsonl");
        try (DistillationLog distill = DistillationLog.open(file)) {
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.parse("""
                            name: fail-open
                            tiers:
                              local: {locality: local}
                              remote: {locality: remote}
                            assessment:
                              privacy: {fail-closed: false}
                            rules: []
                            default:
                              route: {tier: remote}
                            """, "fail-open.yaml"))
                    .privacyScanner(text -> {
                        throw new IllegalStateException("scanner broken");
                    })
                    .tier(Tier.local("local", answering("local answer")).build())
                    .tier(Tier.remote("remote", answering("remote answer")).build())
                    .distillation(distill)
                    .build();

            ChatResponse response = router.chat(UserMessage.from("Explain how tides work in two sentences."));

            assertThat(response.aiMessage().text()).isEqualTo("remote answer");
        }

        assertThat(Files.exists(file) ? Files.readAllLines(file) : List.of()).isEmpty();
    }

    private static ChatModel answering(String text) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
            }
        };
    }
}
