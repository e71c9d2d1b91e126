package dev.tandem.router.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's {@code audit:} key switches the audit log on without any code. */
class PolicyAuditTest {

    @TempDir
    Path work;

    @Test
    void aPolicyWithAnAuditKeyWritesAVerifiableChainWithoutContent() throws Exception {
        Path file = work.resolve("audit/log.jsonl");
        TandemRouter router = TandemRouter.builder()
                .policy(PolicyLoader.parse(
                        "name: audited\nextends: privacy-first\naudit: {file: " + file + ", keep: 2}\n",
                        "audited.yaml"))
                .tier(Tier.local("local", answering("fine")).build())
                .build();

        router.chat(UserMessage.from("hello"));
        router.chat(UserMessage.from("my card is 4111 1111 1111 1111"));

        assertThat(AuditReader.read(file)).hasSize(2);
        assertThat(AuditVerifier.verify(file).valid()).isTrue();
        // Whole values: a short fragment such as "4111" also turns up by chance in the salted hex hashes.
        assertThat(Files.readString(file)).doesNotContain("4111 1111 1111 1111", "4111111111111111", "hello");
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
