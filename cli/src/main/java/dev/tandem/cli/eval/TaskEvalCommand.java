package dev.tandem.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.core.assessment.TaskScore;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem eval tasks FILE.jsonl}: the task classifier (the {@code task} condition's) against the
 * subject of labelled exam questions, mapped to a task type by {@link #taskOf(String)}.
 */
@Command(
        name = "tasks",
        mixinStandardHelpOptions = true,
        description = {
            "Score the task classifier behind the policy's `task` condition on labelled questions: each line's",
            "\"source\" (an MMLU subject such as mmlu:college_mathematics) is mapped to a task type (mathematics and",
            "statistics subjects -> maths, computer science, security and machine learning -> coding, formal logic",
            "-> multi-step-reasoning, every other subject -> factual-lookup), and compared with the classifier's top",
            "type. Prints accuracy, per-type precision, recall and F1, and a confusion table."
        })
public final class TaskEvalCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Set<String> MATHS = Set.of(
            "abstract_algebra",
            "college_mathematics",
            "elementary_mathematics",
            "high_school_mathematics",
            "high_school_statistics");
    static final Set<String> CODING =
            Set.of("college_computer_science", "high_school_computer_science", "computer_security", "machine_learning");

    @ParentCommand
    private EvalCommand parent;

    @Parameters(
            index = "0",
            paramLabel = "FILE.jsonl",
            description = "Lines {\"prompt\", \"source\": \"mmlu:SUBJECT\"}.")
    private Path data;

    /** The task type a question's subject asks for; the mapping the evaluation is scored against. */
    static String taskOf(String source) {
        String subject = source.startsWith("mmlu:") ? source.substring(5) : source;
        if (MATHS.contains(subject)) {
            return "maths";
        }
        if (CODING.contains(subject)) {
            return "coding";
        }
        if (subject.equals("formal_logic")) {
            return "multi-step-reasoning";
        }
        return "factual-lookup";
    }

    @Override
    public void run() {
        Console console = parent.console();
        List<String[]> lines = read(data);
        CalibratedDifficultyEstimator estimator =
                CalibratedDifficultyEstimator.ofDefaults().warmUp();
        ClassificationTable table = new ClassificationTable();
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        for (int i = 0; i < lines.size(); i++) {
            String[] line = lines.get(i);
            String predicted =
                    estimator.estimate(line[0]).topTask().map(TaskScore::type).orElse("none");
            table.add(taskOf(line[1]), predicted);
            if (i % 200 == 0 || i == lines.size() - 1) {
                progress.update("classifying", i + 1, lines.size());
            }
        }
        progress.done();
        PrintStream out = console.out();
        out.printf(
                Locale.ROOT,
                "%d questions from %s, classifier: built-in exemplars, static embedding%n",
                lines.size(),
                data.getFileName());
        table.print(out, "subject's task");
    }

    private static List<String[]> read(Path file) {
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (!node.hasNonNull("prompt") || !node.hasNonNull("source")) {
                    throw new IllegalArgumentException(
                            file + ":" + number + ": a line needs \"prompt\" and \"source\" (such as mmlu:virology)");
                }
                lines.add(new String[] {
                    node.get("prompt").asText(), node.get("source").asText()
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return lines;
    }
}
