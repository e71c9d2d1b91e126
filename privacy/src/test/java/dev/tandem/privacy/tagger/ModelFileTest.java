package dev.tandem.privacy.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.exception.TandemException;
import dev.tandem.privacy.PrivacyScanners;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    @Test
    void aMissingModelFailsWhenLoadedNamingTheFile() {
        Path missing = dir.resolve("nowhere.bin.gz");

        assertThatThrownBy(() -> PrivacyTagger.load(missing))
                .isInstanceOf(TandemException.class)
                .hasMessage("privacy tagger model " + missing + " does not exist");
    }

    @Test
    void aDamagedModelFailsWhenLoadedNotAtTheFirstScan() throws IOException {
        Path good = dir.resolve("good.bin.gz");
        TaggerTrainer.train(
                        TaggerTrainerTest.sample(),
                        new TaggerTrainer.Options(10, 1, 1),
                        WordClusters.NONE,
                        TaggerTrainer.Progress.NONE)
                .write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.bin.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x55;
        Path corrupt = Files.write(dir.resolve("corrupt.bin.gz"), flipped);

        assertThatThrownBy(() -> PrivacyTagger.load(truncated))
                .isInstanceOf(TandemException.class)
                .hasMessageStartingWith("privacy tagger model " + truncated + " cannot be read: ")
                .hasMessageEndingWith("; retrain it with `tandem train privacy` or use the bundled model");
        assertThatThrownBy(() -> PrivacyTagger.load(corrupt))
                .isInstanceOf(TandemException.class)
                .hasMessageStartingWith("privacy tagger model " + corrupt + " cannot be read: ");
    }

    @Test
    void aFileThatIsNotAModelIsRejectedWithTheReason() throws IOException {
        Path other = dir.resolve("other.bin.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("this is not a model, only some text".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(other, bytes.toByteArray());
        Path plain = Files.writeString(dir.resolve("plain.txt"), "hello");

        assertThatThrownBy(() -> PrivacyTagger.load(other))
                .isInstanceOf(TandemException.class)
                .hasMessage("privacy tagger model " + other + " cannot be read: not a Tandem privacy tagger model"
                        + " (wrong magic number); retrain it with `tandem train privacy` or use the bundled model");
        assertThatThrownBy(() -> PrivacyTagger.load(plain))
                .isInstanceOf(TandemException.class)
                .hasMessageContaining("cannot be read: Not in GZIP format");
    }

    @Test
    void aScannerBuiltWithAnotherModelUsesIt() throws IOException {
        Path file = dir.resolve("model.bin.gz");
        TaggerTrainer.train(
                        TaggerTrainerTest.sample(),
                        new TaggerTrainer.Options(12, 8, 7),
                        WordClusters.NONE,
                        TaggerTrainer.Progress.NONE)
                .write(file);
        PrivacyTagger tagger = PrivacyTagger.load(file);

        var scanner =
                PrivacyScanners.builder().withoutBuiltIns().recognizer(tagger).build();

        assertThat(scanner.scan("Anna Berg will present the roadmap tomorrow."))
                .extracting(span -> span.type().name(), span -> span.start(), span -> span.end())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PERSON", 0, 9));
        assertThat(tagger.toString()).isEqualTo("PrivacyTagger[hashBits=12, types=9]");
    }
}
