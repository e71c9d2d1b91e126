package dev.tandem.router;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.LearningSettings;
import dev.tandem.policy.Policy;
import dev.tandem.router.assess.MessageText;
import dev.tandem.router.audit.AuditRecords;
import dev.tandem.router.decide.PolicyDecider;
import dev.tandem.router.learn.AnswerCheck;
import dev.tandem.router.learn.TrafficLabels;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy's {@code learning} section at work: records escalations as labels, and runs shadow mode off
 * the caller's path. Nothing here can fail, delay or change a caller's answer: every shadow call runs on
 * {@code executor}, at most {@value #MAX_IN_FLIGHT} at a time (a sample beyond that is skipped), and
 * every failure is logged without content.
 */
final class TrafficLearning {

    private static final Logger log = LoggerFactory.getLogger(TrafficLearning.class);

    static final int MAX_IN_FLIGHT = 16;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern JUDGE_VERDICT = Pattern.compile("^\\W*(yes|no)\\b", Pattern.CASE_INSENSITIVE);

    private final Supplier<Policy> policy;
    private final Map<String, Tier> tiers;
    private final Map<String, AnswerCheck> checks;
    private final PolicyDecider decider;
    private final Executor executor;
    private final RandomGenerator random;
    private final Clock clock;
    private final Consumer<AuditRecords.ShadowCall> shadowCalls;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Map<Path, TrafficLabels> stores = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    TrafficLearning(
            Supplier<Policy> policy,
            Map<String, Tier> tiers,
            Map<String, AnswerCheck> checks,
            PolicyDecider decider,
            Executor executor,
            RandomGenerator random,
            Clock clock,
            Consumer<AuditRecords.ShadowCall> shadowCalls) {
        this.policy = policy;
        this.tiers = tiers;
        this.checks = Map.copyOf(checks);
        this.decider = decider;
        this.executor = executor;
        this.random = random;
        this.clock = clock;
        this.shadowCalls = shadowCalls;
    }

    /** The problem with a policy's learning section for this router (an unregistered check), if any. */
    Optional<String> problem(Policy candidate) {
        return candidate
                .learning()
                .flatMap(LearningSettings::shadow)
                .map(LearningSettings.Shadow::agreement)
                .filter(LearningSettings.Agreement.NamedCheck.class::isInstance)
                .map(LearningSettings.Agreement.NamedCheck.class::cast)
                .filter(check -> !checks.containsKey(check.name()))
                .map(check -> "policy '" + candidate.name() + "' compares shadow answers with check '" + check.name()
                        + "', which is not registered (registered: " + String.join(", ", checks.keySet())
                        + "); add it with answerCheck(\"" + check.name() + "\", check)");
    }

    /** Called once a request is answered, on the caller's thread: cheap, never throws. */
    void answered(TandemRequest request, Assessment assessment, Decision decision, Outcome outcome, String answer) {
        try {
            Optional<LearningSettings> settings = policy.get().learning();
            if (settings.isEmpty() || !isNonSensitive(assessment)) {
                return;
            }
            String prompt = lastUserMessage(request);
            if (prompt.isBlank()) {
                return;
            }
            if (escalated(decision, outcome)) {
                if (settings.get().escalations()) {
                    store(settings.get()).ifPresent(store -> store.record(prompt, false, "escalation"));
                }
                return;
            }
            Optional<LearningSettings.Shadow> shadow = settings.get().shadow();
            if (shadow.isEmpty()
                    || keptLocal(decision)
                    || outcome.locality() != Locality.LOCAL
                    || !decider.holds(shadow.get().when(), request, assessment)
                    || random.nextDouble() >= shadow.get().sample()
                    || !inFlight.tryAcquire()) {
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        shadow(request, assessment, prompt, answer, settings.get(), shadow.get());
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.release();
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Learning from request {} failed: {}",
                    request.id(),
                    e.getClass().getName());
        }
    }

    /** Only requests in which the assessment found nothing personal or secret are learned from. */
    static boolean isNonSensitive(Assessment assessment) {
        return assessment.privacy().sensitivity() == Sensitivity.NONE
                && assessment.privacy().findings().isEmpty();
    }

    /** A keep-local rule's request may not leave, not even as a shadow. */
    private static boolean keptLocal(Decision decision) {
        return decision.reasons().stream().anyMatch(reason -> reason.rule().equals("keep-local"));
    }

    private static boolean escalated(Decision decision, Outcome outcome) {
        return decision.escalation().isPresent()
                && outcome.tier().equals(decision.escalation().get().tier())
                && !outcome.tier().equals(decision.tier())
                && outcome.attempts().stream()
                        .anyMatch(attempt -> attempt.tier().equals(decision.tier())
                                && attempt.status() == dev.tandem.core.outcome.AttemptStatus.SUCCEEDED);
    }

    private void shadow(
            TandemRequest request,
            Assessment assessment,
            String prompt,
            String localAnswer,
            LearningSettings settings,
            LearningSettings.Shadow shadow) {
        Tier remote = tiers.get(shadow.tier());
        if (remote == null) {
            log.warn("Shadow mode names tier '{}', which this router does not have", shadow.tier());
            return;
        }
        Instant sent = clock.instant();
        String remoteAnswer;
        try {
            remoteAnswer = call(remote, request, assessment, request.chatRequest());
        } catch (RuntimeException e) {
            recordCall(sent, request, "shadow", remote, false, Optional.empty());
            log.warn(
                    "Shadow call of request {} to tier '{}' failed ({}); no label, the caller was not affected",
                    request.id(),
                    shadow.tier(),
                    e.getClass().getName());
            return;
        }
        try {
            Optional<Boolean> agree = switch (shadow.agreement()) {
                case LearningSettings.Agreement.NormalisedMatch match ->
                    Optional.of(normalised(localAnswer).equals(normalised(remoteAnswer)));
                case LearningSettings.Agreement.NamedCheck named -> {
                    AnswerCheck check = checks.get(named.name());
                    if (check == null) {
                        log.warn("Shadow answer check '{}' is not registered; no label", named.name());
                        yield Optional.empty();
                    }
                    yield Optional.of(check.agree(prompt, localAnswer, remoteAnswer));
                }
                case LearningSettings.Agreement.Judge judge ->
                    judge(judge.tier(), request, assessment, prompt, localAnswer, remoteAnswer);
            };
            recordCall(sent, request, "shadow", remote, true, agree);
            agree.ifPresent(same -> store(settings)
                    .ifPresent(store -> store.record(prompt, same, "shadow:" + agreementName(shadow.agreement()))));
        } catch (RuntimeException e) {
            recordCall(sent, request, "shadow", remote, true, Optional.empty());
            log.warn(
                    "Comparing the shadow answer of request {} from tier '{}' failed ({}); no label, the caller was"
                            + " not affected",
                    request.id(),
                    shadow.tier(),
                    e.getClass().getName());
        }
    }

    private Optional<Boolean> judge(
            String judgeTier,
            TandemRequest request,
            Assessment assessment,
            String prompt,
            String localAnswer,
            String remoteAnswer) {
        Tier judge = tiers.get(judgeTier);
        if (judge == null) {
            log.warn("Shadow mode's judge is tier '{}', which this router does not have", judgeTier);
            return Optional.empty();
        }
        String question = "You compare two answers to the same request.\n\nRequest:\n" + prompt + "\n\nAnswer A:\n"
                + localAnswer + "\n\nAnswer B:\n" + remoteAnswer
                + "\n\nIs answer A as correct and complete as answer B? Reply with one word: yes or no.";
        Instant sent = clock.instant();
        String verdict;
        try {
            verdict = call(
                    judge,
                    request,
                    assessment,
                    ChatRequest.builder().messages(UserMessage.from(question)).build());
        } catch (RuntimeException e) {
            recordCall(sent, request, "judge", judge, false, Optional.empty());
            throw e;
        }
        var matcher = JUDGE_VERDICT.matcher(verdict);
        Optional<Boolean> agreed =
                matcher.find() ? Optional.of(matcher.group(1).equalsIgnoreCase("yes")) : Optional.empty();
        recordCall(sent, request, "judge", judge, true, agreed);
        if (agreed.isEmpty()) {
            log.warn("Judge tier '{}' answered neither yes nor no for request {}; no label", judgeTier, request.id());
        }
        return agreed;
    }

    /** Tells the audit logs that a copy of the request went to {@code tier} at {@code sent} (never its text). */
    private void recordCall(
            Instant sent,
            TandemRequest request,
            String purpose,
            Tier tier,
            boolean answered,
            Optional<Boolean> agreed) {
        shadowCalls.accept(new AuditRecords.ShadowCall(
                sent,
                request.id(),
                request.caller().tenant(),
                purpose,
                tier.name(),
                Optional.of(tier.modelName()),
                answered,
                agreed));
    }

    /** Calls a tier's model directly and counts the call against the request's budgets. */
    private String call(Tier tier, TandemRequest request, Assessment assessment, ChatRequest chatRequest) {
        Instant started = clock.instant();
        ChatResponse response = tier.chatModel().chat(chatRequest);
        Duration latency = Duration.between(started, clock.instant());
        TokenUsage usage = response.tokenUsage();
        TokenCounts tokens = usage == null
                ? TokenCounts.none()
                : new TokenCounts(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
        Attempt attempt = Attempt.succeeded(tier.name(), tier.locality(), tier.modelName(), latency, tokens, false);
        decider.record(
                request,
                assessment,
                new Outcome(tier.name(), tier.locality(), tier.modelName(), List.of(attempt), latency, tokens));
        String text = response.aiMessage().text();
        return text == null ? "" : text;
    }

    private Optional<TrafficLabels> store(LearningSettings settings) {
        if (closed.get()) {
            return Optional.empty();
        }
        try {
            return Optional.of(stores.computeIfAbsent(
                    settings.store(), path -> TrafficLabels.open(path, settings.maxLines(), clock)));
        } catch (RuntimeException e) {
            log.warn("The traffic label store {} cannot be opened: {}", settings.store(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Closes the label stores this router opened; a shadow call still running then records nothing. */
    void close() {
        closed.set(true);
        RuntimeException failure = null;
        for (TrafficLabels store : stores.values()) {
            try {
                store.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        stores.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** NFKC, case-folded, punctuation and whitespace collapsed: "The answer is B." equals "the answer is b". */
    static String normalised(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_WORD.matcher(folded).replaceAll(" ").strip();
    }

    private static String agreementName(LearningSettings.Agreement agreement) {
        return switch (agreement) {
            case LearningSettings.Agreement.NormalisedMatch match -> "normalised-match";
            case LearningSettings.Agreement.NamedCheck named -> "check:" + named.name();
            case LearningSettings.Agreement.Judge judge -> "judge:" + judge.tier();
        };
    }

    private static String lastUserMessage(TandemRequest request) {
        String last = "";
        for (ChatMessage message : request.messages()) {
            if (message instanceof UserMessage) {
                last = MessageText.of(message);
            }
        }
        return last;
    }

    private static int orZero(@Nullable Integer count) {
        return count == null ? 0 : count;
    }
}
