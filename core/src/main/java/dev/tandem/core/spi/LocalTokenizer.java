package dev.tandem.core.spi;

/**
 * A local model's own tokenizer and context window, for the difficulty signals that depend on the local
 * model: the tokenization tax (how many of its tokens a prompt costs, against a large multilingual
 * vocabulary) and the context fit (prompt plus expected answer, against its window).
 *
 * <p>A local tier's chat model implements it to have the router's default difficulty estimator measure
 * with it instead of per-script approximations. Implementations must be thread-safe and must not wait
 * for a generation in progress: the assess stage calls {@link #countTokens} for every request.
 */
public interface LocalTokenizer {

    /** The number of tokens the local model's tokenizer makes of {@code text}, without chat-template tokens. */
    int countTokens(String text);

    /** The largest prompt plus answer the local model takes, in its tokens. */
    int contextWindow();
}
