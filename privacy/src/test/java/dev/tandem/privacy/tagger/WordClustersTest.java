package dev.tandem.privacy.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.evaluation.LabelledText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordClustersTest {

    @TempDir
    Path dir;

    /** Three groups of words around three directions, with seeded noise. */
    private static final List<String> WORDS = new ArrayList<>();

    private static final float[][] VECTORS = new float[30][];

    static {
        Random random = new Random(4);
        String[][] groups = {
            {"oslo", "paris", "berlin", "lima", "quito", "rome", "bern", "riga", "kyiv", "baku"},
            {"anna", "maria", "john", "ole", "kari", "jean", "pierre", "luis", "eva", "nils"},
            {"the", "of", "and", "to", "in", "is", "it", "on", "at", "by"}
        };
        int w = 0;
        for (int g = 0; g < groups.length; g++) {
            for (String word : groups[g]) {
                WORDS.add(word);
                float[] vector = new float[8];
                vector[g] = 1f;
                for (int d = 0; d < vector.length; d++) {
                    vector[d] += (float) (random.nextGaussian() * 0.05);
                }
                VECTORS[w++] = vector;
            }
        }
    }

    @Test
    void wordsUsedAlikeShareAClusterAndUnknownWordsHaveNone() {
        WordClusters clusters = WordClusters.kMeans(WORDS, VECTORS, 3, 2, 10, 15, WordClusters.Progress.NONE);

        assertThat(clusters.fine("paris")).isEqualTo(clusters.fine("oslo")).isEqualTo(clusters.fine("baku"));
        assertThat(clusters.fine("anna")).isEqualTo(clusters.fine("nils"));
        assertThat(clusters.fine("the")).isEqualTo(clusters.fine("by"));
        assertThat(List.of(clusters.fine("paris"), clusters.fine("anna"), clusters.fine("the")))
                .doesNotHaveDuplicates();
        assertThat(clusters.coarse("paris")).isBetween(0, 1);
        assertThat(clusters.fine("weronika")).isEqualTo(WordClusters.UNKNOWN);
        assertThat(clusters.coarse("weronika")).isEqualTo(WordClusters.UNKNOWN);
    }

    @Test
    void clusteringIsDeterministicAndReportsItsRounds() {
        List<String> rounds = new ArrayList<>();
        WordClusters first = WordClusters.kMeans(
                WORDS, VECTORS, 3, 2, 10, 15, (k, round, of, moved) -> rounds.add(k + ":" + round + ":" + moved));
        WordClusters second = WordClusters.kMeans(WORDS, VECTORS, 3, 2, 10, 15, WordClusters.Progress.NONE);

        for (String word : WORDS) {
            assertThat(second.fine(word)).isEqualTo(first.fine(word));
            assertThat(second.coarse(word)).isEqualTo(first.coarse(word));
        }
        // The first round moves every word into a cluster; clustering stops once no word moves.
        assertThat(rounds).first().isEqualTo("3:1:30");
        assertThat(rounds).anyMatch(round -> round.startsWith("3:") && round.endsWith(":0"));
    }

    @Test
    void aModelKeepsItsClustersByteForByte() throws IOException {
        WordClusters clusters = WordClusters.kMeans(WORDS, VECTORS, 3, 2, 10, 15, WordClusters.Progress.NONE);
        List<LabelledText> texts = TaggerTrainerTest.sample();
        Path first = dir.resolve("first.bin.gz");
        Path second = dir.resolve("second.bin.gz");
        Path without = dir.resolve("without.bin.gz");
        TaggerTrainer.Options options = new TaggerTrainer.Options(12, 4, 7);

        TaggerTrainer.train(texts, options, clusters, TaggerTrainer.Progress.NONE)
                .write(first);
        TaggerTrainer.train(texts, options, clusters, TaggerTrainer.Progress.NONE)
                .write(second);
        TaggerTrainer.train(texts, options, WordClusters.NONE, TaggerTrainer.Progress.NONE)
                .write(without);
        PrivacyTagger read = PrivacyTagger.load(first);

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        assertThat(Files.readAllBytes(without)).isNotEqualTo(Files.readAllBytes(first));
        Path again = dir.resolve("again.bin.gz");
        read.write(again);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
        LabelledText address = texts.get(5);
        assertThat(read.tag(address.text()))
                .extracting(EntitySpan::start, EntitySpan::end)
                .containsExactlyElementsOf(address.spans().stream()
                        .map(span -> org.assertj.core.groups.Tuple.tuple(span.start(), span.end()))
                        .toList());
    }

    @Test
    void mismatchedInputIsRefused() {
        assertThatThrownBy(() -> WordClusters.kMeans(WORDS, new float[2][], 3, 2, 10, 15, WordClusters.Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30 words but 2 vectors");
    }
}
