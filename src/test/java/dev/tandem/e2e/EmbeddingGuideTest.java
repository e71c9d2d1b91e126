package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tandem.samples.AiServicesExample;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/embedding.md stays true: its AiServices example runs, and its Spring Boot keys exist. */
class EmbeddingGuideTest {

    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final Path GUIDE = ROOT.resolve("docs/embedding.md");

    @Test
    void theAiServicesExampleKeepsPersonalDataLocal() {
        try (OpenAiStub remote = new OpenAiStub()) {
            remote.answers("remote answer");

            String answer = AiServicesExample.ask(
                    ForgedModel.folder(),
                    remote.baseUrl(),
                    OpenAiStub.MODEL,
                    "Summarise the order of jane@example.com");

            assertThat(answer).startsWith("local: ").contains("personal-data-stays-local");
            assertThat(remote.receivedBodies()).isEmpty();
        }
    }

    @Test
    void theGuideShowsTheCallsOfItsRunnableExamples() throws IOException {
        String guide = Files.readString(GUIDE);
        String aiServices =
                Files.readString(ROOT.resolve("samples/src/main/java/dev/tandem/samples/AiServicesExample.java"));
        String plainJava =
                Files.readString(ROOT.resolve("samples/src/main/java/dev/tandem/samples/EmbeddedRouterExample.java"));
        String springApp = Files.readString(ROOT.resolve(
                "samples/support-assistant/src/main/java/dev/tandem/samples/support/SupportAssistantApplication.java"));

        assertThat(List.of(guide, aiServices))
                .allSatisfy(text -> assertThat(text)
                        .contains(
                                "AiServices.builder(Assistant.class)",
                                "CallerMetadata caller = CallerMetadata.builder().tenant(\"acme\").build();",
                                ".chatModel(router.forCaller(caller))",
                                "TandemResponseMetadata.from(result.finalResponse())"));
        assertThat(List.of(guide, plainJava))
                .allSatisfy(text -> assertThat(text)
                        .contains(
                                "TandemRouter.builder()",
                                ".tier(Tier.local(\"local\", local).build())",
                                ".tier(Tier.remote(\"remote\", remote).build())"));
        String aiService = Files.readString(ROOT.resolve(
                "samples/support-assistant/src/main/java/dev/tandem/samples/support/SupportAssistant.java"));
        assertThat(List.of(guide, aiService))
                .allSatisfy(text -> assertThat(text)
                        .contains("@AiService\npublic interface SupportAssistant {", "Result<String> answer("));
        assertThat(springApp).doesNotContain("AiServices.builder(");
        String chatClient =
                Files.readString(ROOT.resolve("spring-ai/src/test/java/dev/tandem/springai/ChatClientExample.java"));
        assertThat(List.of(guide, chatClient))
                .allSatisfy(text -> assertThat(text)
                        .contains(
                                "this.chatClient = chatClientBuilder.build();",
                                "chatClient.prompt().user(question).tools(calculator).call().chatResponse();",
                                "TandemSpringAiChatModel.routing(response)",
                                "return chatClient.prompt().user(question).stream().content();"));
        String agent = Files.readString(ROOT.resolve("samples/src/main/java/dev/tandem/samples/AgentExample.java"));
        assertThat(List.of(guide, agent))
                .allSatisfy(text -> assertThat(text)
                        .contains(
                                ".chatModelListener(listener)",
                                "AiServices.builder(SupportAgent.class)",
                                ".tools(tools)",
                                "agent.chat(\"Where is order 7731?\")",
                                "agent.delivery(\"Status of order 7731 as JSON\")"));
    }

    @Test
    void everyTandemKeyInTheGuideIsInTheStartersConfigurationMetadata() throws IOException {
        Set<String> known = starterProperties();
        String guide = Files.readString(GUIDE);
        Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(yaml.find()).as("docs/embedding.md has a ```yaml block").isTrue();
        Set<String> inYaml = new TreeSet<>();
        flatten("", new YAMLMapper().readTree(yaml.group(1)), inYaml);
        Set<String> inTable = new TreeSet<>();
        Matcher row = Pattern.compile("^\\| `(tandem\\.[a-z.-]+)` \\|", Pattern.MULTILINE)
                .matcher(guide);
        while (row.find()) {
            inTable.add(row.group(1));
        }

        assertThat(inYaml).isNotEmpty().isSubsetOf(known);
        assertThat(inTable).isEqualTo(known);
    }

    private static Set<String> starterProperties() throws IOException {
        List<URL> files = Collections.list(
                EmbeddingGuideTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"));
        Set<String> names = new TreeSet<>();
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    String name = property.get("name").asText();
                    if (name.startsWith("tandem.")) {
                        names.add(name);
                    }
                }
            }
        }
        assertThat(names).as("the starter's configuration metadata").isNotEmpty();
        return names;
    }

    private static void flatten(String prefix, JsonNode node, Set<String> keys) {
        if (!node.isObject()) {
            keys.add(prefix);
            return;
        }
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            flatten(prefix.isEmpty() ? field : prefix + "." + field, node.get(field), keys);
        }
    }
}
