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
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: turns a request into an {@link Assessment}. It rejects a request that cannot be routed
 * before anything else happens, scans every text that may leave the machine for personal data ({@link
 * RequestParts}: every message type and field, tool-call arguments and results, stop sequences), lists
 * what cannot be scanned, and estimates difficulty, script and tokens. A scanner that throws does not
 * fail the request: the assessment records the failure and the decide stage keeps the request local
 * unless the policy opts out. Thread-safe when its scanner and estimator are.
 */
public final class Assessor {

    private static final Logger LOG = LoggerFactory.getLogger(Assessor.class);

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
    private final Supplier<SpecialistSignals> specialists;

    public Assessor(PrivacyScanner scanner, DifficultyEstimator difficulty) {
        this(scanner, SensitivityLevels.ofDefaults(), difficulty);
    }

    public Assessor(PrivacyScanner scanner, SensitivityLevels levels, DifficultyEstimator difficulty) {
        Privacy fixed = new Privacy(scanner, levels);
        this.privacy = () -> fixed;
        requireNonNull(difficulty, "difficulty");
        this.difficulty = () -> difficulty;
        this.specialists = SpecialistSignals::none;
    }

    /**
     * An assessor that asks {@code privacy} for the scanner and levels, and {@code difficulty} for the
     * estimator, at each request, so that they follow a reloaded policy.
     */
    public Assessor(Supplier<Privacy> privacy, Supplier<DifficultyEstimator> difficulty) {
        this(privacy, difficulty, SpecialistSignals::none);
    }

    /**
     * An assessor that also detects the language and measures local tiers' token tax as {@code
     * specialists} (asked at each request, so that it follows a reloaded policy) says.
     */
    public Assessor(
            Supplier<Privacy> privacy,
            Supplier<DifficultyEstimator> difficulty,
            Supplier<SpecialistSignals> specialists) {
        this.privacy = requireNonNull(privacy, "privacy");
        this.difficulty = requireNonNull(difficulty, "difficulty");
        this.specialists = requireNonNull(specialists, "specialists");
    }

    public Assessment assess(TandemRequest request) {
        List<ChatMessage> messages = request.messages();
        validate(request);
        Privacy current = privacy.get();
        PrivacyScanner scanner = current.scanner();
        SensitivityLevels levels = current.levels();
        List<PrivacyFinding> findings = new ArrayList<>();
        List<String> unscannable = new ArrayList<>();
        Optional<String> scannerFailure = Optional.empty();
        int promptTokens = 0;
        StringBuilder allText = new StringBuilder();
        String lastUserText = "";
        for (int section = 0; section < RequestParts.sectionCount(request.chatRequest()); section++) {
            unscannable.addAll(RequestParts.unscannable(request.chatRequest(), section));
            String text = RequestParts.scanText(request.chatRequest(), section);
            if (section < messages.size()) {
                promptTokens += MessageText.estimateTokens(text) + TEMPLATE_TOKENS_PER_MESSAGE;
                String messageText = MessageText.of(messages.get(section));
                allText.append(messageText).append('\n');
                if (messages.get(section) instanceof UserMessage) {
                    lastUserText = messageText;
                }
            }
            if (!text.isEmpty() && scannerFailure.isEmpty()) {
                try {
                    // Each part is scanned on its own, so that words in one part (a tool's output, say)
                    // do not sway what a recognizer makes of another; offsets count in the section's text.
                    int partStart = 0;
                    for (String part : RequestParts.texts(request.chatRequest(), section)) {
                        if (!part.isEmpty()) {
                            for (EntitySpan span : scanner.scan(part)) {
                                findings.add(new PrivacyFinding(
                                        section,
                                        new EntitySpan(
                                                span.type(),
                                                partStart + span.start(),
                                                partStart + Math.min(span.end(), part.length()),
                                                span.score())));
                            }
                        }
                        partStart += part.length() + RequestParts.SEPARATOR_TEXT.length();
                    }
                } catch (RuntimeException e) {
                    // Fail closed: the decide stage sees that the scan did not run and keeps the request
                    // local unless the policy opts out. The exception's message may quote the text.
                    scannerFailure = Optional.of(e.getClass().getSimpleName());
                    LOG.warn(
                            "The privacy scanner failed on request {} with {}; the request is treated as unscanned",
                            request.id(),
                            e.getClass().getName());
                }
            }
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
        SpecialistSignals signals = specialists.get();
        Language language = dominantScript(allText);
        // The last user message, not the system prompt (often English boilerplate), says what language to answer in.
        language = signals.languages()
                .detect(lastUserText)
                .map(language::withDetected)
                .orElse(language);
        return new Assessment(
                new PrivacyAssessment(sensitivity, findings, unscannable, scannerFailure),
                difficulty.get().estimate(request),
                language,
                tokens,
                signals.tokenTax().measure(allText.toString()));
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
