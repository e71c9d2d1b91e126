package dev.tandem.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import dev.tandem.privacy.tagger.PrivacyTagger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem train privacy} on a tiny data folder of the shared layout, small enough for a unit test. */
class TrainPrivacyCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void trainsWritesTheSameModelForTheSameSeedAndReportsOnASplit() throws Exception {
        Path data = dataFolder();
        Path first = folder.resolve("first.bin.gz");
        Path second = folder.resolve("second.bin.gz");

        int exit = run(data, first, "--report-on", "tiny.train");
        int again = run(data, second);

        assertThat(exit).isZero();
        assertThat(again).isZero();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        assertThat(PrivacyTagger.load(first).recognize("Anna Berg will present the roadmap tomorrow."))
                .extracting(span -> span.type().name())
                .containsExactly("PERSON");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("wrote " + first)
                .contains("tiny.train (the tagger alone):")
                .contains("PERSON");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("training on [tiny.train] + 40 synthetic texts, seed 3, 8 epochs")
                .contains("word clusters (16): round 1/12, ")
                .contains("epoch 1/8: ")
                .contains("epoch 8/8: ");
    }

    @Test
    void aDataFolderThatDoesNotExistIsRejectedWithWhatToPass() {
        Path missing = folder.resolve("nowhere");

        int exit = run(missing, folder.resolve("model.bin.gz"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tandem: --data-dir " + missing + " is not a folder; point it at the shared privacy data");
    }

    private int run(Path data, Path model, String... extra) {
        String[] base = {
            "train",
            "privacy",
            "--data-dir",
            data.toString(),
            "--splits",
            "tiny.train",
            "--synthetic",
            "40",
            "--seed",
            "3",
            "--epochs",
            "8",
            "--hash-bits",
            "12",
            "--word-clusters",
            "16",
            "--out",
            model.toString()
        };
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(Map.of("TANDEM_CACHE_DIR", folder.toString()), folder));
        return TandemCommand.run(console, args);
    }

    private Path dataFolder() throws Exception {
        Path data = folder.resolve("data");
        Path english = data.resolve("resources/libpostal/dictionaries/en");
        Files.createDirectories(english);
        Files.writeString(english.resolve("street_types.txt"), "street|st\navenue|ave\n");
        StringBuilder lines = new StringBuilder();
        String[][] people = {
            {"Anna", "Berg"}, {"Lena", "Holm"}, {"Tomas", "Varga"}, {"Ines", "Ruiz"}, {"Pieter", "Smit"}
        };
        for (int i = 0; i < 10; i++) {
            String[] person = people[i % people.length];
            String name = person[0] + " " + person[1];
            String text = name + " will present the roadmap tomorrow in Oslo.";
            lines.append("{\"text\": \"")
                    .append(text)
                    .append("\", \"spans\": [{\"type\": \"PERSON\", \"start\": 0, \"end\": ")
                    .append(name.length())
                    .append("}, {\"type\": \"LOCATION\", \"start\": ")
                    .append(text.indexOf("Oslo"))
                    .append(", \"end\": ")
                    .append(text.indexOf("Oslo") + 4)
                    .append("}]}\n");
        }
        Files.writeString(data.resolve("tiny.train.jsonl"), lines.toString());
        return data;
    }
}
