package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.difficulty.DifficultyFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A local tier whose model has a tokenizer lends it to the default difficulty estimator. */
class LocalTokenizerRoutingTest {

    private static final String PROMPT = "Summarise the attached meeting notes in three short bullet points.";

    /** A local model whose tokenizer makes one token of every character, in a 200-token window. */
    private static class CharacterTokenizerModel implements ChatModel, LocalTokenizer {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new UnsupportedOperationException("planning only");
        }

        @Override
        public int countTokens(String text) {
            return text.length();
        }

        @Override
        public int contextWindow() {
            return 200;
        }
    }

    @Test
    void theTokenizationTaxAndContextFitUseTheLocalModelsTokenizer() {
        List<Signal> withTokenizer = signals(new CharacterTokenizerModel());
        List<Signal> approximated = signals(FakeChatModel.answering("tiny", "unused"));

        // One token per character against the reference's one per four: a tax of about 4.
        assertThat(raw(withTokenizer, DifficultyFeatures.TOKEN_TAX)).isBetween(3.8, 4.2);
        assertThat(raw(approximated, DifficultyFeatures.TOKEN_TAX)).isBetween(0.9, 1.1);
        // Prompt (66 characters plus template tokens) and the expected answer, against 200 tokens.
        assertThat(raw(withTokenizer, DifficultyFeatures.CONTEXT_FIT))
                .isGreaterThan(raw(approximated, DifficultyFeatures.CONTEXT_FIT) * 5);
    }

    @Test
    void aTokenizerThatCannotLoadLeavesTheApproximations() {
        ChatModel broken = new CharacterTokenizerModel() {
            @Override
            public int countTokens(String text) {
                throw new IllegalArgumentException("Cannot read config.json in /models/missing");
            }
        };

        List<Signal> signals = signals(broken);

        assertThat(raw(signals, DifficultyFeatures.TOKEN_TAX)).isBetween(0.9, 1.1);
    }

    private static List<Signal> signals(ChatModel localModel) {
        TandemRouter router = TandemRouter.builder()
                .tier(Tier.local("local", localModel).build())
                .tier(Tier.remote("remote", FakeChatModel.answering("big", "unused"))
                        .build())
                .build();
        TandemRequest request = TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(PROMPT)).build(), CallerMetadata.none());
        return router.plan(request).assessment().difficulty().signals();
    }

    private static double raw(List<Signal> signals, String name) {
        return signals.stream()
                .filter(signal -> signal.name().equals(name))
                .findFirst()
                .orElseThrow()
                .value();
    }
}
