package dev.tandem.cli.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import dev.tandem.router.difficulty.Calibration;
import dev.tandem.router.difficulty.EmbeddingKind;
import dev.tandem.router.learn.TrafficLabels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tandem calibrate}, run in process on prompt features only (no embedding model to load). */
class CalibrateCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesTheCalibrationAndThePlotAndPrintsTheCurve() throws Exception {
        Path data = folder.resolve("labelled.jsonl");
        Files.writeString(data, toySet());
        Path calibration = folder.resolve("out/cal.json");

        int exit = run(
                "calibrate",
                "--data",
                data.toString(),
                "--target-local-share",
                "0.5",
                "--out",
                calibration.toString(),
                "--no-embedding");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .contains("calibrated on 40 lines")
                .contains("expected local share 50.0% (target 50.0%), quality kept 100.0% of all-remote")
                .contains("AUC (small model wrong)               1.000    0.500")
                .contains("local share   quality  vs all-remote")
                .contains("wrote " + calibration)
                .contains("wrote " + folder.resolve("out/cal.png"));
        assertThat(Calibration.load(calibration).targetLocalShare()).isEqualTo(0.5);
        assertThat(ImageIO.read(folder.resolve("out/cal.png").toFile()).getWidth())
                .isEqualTo(800);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("computing signals: 40/40")
                .contains("cross-validating length: 5/5", "cross-validating features: 5/5");
    }

    @Test
    void weighsTheTaskTypesAPolicyAdds() throws Exception {
        Path data = folder.resolve("labelled.jsonl");
        Files.writeString(data, toySet());
        Path policy = folder.resolve("policy.yaml");
        Files.writeString(policy, """
                name: legal
                extends: privacy-first
                assessment:
                  difficulty:
                    task-types:
                      legal-drafting:
                        - Draft a non-disclosure agreement between two companies.
                        - Write the termination clause of a service contract.
                """);
        Path calibration = folder.resolve("legal.json");

        int exit = run(
                "calibrate",
                "--data",
                data.toString(),
                "--policy",
                policy.toString(),
                "--out",
                calibration.toString(),
                "--no-embedding-head",
                "--model",
                "task-types");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Calibration.load(calibration).features())
                .extracting(Calibration.FeatureWeight::name)
                .contains("task.legal-drafting", "task.coding");
    }

    @Test
    void aBadLineFailsWithItsNumber() throws Exception {
        Path data = folder.resolve("bad.jsonl");
        Files.writeString(data, "{\"prompt\": \"x\", \"label\": \"local\"}\n{\"prompt\": \"y\"}\n");

        int exit = run("calibrate", "--data", data.toString(), "--no-embedding");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tandem: 1 bad line(s) in " + data, data + ":2: needs");
    }

    @Test
    void refitsFromTheLabelsARouterLearnedFromTraffic() throws Exception {
        Path store = folder.resolve("traffic.jsonl");
        try (TrafficLabels labels = TrafficLabels.open(store, 1000, java.time.Clock.systemUTC())) {
            for (String line : toySet().split("\n")) {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                labels.record(node.get("prompt").asText(), node.has("small_correct"), "escalation");
            }
        }
        Path calibration = folder.resolve("refit.json");

        int exit = run(
                "calibrate",
                "--from-traffic",
                store.toString(),
                "--embedding",
                "static",
                "--model",
                "embedding-head",
                "--out",
                calibration.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("calibrated on 40 lines")
                .contains("static embedding");
        Calibration refit = Calibration.load(calibration);
        assertThat(refit.embeddingKind()).isEqualTo(EmbeddingKind.STATIC);
        assertThat(refit.embedding().orElseThrow().dimensions()).isEqualTo(128);
    }

    @Test
    void dataAndTrafficAreExclusive() throws Exception {
        Path data = folder.resolve("labelled.jsonl");
        Files.writeString(data, toySet());

        int exit = run("calibrate", "--data", data.toString(), "--from-traffic", data.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("give exactly one of --data FILE.jsonl and --from-traffic STORE.jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing field  | {"prompt": "b", "small_correct": false}                        | :2: "small_correct" and "large_correct" must both be true or false; "large_correct" is missing
            non-boolean    | {"prompt": "b", "small_correct": "no", "large_correct": true}   | :2: "small_correct" and "large_correct" must both be true or false; "small_correct" is "no"
            duplicate      | {"prompt": "a", "label": "remote"}                              | :2: repeats the prompt of line 1
            empty prompt   | {"prompt": " ", "label": "remote"}                              | :2: "prompt" must be a non-empty string
            """)
    void aBadLineIsNamedWithItsNumberAndNothingIsWritten(String rule, String secondLine, String expected)
            throws Exception {
        Path data = folder.resolve("bad.jsonl");
        Files.writeString(data, "{\"prompt\": \"a\", \"label\": \"local\"}\n" + secondLine + "\n");
        Path calibration = folder.resolve("cal.json");

        int exit = run("calibrate", "--data", data.toString(), "--no-embedding", "--out", calibration.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(data + expected);
        assertThat(calibration).doesNotExist();
        assertThat(folder.resolve("cal.png")).doesNotExist();
    }

    @Test
    void aSingleClassIsRefusedAndNothingIsWritten() throws Exception {
        Path data = folder.resolve("local.jsonl");
        Files.writeString(
                data,
                "{\"prompt\": \"a\", \"label\": \"local\"}\n".repeat(1)
                        + "{\"prompt\": \"b\", \"label\": \"local\"}\n{\"prompt\": \"c\", \"label\": \"local\"}\n"
                        + "{\"prompt\": \"d\", \"label\": \"local\"}\n{\"prompt\": \"e\", \"label\": \"local\"}\n");
        Path calibration = folder.resolve("cal.json");

        int exit = run("calibrate", "--data", data.toString(), "--no-embedding", "--out", calibration.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("calibration needs lines the small model gets right and lines it gets wrong; all 5 are right"
                        + " (local)");
        assertThat(calibration).doesNotExist();
    }

    @Test
    void printsEveryCandidateBesideLengthOnlyAndRandom() throws Exception {
        Path data = folder.resolve("labelled.jsonl");
        Files.writeString(data, toySet());

        int exit = run(
                "calibrate",
                "--data",
                data.toString(),
                "--no-embedding",
                "--out",
                folder.resolve("c.json").toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .contains("candidates, cross-validated (random folds):")
                .containsPattern("length only +0\\.\\d{3} +0\\.\\d{3}")
                .containsPattern("\\* prompt signals +1\\.000 +0\\.750")
                .containsPattern("random router +0\\.500 +0\\.500")
                .contains("chosen: features (prompt signals)")
                .contains("scored by length only (lost to it on held-out folds, rare in the data, or named by"
                        + " --length-only): multiple-choice, maths-word-problem");
    }

    private int run(String... args) {
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(Map.of("TANDEM_CACHE_DIR", folder.toString()), folder));
        return TandemCommand.run(console, args);
    }

    /** Chat the small model gets right and code it gets wrong. */
    static String toySet() {
        StringBuilder lines = new StringBuilder();
        String[] chat = {
            "hello",
            "good morning",
            "thanks a lot",
            "how are you",
            "nice day",
            "see you soon",
            "lovely weather",
            "have fun",
            "what a game",
            "cheers"
        };
        String[] code = {
            "def f(x): return x;",
            "int x = null;",
            "const y = f();",
            "SELECT a FROM t;",
            "import os; return os.getcwd();",
            "fn main() { let x = 1; }",
            "class A { void f() {} }",
            "public static void main(String[] a) {}",
            "let z = g(); return z;",
            "#include <stdio.h> int main() {}"
        };
        for (int i = 0; i < 20; i++) {
            lines.append("{\"prompt\": \"")
                    .append(chat[i % 10])
                    .append(i >= 10 ? "!" : "")
                    .append("\", \"small_correct\": true, \"large_correct\": true}\n");
            lines.append("{\"prompt\": \"")
                    .append(code[i % 10])
                    .append(i >= 10 ? " " : "")
                    .append("\", \"label\": \"remote\"}\n");
        }
        return lines.toString();
    }
}
