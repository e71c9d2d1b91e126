package dev.tandem.local;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One generation: a forward pass over the prompt, then one token at a time until the model ends its
 * turn, the budget is spent or the caller stops it.
 *
 * <p>This replaces Jlama's {@code AbstractModel.generate}, which in 0.8.4 counts its limit in positions
 * (prompt, BOS and new tokens together), never checks the first sampled token for end-of-turn, samples
 * with {@code ThreadLocalRandom} (so a seed cannot be injected), and registers every session's KV buffer
 * in a map that is never cleared. Here the limit counts new tokens, every sampled token is checked, the
 * caller supplies the randomness and the KV buffer, and the steps are the same ones generate uses.
 *
 * <p>Sampling asks Jlama for the raw logits (its temperature-0 path, which computes every logit and the
 * arg-max) and then samples here with the same cumulative method Jlama uses, so the log-probability and
 * entropy of each step can be read off the untempered distribution before the token is chosen.
 */
final class Generation {

    /** Receives each sampled token as soon as it is chosen; returning false stops the generation. */
    @FunctionalInterface
    interface TokenSink {
        boolean accept(int token, boolean endOfTurn);

        TokenSink NONE = (token, endOfTurn) -> true;
    }

    /**
     * @param tokens the tokens produced, without the end-of-turn token
     * @param sampled every token sampled, the end-of-turn token included
     * @param stopped whether the model ended its turn (rather than running out of budget)
     * @param cancelled whether the sink stopped the generation
     * @param logprobs the natural-log probability of every sampled token, in order
     * @param entropies the entropy (nats) of the distribution each sampled token was drawn from
     */
    record Result(
            List<Integer> tokens,
            int sampled,
            boolean stopped,
            boolean cancelled,
            List<Double> logprobs,
            List<Double> entropies) {}

    private Generation() {}

    /**
     * The most new tokens a prompt of {@code promptLength} positions leaves room for: the first comes from
     * the prompt pass, each further one needs the position after the previous token.
     */
    static int budget(int maxNewTokens, int promptLength, int contextLength) {
        return Math.min(maxNewTokens, contextLength - promptLength + 1);
    }

    static Result run(
            AbstractModel model,
            int[] prompt,
            int budget,
            float temperature,
            RandomGenerator random,
            KvBufferCache.KvBuffer kv) {
        return run(
                model,
                prompt,
                budget,
                temperature,
                random,
                kv,
                Set.copyOf(model.getConfig().eosTokens),
                TokenSink.NONE);
    }

    static Result run(
            AbstractModel model,
            int[] prompt,
            int budget,
            float temperature,
            RandomGenerator random,
            KvBufferCache.KvBuffer kv,
            Set<Integer> endOfTurn,
            TokenSink sink) {
        Config config = model.getConfig();
        List<Integer> tokens = new ArrayList<>(budget);
        List<Double> logprobs = new ArrayList<>(budget);
        List<Double> entropies = new ArrayList<>(budget);
        Sampler sampler = new Sampler(config.vocabularySize, temperature, random);
        try (AbstractTensor<?, ?> logits = model.makeDenseTensor(config.vocabularySize)) {
            int next;
            try (AbstractTensor<?, ?> promptOutput = model.batchForward(prompt, 0, kv)) {
                AbstractTensor<?, ?> last =
                        promptOutput.slice(promptOutput.shape().first() - 1);
                next = sampler.sample(model, last, logits, logprobs, entropies);
            }
            for (int sampled = 1; ; sampled++) {
                boolean end = endOfTurn.contains(next);
                boolean goOn = sink.accept(next, end) && !Thread.currentThread().isInterrupted();
                if (end) {
                    return new Result(tokens, sampled, true, false, logprobs, entropies);
                }
                tokens.add(next);
                if (!goOn) {
                    return new Result(tokens, sampled, false, true, logprobs, entropies);
                }
                if (sampled == budget) {
                    return new Result(tokens, sampled, false, false, logprobs, entropies);
                }
                try (AbstractTensor<?, ?> output =
                        model.forward(next, prompt.length + sampled - 1, kv, Optional.empty())) {
                    next = sampler.sample(model, output, logits, logprobs, entropies);
                }
            }
        }
    }

