package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void budgetIsTheMaximumUnlessTheContextRunsOut() {
        assertThat(Generation.budget(10, 5, 64)).isEqualTo(10);
        assertThat(Generation.budget(100, 60, 64)).isEqualTo(5);
        assertThat(Generation.budget(100, 63, 64)).isEqualTo(2);
    }

    @Test
    void runsToTheBudgetWhenTheModelNeverEndsItsTurn() throws IOException {
        Path model = forge("model");

        Generation.Result result = generate(model, 6);

        assertThat(result.tokens()).hasSize(6);
        assertThat(result.sampled()).isEqualTo(6);
        assertThat(result.stopped()).isFalse();
    }

    @Test
    void stopsAtTheEndOfTurnTokenWithoutReturningIt() throws IOException {
        Path model = forge("model");
        Generation.Result free = generate(model, 6);
        int endOfTurn = free.tokens().get(3);
        int firstOccurrence = free.tokens().indexOf(endOfTurn);
        setEndOfTurnToken(model, endOfTurn);

        Generation.Result stopped = generate(model, 6);

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.tokens()).isEqualTo(free.tokens().subList(0, firstOccurrence));
        assertThat(stopped.sampled()).isEqualTo(firstOccurrence + 1);
    }

    @Test
    void stopsWhenTheVeryFirstTokenEndsTheTurn() throws IOException {
        Path model = forge("model");
        Generation.Result free = generate(model, 3);
        setEndOfTurnToken(model, free.tokens().get(0));

        Generation.Result stopped = generate(model, 3);

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.tokens()).isEmpty();
        assertThat(stopped.sampled()).isEqualTo(1);
    }

    private Path forge(String name) {
        return ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.LLAMA), temp.resolve(name));
    }

    private Generation.Result generate(Path directory, int budget) throws IOException {
        Path work = Files.createDirectories(temp.resolve("work"));
        AbstractModel model = ModelSupport.loadModel(
                directory.toFile(), work.toFile(), DType.F32, DType.I8, Optional.empty(), Optional.empty());
        try (KvBufferCache cache = new KvBufferCache(model);
                KvBufferCache.KvBuffer kv = cache.getKvBuffer(UUID.randomUUID())) {
            int[] prompt = model.encodePrompt(PromptContext.of("<|im_start|>user\nHello<|im_end|>\n"));
            return Generation.run(model, prompt, budget, 0.0f, new SplittableRandom(1), kv);
        } finally {
            model.close();
        }
    }

    @Test
    void theNormaliserMatchesTheSoftmaxComputedTermByTerm() {
        java.util.Random random = new java.util.Random(7);
        for (int vocabulary : new int[] {1, 7, 1_001, 8_192, 151_936}) {
            float[] logits = new float[vocabulary];
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < vocabulary; i++) {
                logits[i] = (float) (random.nextGaussian() * 4);
                max = Math.max(max, logits[i]);
            }
            double sum = 0;
            for (float logit : logits) {
                sum += Math.exp(logit - max);
            }
            double logSum = max + Math.log(sum);
            double entropy = 0;
            for (float logit : logits) {
                double logp = logit - logSum;
                entropy -= Math.exp(logp) * logp;
            }

            Generation.Normaliser normaliser = Generation.Normaliser.of(logits, max);

            assertThat(normaliser.logSum())
                    .as("log-sum, vocabulary %d", vocabulary)
                    .isCloseTo(logSum, within(1e-5));
            assertThat(normaliser.entropy())
                    .as("entropy, vocabulary %d", vocabulary)
                    .isCloseTo(entropy, within(1e-4));
        }
    }

    private static void setEndOfTurnToken(Path directory, int token) throws IOException {
        ObjectNode config =
                (ObjectNode) JSON.readTree(directory.resolve("config.json").toFile());
        config.put("eos_token_id", token);
        JSON.writeValue(directory.resolve("config.json").toFile(), config);
    }
}
