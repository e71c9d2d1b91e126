package dev.tandem.local;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One generation: a forward pass over the prompt, then one token at a time until the model ends its
 * turn or the budget is spent.
 *
 * <p>This replaces Jlama's {@code AbstractModel.generate}, which in 0.8.4 counts its limit in positions
 * (prompt, BOS and new tokens together), never checks the first sampled token for end-of-turn, samples
 * with {@code ThreadLocalRandom} (so a seed cannot be injected), and registers every session's KV buffer
 * in a map that is never cleared. Here the limit counts new tokens, every sampled token is checked, the
 * caller supplies the randomness and the KV buffer, and the steps are the same ones generate uses.
 */
final class Generation {

    /**
     * @param tokens the tokens produced, without the end-of-turn token
     * @param sampled every token sampled, the end-of-turn token included
     * @param stopped whether the model ended its turn (rather than running out of budget)
     */
    record Result(List<Integer> tokens, int sampled, boolean stopped) {}

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
        Config config = model.getConfig();
        List<Integer> tokens = new ArrayList<>(budget);
        try (AbstractTensor<?, ?> logits = model.makeDenseTensor(config.vocabularySize)) {
            int next;
            try (AbstractTensor<?, ?> promptOutput = model.batchForward(prompt, 0, kv)) {
                AbstractTensor<?, ?> last =
                        promptOutput.slice(promptOutput.shape().first() - 1);
                next = model.sample(last, temperature, random.nextFloat(), logits);
            }
            for (int sampled = 1; ; sampled++) {
                if (config.eosTokens.contains(next)) {
                    return new Result(tokens, sampled, true);
                }
                tokens.add(next);
                if (sampled == budget) {
                    return new Result(tokens, sampled, false);
                }
                try (AbstractTensor<?, ?> output =
                        model.forward(next, prompt.length + sampled - 1, kv, Optional.empty())) {
                    next = model.sample(output, temperature, random.nextFloat(), logits);
                }
            }
        }
    }
}
