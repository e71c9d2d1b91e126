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

/** {@code tandem eval routing}, run in process with the built-in prompt-feature calibration. */
class RoutingEvalCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheMetricsAgainstRandomAndTheCurve() throws Exception {
        Path data = folder.resolve("eval.jsonl");
        Files.writeString(data, """
                {"prompt": "hi there!", "small_correct": true, "large_correct": true}
                {"prompt": "thanks, bye", "small_correct": true, "large_correct": true}
                {"prompt": "Prove by induction that the sum of the first n cubes is (n(n+1)/2)^2, step by step.", "small_correct": false, "large_correct": true}
                {"prompt": "Implement a thread-safe LRU cache in Java and analyse its complexity.", "small_correct": false, "large_correct": true}
                """);
        Path plot = folder.resolve("curve.png");

        int exit = run("eval", "routing", data.toString(), "--no-embedding", "--steps", "4", "--plot", plot.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed)
                .contains("requests 4; all-local quality 0.500, all-remote quality 1.000")
                .contains("AUC (small model wrong)               1.000    0.500")
                .contains("APGR                                  0.750    0.500")
                .contains("local share at 95% of remote          0.550    0.100")
                .contains("        50%     1.000         100.0%   1.00     0.750          75.0%")
                .contains("wrote " + plot);
        assertThat(plot).exists();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scoring: 4/4");
    }

    @Test
    void scoresWithThePolicysCalibrationFile() throws Exception {
        Path data = folder.resolve("eval.jsonl");
        Files.writeString(data, """
                {"prompt": "hi there!", "small_correct": true, "large_correct": true}
                {"prompt": "Implement a thread-safe LRU cache in Java and analyse its complexity.", "small_correct": false, "large_correct": true}
                """);
        Path calibration = folder.resolve("calibration.json");
        dev.tandem.router.difficulty.Calibration.builtIn(false).write(calibration);
        Path policy = folder.resolve("policy.yaml");
        Files.writeString(policy, """
                name: calibrated
                extends: privacy-first
                assessment: {difficulty: {calibration-file: calibration.json}}
                """);

        int exit = run("eval", "routing", data.toString(), "--policy", policy.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("routing evaluation of eval.jsonl with " + calibration)
                .contains("requests 2; all-local quality 0.500, all-remote quality 1.000");
    }

    @Test
    void evalWithoutASubcommandListsTheEvaluations() {
        int exit = run("eval");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: tandem eval")
                .contains("routing");
    }

    @Test
    void linesWithoutBothOutcomesAreRejected() throws Exception {
        Path data = folder.resolve("labels.jsonl");
        Files.writeString(data, "{\"prompt\": \"x\", \"label\": \"local\"}\n");

        int exit = run("eval", "routing", data.toString(), "--no-embedding");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(data + ":1: \"small_correct\" and \"large_correct\" must both be true or false");
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
}
