package dev.tandem.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands around specialised local models, in process: {@code policy explain} shows the detected
 * language and the top task types, and the two evaluations print their tables.
 */
class SpecialistCommandsTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void policyExplainShowsTheLanguageAndTheTopTaskTypes() {
        int exit = run(
                "policy",
                "explain",
                "../samples/policies/specialists.yaml",
                "--prompt",
                "Mein Drucker druckt seit gestern keine Seiten mehr. Was kann ich tun?");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .containsPattern("assessment: .*language de \\((0\\.9\\d|1\\.00)\\).*, task [a-z-]+ \\d\\.\\d\\d, ")
                .contains("3. german-goes-to-the-polyglot: MATCHED")
                .containsPattern("no  task: task [a-z-]+ is not one of \\[coding\\] with probability >= 0\\.50 \\(top"
                        + " types: ")
                .contains("decision: polyglot (local), then remote");
    }

    @Test
    void languageEvaluationScoresEachCorpusByItsLanguage() throws Exception {
        Files.writeString(folder.resolve("gum.test.jsonl"), """
                {"text": "The committee will publish its final report on the new railway line next spring."}
                {"text": "short"}
                """);
        Files.writeString(folder.resolve("wnut17.test.jsonl"), "");
        Files.writeString(folder.resolve("ler.test.jsonl"), """
                {"text": "Das Gericht hat die Klage des Antragstellers als unbegründet abgewiesen."}
                """);
        Files.writeString(folder.resolve("norne-nob.test.jsonl"), "");
        Files.writeString(folder.resolve("norne-nno.test.jsonl"), "");

        int exit = run("eval", "languages", folder.toString(), "--languages", "de");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .contains("2 sentences of 20+ characters; detector languages [de, en]")
                .contains("accuracy 1.000 (2 of 2)")
                .contains("| de | 1 | 1.000 | 1.000 | 1.000 |")
                .contains("| en | 1 | 1.000 | 1.000 | 1.000 |")
                .containsPattern("cost per detection: p50 \\d+\\.\\d{3} ms");
    }

    @Test
    void taskEvaluationMapsSubjectsToTaskTypes() throws Exception {
        Path data = folder.resolve("questions.jsonl");
        Files.writeString(data, """
                {"prompt": "Write a Java method that reverses a singly linked list in place.", "source": "mmlu:college_computer_science"}
                {"prompt": "What is the capital of Australia?\\nA. Sydney\\nB. Canberra\\nAnswer:", "source": "mmlu:high_school_geography"}
                """);

        int exit = run("eval", "tasks", data.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .contains("2 questions from questions.jsonl")
                .containsPattern("accuracy \\d\\.\\d{3} \\(\\d of 2\\)")
                .contains("| subject's task | lines | precision | recall | F1 |")
                .contains("| coding | 1 |")
                .contains("| factual-lookup | 1 |");
        assertThat(TaskEvalCommand.taskOf("mmlu:high_school_statistics")).isEqualTo("maths");
        assertThat(TaskEvalCommand.taskOf("mmlu:machine_learning")).isEqualTo("coding");
        assertThat(TaskEvalCommand.taskOf("mmlu:formal_logic")).isEqualTo("multi-step-reasoning");
        assertThat(TaskEvalCommand.taskOf("mmlu:virology")).isEqualTo("factual-lookup");
    }

    private int run(String... args) {
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(Map.of("TANDEM_CACHE_DIR", folder.toString(), "OPENAI_API_KEY", "sk-test"), folder));
        return TandemCommand.run(console, args);
    }
}
