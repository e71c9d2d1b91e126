package dev.tandem.remote;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which body field carries {@code maxOutputTokens}. OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 and
 * later) reject {@code max_tokens} and want {@code max_completion_tokens}; most other OpenAI-compatible
 * servers only know {@code max_tokens}.
 */
public enum MaxTokensField {
    /** {@code max_completion_tokens} for model names like {@code o1}, {@code o3-mini}, {@code gpt-5*}; else {@code max_tokens}. */
    AUTO,
    /** Always {@code max_tokens}. */
    MAX_TOKENS,
    /** Always {@code max_completion_tokens}. */
    MAX_COMPLETION_TOKENS;

    // Also matches deployment-style names such as "my-o3-mini" or "openai/gpt-5-mini".
    private static final Pattern REASONING_MODEL = Pattern.compile("(^|[/:_-])(o[1-9](-[a-z0-9]+)*|gpt-[5-9].*)$");

    boolean usesMaxCompletionTokens(String model) {
        return switch (this) {
            case MAX_TOKENS -> false;
            case MAX_COMPLETION_TOKENS -> true;
            case AUTO -> REASONING_MODEL.matcher(model.toLowerCase(Locale.ROOT)).find();
        };
    }
}
