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

/** {@code tandem eval privacy} on a small data folder with a peer's predictions, run in process. */
class PrivacyEvalCommandTest {

    private static final String SPLIT = """
            {"text": "Dear Mr. Thomas Müller, call +44 20 7946 0958.", "spans": [{"type": "PERSON", "start": 9, "end": 22}, {"type": "PHONE", "start": 29, "end": 45}]}
            {"text": "Bos wrote the LAW 12 report in Oslo.", "spans": [{"type": "PERSON", "start": 0, "end": 3}, {"type": "LAW", "start": 14, "end": 20}, {"type": "LOCATION", "start": 31, "end": 35}]}
            {"text": "The S3 bucket and the EKS cluster are in eu-west-1.", "spans": []}
            """;

    // The peer finds both people and Oslo, misses the phone, and flags S3 as a person.
    private static final String PEER = """
            {"text": "Dear Mr. Thomas Müller, call +44 20 7946 0958.", "spans": [{"type": "PERSON", "start": 9, "end": 22}]}
            {"text": "Bos wrote the LAW 12 report in Oslo.", "spans": [{"type": "PERSON", "start": 0, "end": 3}, {"type": "LOCATION", "start": 31, "end": 35}]}
            {"text": "The S3 bucket and the EKS cluster are in eu-west-1.", "spans": [{"type": "PERSON", "start": 4, "end": 6}]}
            """;

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTandemAndAPeerSideBySideWithLeakAndFalseAlarmRates() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("tiny.test.jsonl"), SPLIT);
        Files.writeString(data.resolve("tiny.train.jsonl"), SPLIT);
        Path peers = Files.createDirectories(folder.resolve("peers/mypeer"));
        Files.writeString(peers.resolve("tiny.test.jsonl"), PEER);
        Path json = folder.resolve("out.json");

        int exit = run(
                "eval",
                "privacy",
                "--data",
                data.toString(),
                "--peers",
                folder.resolve("peers").toString(),
                "--json",
                json.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed)
                .contains("| split | type | gold | tandem P | R | F1 | F1x | mypeer P | R | F1 | F1x |")
                .contains("| tiny.test | LOCATION | 1 |")
                .contains("| tiny.test | PHONE | 1 | 1.000 | 1.000 | 1.000 | 1.000 | – | 0.000 | 0.000 | 0.000 |")
                .contains("| tiny.test | PERSON | 2 |")
                .doesNotContain("tiny.train")
                .doesNotContain("LAW");
        // The peer leaks the phone of the first text (1 of 2) and flags the third (1 of 1).
        assertThat(printed)
                .containsPattern("\\| tiny\\.test \\| 3 \\| 2 \\| [0-9.]+ \\| [0-9.–]+ \\| 0\\.500 \\| 1\\.000 \\|");
        assertThat(Files.readString(json)).contains("\"mypeer\"").contains("\"leak_rate\" : 0.5");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tiny.test tandem: 3/3");
    }

    @Test
    void rejectsPeerPredictionsForOtherTexts() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("tiny.test.jsonl"), SPLIT);
        Path peers = Files.createDirectories(folder.resolve("peers/mypeer"));
        Files.writeString(peers.resolve("tiny.test.jsonl"), PEER.replace("Bos wrote", "Bob wrote"));

        int exit = run(
                "eval",
                "privacy",
                "--data",
                data.toString(),
                "--peers",
                folder.resolve("peers").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("mypeer/tiny.test.jsonl:2: the text differs from line 2 of its split");
    }

    @Test
    void saysWhereItLookedWhenThereIsNothingToEvaluate() {
        int exit = run("eval", "privacy", "--data", folder.resolve("missing").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no splits to evaluate")
                .contains("missing");
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
