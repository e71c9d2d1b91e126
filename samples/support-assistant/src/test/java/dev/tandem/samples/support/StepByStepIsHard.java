package dev.tandem.samples.support;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import java.util.List;

/**
 * A difficulty estimator for tests: a last user message that asks for a proof "step by step" is hard
 * (0.9), anything else easy (0.1). It keeps these tests about the app's wiring, whatever the heuristic
 * estimator's calibration.
 */
final class StepByStepIsHard implements DifficultyEstimator {

    @Override
    public Difficulty estimate(TandemRequest request) {
        List<ChatMessage> messages = request.chatRequest().messages();
        boolean hard = messages.get(messages.size() - 1) instanceof UserMessage user
                && user.singleText().contains("step by step");
        double score = hard ? 0.9 : 0.1;
        return new Difficulty(score, List.of(new Signal("step-by-step", score, score)));
    }
}
