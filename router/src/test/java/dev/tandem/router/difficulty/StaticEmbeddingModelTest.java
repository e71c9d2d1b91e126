package dev.tandem.router.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.router.difficulty.internal.SentenceEmbeddings;
import dev.tandem.router.difficulty.internal.StaticVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticEmbeddingModelTest {

    @TempDir
    Path work;

    private final StaticEmbeddingModel model = StaticEmbeddingModel.builtIn();

    @Test
    void theBuiltInVectorsCoverMiniLmsVocabularyIn128Dimensions() {
        float[] vector = model.vector("Solve for x: 3x + 5 = 20.");

        assertThat(model.dimension()).isEqualTo(128);
        assertThat(vector).hasSize(128);
        assertThat(SentenceEmbeddings.dot(vector, vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(model.modelName()).startsWith("static:sentence-transformers/all-MiniLM-L6-v2");
    }

    @Test
    void promptsOfOneKindAreCloserThanPromptsOfDifferentKinds() {
        float[] integral = model.vector("Compute the integral of x squared from 0 to 3.");
        float[] derivative = model.vector("Find the derivative of sin(x) times x cubed.");
        float[] translation = model.vector("Translate this sentence into French: where is the train station?");
        float[] german = model.vector("Translate 'good morning, how are you' into German.");

        assertThat(SentenceEmbeddings.dot(integral, derivative))
                .isGreaterThan(SentenceEmbeddings.dot(integral, translation));
        assertThat(SentenceEmbeddings.dot(translation, german))
                .isGreaterThan(SentenceEmbeddings.dot(german, derivative));
    }

    @Test
    void aTextWithoutWordPiecesIsTheZeroVector() {
        assertThat(model.vector("   ")).containsOnly(0f);
    }

    @Test
    void vectorsSurviveWritingAndReading() throws IOException {
        float[][] rows = {{0.5f, -1f}, {0f, 0f}, {2f, 1f}};
        StaticVectors vectors = StaticVectors.quantise("toy", rows);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        vectors.write(bytes);
        StaticVectors read = StaticVectors.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(read.sourceModel()).isEqualTo("toy");
        assertThat(read.vocabularySize()).isEqualTo(3);
        assertThat(read.vector(0)).containsExactly(new float[] {0.5f, -1f}, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(read.vector(1)).containsExactly(0f, 0f);
        assertThat(read.vector(2)).containsExactly(new float[] {2f, 1f}, org.assertj.core.data.Offset.offset(0.02f));
    }

    @Test
    void vectorsThatDoNotCoverTheVocabularyAreRefused() {
        StaticVectors tooFew = StaticVectors.quantise("toy", new float[][] {{1f}, {2f}});

        assertThatThrownBy(() -> StaticEmbeddingModel.of(tooFew))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the static vectors cover 2 tokens, all-MiniLM-L6-v2's tokenizer has 30522");
    }

    @Test
    void aFileThatIsNotStaticVectorsFailsWithItsName() throws IOException {
        Path file = work.resolve("vectors.tsv.gz");
        Files.writeString(file, "not gzip");

        assertThatThrownBy(() -> StaticEmbeddingModel.load(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read static vectors from " + file);
    }
}
