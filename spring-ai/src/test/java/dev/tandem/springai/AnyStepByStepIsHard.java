package dev.tandem.springai;

import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import java.util.List;

/**
 * Difficulty for these tests: a conversation whose user asked for something "step by step" is hard (0.9),
 * anything else easy (0.1). It looks at every user message, so the round after a tool call (whose last
 * message is the tool's result) routes like the question that started it.
 */
final class AnyStepByStepIsHard implements DifficultyEstimator {

    @Override
    public Difficulty estimate(TandemRequest request) {
        boolean hard = request.chatRequest().messages().stream()
                .anyMatch(message ->
                        message instanceof UserMessage user && user.singleText().contains("step by step"));
        double score = hard ? 0.9 : 0.1;
        return new Difficulty(score, List.of(new Signal("step-by-step", score, score)));
    }
}
