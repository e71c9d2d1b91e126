package dev.tandem.privacy.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.evaluation.LabelledText;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggerTrainerTest {

    private static final TaggerTrainer.Options SMALL = new TaggerTrainer.Options(12, 8, 7);

    @TempDir
    Path dir;

    @Test
    void sameDataAndSeedGiveTheSameModelBytes() throws IOException {
        List<LabelledText> sample = sample();
        Path first = dir.resolve("first.bin.gz");
        Path second = dir.resolve("second.bin.gz");
        Path otherSeed = dir.resolve("other-seed.bin.gz");

        TaggerTrainer.train(sample, SMALL, WordClusters.NONE, TaggerTrainer.Progress.NONE)
                .write(first);
        TaggerTrainer.train(sample, SMALL, WordClusters.NONE, TaggerTrainer.Progress.NONE)
                .write(second);
        TaggerTrainer.train(sample, new TaggerTrainer.Options(12, 8, 8), WordClusters.NONE, TaggerTrainer.Progress.NONE)
                .write(otherSeed);

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        assertThat(Files.readAllBytes(otherSeed)).isNotEqualTo(Files.readAllBytes(first));
    }

    @Test
    void aTrainedModelReadBackLabelsItsTrainingTexts() throws IOException {
        List<LabelledText> sample = sample();
        Path file = dir.resolve("model.bin.gz");
        TaggerTrainer.train(sample, SMALL, WordClusters.NONE, TaggerTrainer.Progress.NONE)
                .write(file);

        PrivacyTagger tagger = PrivacyTagger.load(file);

        LabelledText address = sample.get(5);
        assertThat(tagger.tag(address.text()))
                .extracting(EntitySpan::type, EntitySpan::start, EntitySpan::end)
                .containsExactlyElementsOf(address.spans().stream()
                        .map(span -> org.assertj.core.groups.Tuple.tuple(span.type(), span.start(), span.end()))
                        .toList());
        assertThat(tagger.recognize(address.text()))
                .extracting(span -> span.type().name())
                .containsExactly("STREET_ADDRESS");
        assertThat(tagger.tag(sample.get(7).text())).isEmpty();
    }

    @Test
    void progressIsToldEveryTenthOfEachEpoch() throws IOException {
        List<String> updates = new ArrayList<>();

        TaggerTrainer.train(
                sample(),
                new TaggerTrainer.Options(10, 2, 1),
                WordClusters.NONE,
                (epoch, epochs, done, total, mistakes) -> updates.add(epoch + "/" + epochs + ":" + done + "/" + total));

        assertThat(updates).hasSize(20).startsWith("1/2:1/10").endsWith("2/2:10/10");
    }

    @Test
    void syntheticTextsAreDeterministicAndLabelledInside() throws IOException {
        Path libpostal = dir.resolve("libpostal");
        Files.createDirectories(libpostal.resolve("en"));
        Files.writeString(libpostal.resolve("en/street_types.txt"), "street|st\navenue|ave\n");
        Files.writeString(libpostal.resolve("en/unit_types_numbered.txt"), "apartment|apt\n");
        Files.writeString(libpostal.resolve("en/post_office.txt"), "box\n");

        List<LabelledText> first = SyntheticTexts.generate(libpostal, sample(), 300, new java.util.Random(3));
        List<LabelledText> second = SyntheticTexts.generate(libpostal, sample(), 300, new java.util.Random(3));

        assertThat(first).hasSize(300);
        assertThat(first.stream().map(LabelledText::text).toList())
                .isEqualTo(second.stream().map(LabelledText::text).toList());
        assertThat(first)
                .flatExtracting(LabelledText::spans)
                .extracting(span -> span.type().name())
                .contains("PERSON", "STREET", "HOUSE_NUMBER", "POSTCODE", "CITY");
        for (LabelledText text : first) {
            for (EntitySpan span : text.spans()) {
                String value = text.text().substring(span.start(), span.end());
                assertThat(value).isNotBlank().isEqualTo(value.strip());
            }
        }
    }

    static List<LabelledText> sample() throws IOException {
        try (var reader = new InputStreamReader(
                Objects.requireNonNull(TaggerTrainerTest.class.getResourceAsStream("sample.jsonl")),
                StandardCharsets.UTF_8)) {
            return PrivacyEvaluation.read(reader);
        }
    }
}
