package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.samples.EmbeddedRouterExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first screen stays true: its policy loads, and its embedding example runs. */
class ReadmeTest {

    private static final Path README =
            Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize();

    @TempDir
    Path work;

    @Test
    void theReadmePolicyLoadsAndKeepsPersonalDataLocal() throws IOException {
        Path policyFile = Files.writeString(work.resolve("tandem.yaml"), firstBlock("yaml"));
        Policy policy = PolicyLoader.load(policyFile);

        assertThat(policy.rules())
                .extracting(rule -> rule.name())
                .containsExactly("personal-data-stays-local", "hard-requests-go-remote");
    }

    @Test
    void theEmbeddingExampleRoutesAnEmailQuestionLocally() throws IOException {
        Path policyFile = Files.writeString(work.resolve("tandem.yaml"), firstBlock("yaml"));
        String java = firstBlock("java");

        try (OpenAiStub remote = new OpenAiStub()) {
            remote.answers("remote answer");
            String answer = EmbeddedRouterExample.ask(
                    ForgedModel.folder(),
                    remote.baseUrl(),
                    OpenAiStub.MODEL,
                    policyFile,
                    "Summarise my last order, jane@example.com");

            assertThat(answer)
                    .startsWith("local: ")
                    .contains("personal-data-stays-local: sensitivity high >= high (EMAIL x1)");
            assertThat(remote.receivedBodies()).isEmpty();
        }
        assertThat(java)
                .as("the README example and EmbeddedRouterExample show the same calls")
                .contains(
                        "JlamaLocalModel.builder()",
                        "OpenAiCompatibleChatModel.builder()",
                        "TandemRouter.builder()",
                        ".policy(PolicyLoader.load(",
                        ".tier(Tier.local(\"local\", local).build())",
                        ".tier(Tier.remote(\"remote\", remote).build())",
                        "TandemResponseMetadata.from(response)");
    }

    private static String firstBlock(String language) throws IOException {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(README));
        assertThat(block.find()).as("README has a ```%s block", language).isTrue();
        return block.group(1);
    }
}
