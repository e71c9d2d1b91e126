package dev.tandem.local;

import java.util.List;

/**
 * How sure the model was of each token it chose, for a cascade that escalates low-confidence local
 * answers. Values are natural logarithms computed from the model's raw logits (temperature 1) before
 * sampling, for every sampled token including the end-of-turn token.
 *
 * <pre>{@code
 * LocalResponseMetadata meta = (LocalResponseMetadata) response.metadata();
 * if (meta.logprobs().mean() < -2.5) { ... escalate ... }
 * }</pre>
 *
 * @param values the log-probability of each chosen token, in order (each ≤ 0)
 * @param entropies the entropy, in nats, of the distribution each token was chosen from
 */
public record TokenLogprobs(List<Double> values, List<Double> entropies) {

    public TokenLogprobs {
        values = List.copyOf(values);
        entropies = List.copyOf(entropies);
        if (values.size() != entropies.size()) {
            throw new IllegalArgumentException("values and entropies must have the same length, were " + values.size()
                    + " and " + entropies.size());
        }
    }

    static TokenLogprobs of(List<Double> values, List<Double> entropies) {
        return new TokenLogprobs(values, entropies);
    }

    /** The number of tokens. */
    public int size() {
        return values.size();
    }

    /** The mean log-probability; 0 when there are no tokens. */
    public double mean() {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0.0);
    }

    /** The lowest log-probability (the least sure token); 0 when there are no tokens. */
    public double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0.0);
    }

    /** The mean entropy in nats; 0 when there are no tokens. */
    public double meanEntropy() {
        return entropies.stream().mapToDouble(Double::doubleValue).average().orElse(0.0);
    }

    /** The geometric-mean probability per token, {@code exp(mean())}, between 0 and 1. */
    public double perTokenProbability() {
        return Math.exp(mean());
    }
}
