package dev.tandem.bench.internal;

import com.github.tjake.jlama.model.AbstractModel;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.difficulty.TokenCounters;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Prompts of a given size in tokens (as the router's reference tokenizer counts them): a support-ticket
 * style English text with numbers, versions and dates for the recognizers to look at, but no personal
 * data, so that the privacy-first and quality-first presets route them on difficulty and length alone.
 */
public final class Prompts {

    /** The question of the local overhead measurements, short so that decoding dominates. */
    public static final String LOCAL_QUESTION =
            "Explain in a few sentences why the sky is blue and why sunsets are red.";

    /** The prompt sizes the issue asks for. */
    public static final List<Integer> SIZES = List.of(50, 200, 2_000);

    private static final List<String> SENTENCES = List.of(
            "Our deployment of version 4.2.1 started failing after the upgrade on 12 March.",
            "The nightly job processes about 18000 records and usually finishes in 40 minutes.",
            "Since Tuesday it stops half-way with a timeout in the export step.",
            "We tried raising the pool size from 16 to 32 connections, which did not help.",
            "The logs show the warehouse answering slowly between 02:00 and 03:00 UTC.",
            "Could the batch size of 500 rows be too large for the new driver?",
            "Compare the two configurations and explain which settings matter most.",
            "Please keep the answer short and list the steps in order of likely impact.",
            "The staging cluster runs the same build on three nodes with 8 GB each.",
            "Order 77812 was exported twice, so idempotency may also be part of the problem.");

    private static final ToIntFunction<String> TOKENS = TokenCounters.approximateReference();

    private Prompts() {}

    /** A prompt of about {@code tokens} tokens; {@code variant} changes its wording (for cache misses). */
    public static String ofTokens(int tokens, int variant) {
        StringBuilder text = new StringBuilder();
        if (variant != 0) {
            text.append("Ticket ").append(variant).append(". ");
        }
        int i = variant;
        while (TOKENS.applyAsInt(text.toString()) < tokens) {
            text.append(SENTENCES.get(Math.floorMod(i++, SENTENCES.size()))).append(' ');
            if (i % 7 == 0) {
                text.append("\n\n");
            }
        }
        return text.toString().strip();
    }

    /**
     * {@code question} through the model's chat template: what every direct Jlama call renders before it
     * generates, as the local tier does for each request.
     */
    public static String rendered(AbstractModel model, String question) {
        return model.promptSupport()
                .orElseThrow()
                .builder()
                .addUserMessage(question)
                .addGenerationPrompt(true)
                .build()
                .getPrompt();
    }

    public static int countTokens(String text) {
        return TOKENS.applyAsInt(text);
    }

    public static TandemRequest request(String prompt) {
        return TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(prompt)).build(), CallerMetadata.none());
    }

    public static TandemRequest request(String prompt, int maxOutputTokens) {
        return TandemRequest.of(
                ChatRequest.builder()
                        .messages(UserMessage.from(prompt))
                        .maxOutputTokens(maxOutputTokens)
                        .build(),
                CallerMetadata.none());
    }
}
