package dev.tandem.router.assess;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.Language;
import dev.tandem.core.assessment.PrivacyAssessment;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.assessment.TokenEstimate;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.request.DataClassification;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.SensitivityLevels;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stage 1: turns a request into an {@link Assessment}. It rejects a request that cannot be routed
 * before anything else happens, scans every message for personal data, and estimates difficulty,
 * script and tokens. Thread-safe when its scanner and estimator are.
 */
public final class Assessor {

    /** Answer length assumed when the caller does not cap it. */
    static final int DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

    /** Role markers and separators that chat templates add around each message. */
    private static final int TEMPLATE_TOKENS_PER_MESSAGE = 4;

    /** The scanner and the levels in force together, such as those of the current policy. */
    public record Privacy(PrivacyScanner scanner, SensitivityLevels levels) {
        public Privacy {
            requireNonNull(scanner, "scanner");
            requireNonNull(levels, "levels");
        }
    }

    private final Supplier<Privacy> privacy;
    private final Supplier<DifficultyEstimator> difficulty;

    public Assessor(PrivacyScanner scanner, DifficultyEstimator difficulty) {
        this(scanner, SensitivityLevels.ofDefaults(), difficulty);
    }

    public Assessor(PrivacyScanner scanner, SensitivityLevels levels, DifficultyEstimator difficulty) {
        Privacy fixed = new Privacy(scanner, levels);
        this.privacy = () -> fixed;
        requireNonNull(difficulty, "difficulty");
        this.difficulty = () -> difficulty;
    }

    /**
     * An assessor that asks {@code privacy} for the scanner and levels, and {@code difficulty} for the
     * estimator, at each request, so that they follow a reloaded policy.
     */
    public Assessor(Supplier<Privacy> privacy, Supplier<DifficultyEstimator> difficulty) {
        this.privacy = requireNonNull(privacy, "privacy");
        this.difficulty = requireNonNull(difficulty, "difficulty");
    }

    public Assessment assess(TandemRequest request) {
        List<ChatMessage> messages = request.messages();
        validate(request);
        Privacy current = privacy.get();
        PrivacyScanner scanner = current.scanner();
        SensitivityLevels levels = current.levels();
        List<PrivacyFinding> findings = new ArrayList<>();
        int promptTokens = 0;
        StringBuilder allText = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            String text = MessageText.of(messages.get(i));
            for (EntitySpan span : scanner.scan(text)) {
                findings.add(new PrivacyFinding(i, span));
            }
            promptTokens += MessageText.estimateTokens(text) + TEMPLATE_TOKENS_PER_MESSAGE;
            allText.append(text).append('\n');
        }
        Sensitivity sensitivity =
                levels.highestLevel(findings.stream().map(PrivacyFinding::type).toList());
        sensitivity = Sensitivity.max(
                sensitivity,
                request.caller()
                        .classification()
                        .map(DataClassification::minimumSensitivity)
                        .orElse(Sensitivity.NONE));
        Integer maxOutput = request.chatRequest().parameters().maxOutputTokens();
        TokenEstimate tokens =
                new TokenEstimate(promptTokens, maxOutput != null ? maxOutput : DEFAULT_EXPECTED_OUTPUT_TOKENS);
        return new Assessment(
                new PrivacyAssessment(sensitivity, findings),
                difficulty.get().estimate(request),
                dominantScript(allText),
                tokens);
    }

    private static void validate(TandemRequest request) {
        RequestChecks.check(request);
        List<ChatMessage> messages = request.messages();
        if (messages.stream().noneMatch(UserMessage.class::isInstance)) {
            throw new InvalidRequestException(
                    "request " + request.id() + " has no user message; add one to ask something");
        }
        if (messages.stream().map(MessageText::of).allMatch(String::isBlank)) {
            throw new InvalidRequestException("request " + request.id() + " has no text in any message");
        }
    }

    /** The script most letters are written in; Latin when there are no letters at all. */
    static Language dominantScript(CharSequence text) {
        Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
        int letters = 0;
        // ASCII letters, most of most prompts, are Latin without a look-up in the script table.
        int asciiLetters = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                if ((codePoint | 0x20) >= 'a' && (codePoint | 0x20) <= 'z') {
                    asciiLetters++;
                }
            } else if (Character.isLetter(codePoint)) {
                counts.merge(Character.UnicodeScript.of(codePoint), 1, Integer::sum);
                letters++;
            }
        }
        if (asciiLetters > 0) {
            counts.merge(Character.UnicodeScript.LATIN, asciiLetters, Integer::sum);
            letters += asciiLetters;
        }
        if (letters == 0) {
            return new Language(Character.UnicodeScript.LATIN, 1.0);
        }
        Map.Entry<Character.UnicodeScript, Integer> top =
                counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Language(top.getKey(), top.getValue() / (double) letters);
    }
}
