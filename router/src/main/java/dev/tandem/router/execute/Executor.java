package dev.tandem.router.execute;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Escalation;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.confidence.AnswerConfidence;
import dev.tandem.router.internal.ListenerDispatcher;
import dev.tandem.router.redact.Redaction;
import dev.tandem.router.redact.Redactor;
import dev.tandem.router.resilience.Resilience;
import dev.tandem.router.resilience.ResilienceRefusal;
import dev.tandem.router.resilience.ResilienceSettings;
import dev.tandem.router.resilience.TierResilience;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stage 3: tries the decision's tiers in order until one answers.
 *
 * <ul>
 *   <li>A remote tier is never called when the decision forbids remote tiers; it is recorded as
 *       skipped. This check does not trust the decision's candidate list: it is the last guard.
 *   <li>A remote tier receives the request redacted by the decision's plan; the answer comes back
 *       with the originals restored.
 *   <li>Once the caller's deadline has passed, no further tier is tried.
 *   <li>When no tier answers, {@link NoRouteAvailableException} lists every attempt.
 * </ul>
 *
 * <p>A local-first decision ({@link Decision#escalation()}) keeps the target's answer only when its
 * {@link AnswerConfidence} reaches the decision's minimum; below it, an {@code EscalationEvent} is emitted
 * and the escalation tier answers instead (redacted by the same plan when it is remote). When the
 * escalation tier fails, the first answer stands. Both answers' attempts stay in the outcome.
 *
 * <p>Events, per tier: a {@code RedactionEvent} (types and counts) before a redacted remote attempt,
 * the {@code AttemptEvent}, and a {@code FallbackEvent} when a failed tier is followed by another.
 *
 * Thread-safe.
 */
public final class Executor {

    private final Map<String, Tier> tiers;
    private final Clock clock;
    private final ListenerDispatcher listeners;
    private final Resilience resilience;

    /** An executor whose tiers are guarded by {@link ResilienceSettings#ofDefaults()}. */
    public Executor(Map<String, Tier> tiers, Clock clock, ListenerDispatcher listeners) {
        this(
                tiers,
                clock,
                listeners,
                Resilience.create(ResilienceSettings.ofDefaults(), tiers, clock, listeners::dispatch));
    }

    /** An executor that calls each tier through its guards in {@code resilience}. */
    public Executor(Map<String, Tier> tiers, Clock clock, ListenerDispatcher listeners, Resilience resilience) {
        this.tiers = Map.copyOf(tiers);
        this.clock = requireNonNull(clock, "clock");
        this.listeners = requireNonNull(listeners, "listeners");
        this.resilience = requireNonNull(resilience, "resilience");
    }

    /** The answering tier's response (text restored) and the outcome with every attempt. */
    public record Execution(ChatResponse response, Outcome outcome) {}

    public Execution execute(TandemRequest request, Assessment assessment, Decision decision) {
        Instant started = clock.instant();
        List<Attempt> attempts = new ArrayList<>();
        List<TierException> failures = new ArrayList<>();
        Execution first = tryInOrder(request, assessment, decision, decision.candidates(), attempts, failures, started)
                .orElseThrow(() -> new NoRouteAvailableException(request.id(), attempts, failures));
        Optional<Escalation> escalation = decision.escalation();
        if (escalation.isEmpty() || !first.outcome().tier().equals(decision.tier())) {
            return first;
        }
        AnswerConfidence.Confidence confidence = AnswerConfidence.of(first.response());
        if (confidence.score() >= escalation.get().minConfidence()) {
            return first;
        }
        listeners.dispatch(new EscalationEvent(
                request.id(),
                clock.instant(),
                first.outcome().tier(),
                escalation.get().tier(),
                confidence.score(),
                escalation.get().minConfidence()));
        // The escalation tier's answer replaces the first one; if it fails, the first answer stands,
        // with every attempt recorded.
        return tryInOrder(
                        request, assessment, decision, List.of(escalation.get().tier()), attempts, failures, started)
                .orElseGet(() -> new Execution(first.response(), withAttempts(first.outcome(), attempts, started)));
    }

    private Outcome withAttempts(Outcome outcome, List<Attempt> attempts, Instant started) {
        return new Outcome(
                outcome.tier(),
                outcome.locality(),
                outcome.model(),
                attempts,
                Duration.between(started, clock.instant()),
                outcome.tokens());
    }

    /** Tries {@code candidates} in order; the first answer wins, and every try lands in {@code attempts}. */
    private Optional<Execution> tryInOrder(
            TandemRequest request,
            Assessment assessment,
            Decision decision,
            List<String> candidates,
            List<Attempt> attempts,
            List<TierException> failures,
            Instant started) {
        for (String name : candidates) {
            Tier tier = tiers.get(name);
            announceFallback(request, attempts, name);
            Optional<Failure> skip = reasonToSkip(tier, request, decision);
            if (skip.isPresent()) {
                record(request, attempts, Attempt.skipped(name, tier.locality(), tier.modelName(), skip.get()));
                continue;
            }
            boolean redacted = tier.isRemote() && !decision.redaction().isEmpty();
            Optional<Redaction> redaction = redacted
                    ? Optional.of(Redactor.redact(
                            request.chatRequest(), assessment.privacy().findings(), decision.redaction()))
                    : Optional.empty();
            ChatRequest toSend = redaction.map(Redaction::request).orElse(request.chatRequest());
            if (redacted) {
                announceRedaction(request, assessment, decision, name);
            }
            Instant attemptStarted = clock.instant();
            try {
                // Timeouts, retries, breaker, bulkhead and rate limits; each retried try is its own attempt.
                TierResilience.Call call = new TierResilience.Call(
                        request.caller().deadline(), assessment.tokens().total(), (failure, latency, backoff) -> {
                            failures.add(failure);
                            record(
                                    request,
                                    attempts,
                                    Attempt.failed(
                                            name,
                                            tier.locality(),
                                            tier.modelName(),
                                            Failure.of(failure),
                                            latency,
                                            redacted));
                        });
                ChatResponse response = resilience.forTier(name).call(tier.chatModel(), toSend, call);
                Duration latency = Duration.between(attemptStarted, clock.instant());
                TokenCounts tokens = tokensOf(response.tokenUsage());
                record(
                        request,
                        attempts,
                        Attempt.succeeded(name, tier.locality(), tier.modelName(), latency, tokens, redacted));
                ChatResponse restored = redaction.isPresent() ? restore(response, redaction.get()) : response;
                Outcome outcome = new Outcome(
                        name,
                        tier.locality(),
                        modelNameOf(response, tier),
                        attempts,
                        Duration.between(started, clock.instant()),
                        tokens);
                return Optional.of(new Execution(restored, outcome));
            } catch (RuntimeException error) {
                TierException failure = TierFailures.translate(name, error);
                failures.add(failure);
                if (failure instanceof ResilienceRefusal) {
                    // A breaker, bulkhead or rate limit refused: the tier never saw the request.
                    record(
                            request,
                            attempts,
                            Attempt.skipped(name, tier.locality(), tier.modelName(), Failure.of(failure)));
                    continue;
                }
                record(
                        request,
                        attempts,
                        Attempt.failed(
                                name,
                                tier.locality(),
                                tier.modelName(),
                                Failure.of(failure),
                                Duration.between(attemptStarted, clock.instant()),
                                redacted));
            }
        }
        return Optional.empty();
    }

    private Optional<Failure> reasonToSkip(Tier tier, TandemRequest request, Decision decision) {
        if (tier.isRemote() && !decision.remoteAllowed()) {
            return Optional.of(new Failure(
                    "RemoteNotAllowed", "the decision keeps this request local; remote tier not called", false));
        }
        Optional<Instant> deadline = request.caller().deadline();
        if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
            return Optional.of(new Failure("DeadlineExceeded", "the caller's deadline passed before this tier", false));
        }
        return Optional.empty();
    }

    /** Moving on from a tier that failed is a fallback; moving on from a skipped one is not. */
    private void announceFallback(TandemRequest request, List<Attempt> attempts, String next) {
        if (attempts.isEmpty()) {
            return;
        }
        Attempt previous = attempts.get(attempts.size() - 1);
        if (previous.status() == AttemptStatus.FAILED) {
            String failureType = previous.failure().map(Failure::type).orElse("unknown");
            listeners.dispatch(new FallbackEvent(request.id(), clock.instant(), previous.tier(), next, failureType));
        }
    }

    private void announceRedaction(TandemRequest request, Assessment assessment, Decision decision, String tier) {
        Map<EntityType, Integer> counts = new TreeMap<>();
        assessment.privacy().findings().stream()
                .filter(finding -> decision.redaction().covers(finding.type()))
                .forEach(finding -> counts.merge(finding.type(), 1, Integer::sum));
        if (!counts.isEmpty()) {
            listeners.dispatch(new RedactionEvent(request.id(), clock.instant(), tier, counts));
        }
    }

    private void record(TandemRequest request, List<Attempt> attempts, Attempt attempt) {
        attempts.add(attempt);
        listeners.dispatch(new AttemptEvent(request.id(), clock.instant(), attempt));
    }

    private static ChatResponse restore(ChatResponse response, Redaction redaction) {
        String text = response.aiMessage().text();
        if (text == null) {
            return response;
        }
        return response.toBuilder()
                .aiMessage(response.aiMessage().toBuilder()
                        .text(redaction.restore(text))
                        .build())
                .build();
    }

    private static TokenCounts tokensOf(TokenUsage usage) {
        if (usage == null) {
            return TokenCounts.none();
        }
        return new TokenCounts(
                usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    }

    private static String modelNameOf(ChatResponse response, Tier tier) {
        String reported = response.modelName();
        return reported == null || reported.isBlank() ? tier.modelName() : reported;
    }
}