    /**
     * The log of the softmax's normaliser, {@code log Σ exp(v)}, and the entropy of the softmax over
     * {@code logits}, whose largest value is {@code max}.
     */
    record Normaliser(double logSum, double entropy) {

        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final int BLOCK = 1_024;

        // One pass gives both: with e = exp(v - max), logSum = max + log Σe and the entropy is
        // logSum - Σ(e·v)/Σe. Vectorised, because it runs over the whole vocabulary at every token and
        // would otherwise cost several percent of the decoding time of a small model.
        static Normaliser of(float[] logits, float max) {
            double sum = 0;
            double weighted = 0;
            int i = 0;
            int upper = SPECIES.loopBound(logits.length);
            while (i < upper) {
                // Float lanes for speed, flushed into doubles every block so that a large vocabulary
                // does not lose precision.
                FloatVector sumExp = FloatVector.zero(SPECIES);
                FloatVector sumExpTimesLogit = FloatVector.zero(SPECIES);
                for (int blockEnd = Math.min(upper, i + BLOCK); i < blockEnd; i += SPECIES.length()) {
                    FloatVector logit = FloatVector.fromArray(SPECIES, logits, i);
                    FloatVector exp = logit.sub(max).lanewise(VectorOperators.EXP);
                    sumExp = sumExp.add(exp);
                    sumExpTimesLogit = exp.fma(logit, sumExpTimesLogit);
                }
                sum += sumExp.reduceLanes(VectorOperators.ADD);
                weighted += sumExpTimesLogit.reduceLanes(VectorOperators.ADD);
            }
            for (; i < logits.length; i++) {
                double exp = Math.exp(logits[i] - max);
                sum += exp;
                weighted += exp * logits[i];
            }
            double logSum = max + Math.log(sum);
            return new Normaliser(logSum, Math.max(0.0, logSum - weighted / sum));
        }
    }

    /** Chooses a token from the logits and records its log-probability and the step's entropy. */
    private static final class Sampler {
        private final float[] values;
        private final float temperature;
        private final RandomGenerator random;

        Sampler(int vocabularySize, float temperature, RandomGenerator random) {
            this.values = new float[vocabularySize];
            this.temperature = temperature;
            this.random = random;
        }

        int sample(
                AbstractModel model,
                AbstractTensor<?, ?> output,
                AbstractTensor<?, ?> logits,
                List<Double> logprobs,
                List<Double> entropies) {
            // Temperature 0 makes Jlama fill the logits (soft-capped as the model asks) and return the arg-max.
            float uniform = random.nextFloat();
            int argmax = model.sample(output, 0.0f, uniform, logits);
            int n = values.length;
            for (int i = 0; i < n; i++) {
                values[i] = logits.get(0, i);
            }
            float max = values[argmax];
            Normaliser normaliser = Normaliser.of(values, max);
            int chosen = temperature == 0.0f ? argmax : drawTempered(max, uniform);
            logprobs.add(values[chosen] - normaliser.logSum());
            entropies.add(normaliser.entropy());
            return chosen;
        }

        // The same cumulative draw as Jlama's AbstractModel.sample, over exp((logit - max) / temperature).
        private int drawTempered(float max, float uniform) {
            int n = values.length;
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += Math.exp((values[i] - max) / temperature);
            }
            double target = uniform * total;
            double accumulated = 0;
            for (int i = 0; i < n; i++) {
                accumulated += Math.exp((values[i] - max) / temperature);
                if (accumulated >= target) {
                    return i;
                }
            }
            return n - 1;
        }
    }
}
