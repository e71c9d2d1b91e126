package dev.tandem.router.resilience;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.event.BreakerTransitionEvent;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.tier.Tier;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The guards of one tier, shared by every request to it: a circuit breaker (Resilience4j), a bulkhead
 * (a Resilience4j bulkhead admits running plus queued calls, a fair semaphore bounds the running ones),
 * request and token rate limiters (Resilience4j), the retry loop and the timeouts. Obtained from {@link
 * Resilience#forTier}. Thread-safe.
 *
 * <p>Order for each call: breaker → bulkhead → rate limits → call with timeout. A refusal by any guard
 * throws a {@link ResilienceRefusal} and releases what was taken before it.
 *
 * <p>Retries: a retriable failure is retried after an exponential backoff with jitter, or after the
 * {@code Retry-After} the tier asked for (HTTP 429, or 503 with the header) when it is not longer than
 * {@code maxRetryAfter}. Non-retriable failures (HTTP 400, 401, 403, 404), refusals and the caller's
 * deadline are never retried, nor are exception types that neither Tandem nor LangChain4j defines (a bug
 * or a crash is not a passing fault); no wait goes past the deadline.
 */
public final class TierResilience {

    private final String tier;
    private final ResilienceConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Executor callExecutor;
    private final @Nullable CircuitBreaker breaker;
    private final @Nullable Bulkhead admission;
    private final @Nullable Semaphore slots;
    private final @Nullable RateLimiter requests;
    private final @Nullable RateLimiter tokens;
    private volatile @Nullable Instant openedAt;

    TierResilience(
            Tier tier,
            ResilienceConfig config,
            Clock clock,
            Sleeper sleeper,
            RandomGenerator random,
            Executor callExecutor,
            Consumer<BreakerTransitionEvent> transitions) {
        this.tier = tier.name();
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.callExecutor = callExecutor;
        this.breaker = config.circuitBreaker() ? breaker(tier.name(), config, clock, transitions) : null;
        if (config.maxConcurrentCalls() > 0) {
            this.admission = Bulkhead.of(
                    tier.name(),
                    BulkheadConfig.custom()
                            .maxConcurrentCalls(config.maxConcurrentCalls() + config.maxQueuedCalls())
                            .maxWaitDuration(Duration.ZERO)
                            .build());
            this.slots = new Semaphore(config.maxConcurrentCalls(), true);
        } else {
            this.admission = null;
            this.slots = null;
        }
        this.requests =
                config.requestsPerMinute() > 0 ? limiter(tier.name() + "-requests", config.requestsPerMinute()) : null;
        this.tokens = config.tokensPerMinute() > 0 ? limiter(tier.name() + "-tokens", config.tokensPerMinute()) : null;
    }

    /** What one request brings to a call: its deadline, its estimated tokens, and who hears of retries. */
    public record Call(Optional<Instant> deadline, int estimatedTokens, RetryObserver observer) {
        public Call {
            requireNonNull(deadline, "deadline");
            requireNonNull(observer, "observer");
            if (estimatedTokens < 0) {
                throw new IllegalArgumentException("estimatedTokens must not be negative, was " + estimatedTokens);
            }
        }
    }

    /** Hears of each failed try that this tier retries, before the backoff starts. */
    @FunctionalInterface
    public interface RetryObserver {
        RetryObserver NONE = (failure, latency, backoff) -> {};

        void onRetry(TierException failure, Duration latency, Duration backoff);
    }

    public String tier() {
        return tier;
    }

    public ResilienceConfig config() {
        return config;
    }

    /**
     * Calls {@code model} with every guard, retrying as configured. Every try but the last is reported to
     * the call's observer.
     *
     * @throws TierException the last failure; a {@link ResilienceRefusal} when a guard refused the call
     */
    public ChatResponse call(ChatModel model, ChatRequest request, Call call) {
        for (int attempt = 1; ; attempt++) {
            Permit permit = acquire(call);
            long started = System.nanoTime();
            TierException failure;
            try {
                ChatResponse response = invoke(model, request, call.deadline());
                permit.succeeded();
                return response;
            } catch (TierException e) {
                permit.failed(e);
                failure = e;
            } catch (Unclassified e) {
                // An exception type no tier documents is a bug or a crash, not a passing fault: fail over.
                permit.failed(e.failure);
                throw e.failure;
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            Optional<Duration> wait = backoff(attempt, failure, call.deadline());
            if (wait.isEmpty()) {
                throw failure;
            }
            call.observer().onRetry(failure, latency, wait.get());
            try {
                sleeper.sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    /**
     * Takes the breaker's permission, a bulkhead slot and the rate-limit permits for one call. The caller
     * must end the permit exactly once with {@link Permit#succeeded()}, {@link Permit#failed} or {@link
     * Permit#abandoned()}.
     *
     * @throws TierException a {@link ResilienceRefusal}, or a {@link DeadlineExceededException}
     */
    public Permit acquire(Call call) {
        Optional<Instant> deadline = call.deadline();
        if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
            throw new DeadlineExceededException(tier, deadline.get());
        }
        if (breaker != null && !breaker.tryAcquirePermission()) {
            throw new CircuitOpenException(tier, config.openStateWait());
        }
        boolean slotTaken = false;
        try {
            if (admission != null) {
                takeSlot(deadline);
                slotTaken = true;
            }
            if (requests != null && !requests.acquirePermission()) {
                throw new RateLimitExceededException(tier, "requests", config.requestsPerMinute());
            }
            if (tokens != null
                    && !tokens.acquirePermission((int) Math.max(
                            1,
                            Math.min(call.estimatedTokens(), Math.min(config.tokensPerMinute(), Integer.MAX_VALUE))))) {
                throw new RateLimitExceededException(tier, "tokens", config.tokensPerMinute());
            }
        } catch (RuntimeException e) {
            if (slotTaken) {
                releaseSlot();
            }
            if (breaker != null) {
                breaker.releasePermission();
            }
            throw e;
        }
        return new Permit(slotTaken);
    }

    /**
     * The wait before try {@code attemptsMade + 1}, or empty when the failure must not be retried: not
     * retriable, a refusal, out of attempts, a {@code Retry-After} above {@code maxRetryAfter}, or a wait
     * that would end at or after the deadline.
     */
    public Optional<Duration> backoff(int attemptsMade, TierException failure, Optional<Instant> deadline) {
        if (!failure.isRetriable()
                || failure instanceof ResilienceRefusal
                || failure instanceof DeadlineExceededException
                || attemptsMade >= config.maxAttempts()) {
            return Optional.empty();
        }
        Duration wait;
        Optional<Duration> retryAfter =
                failure instanceof RateLimitedException limited ? limited.retryAfter() : Optional.empty();
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(config.maxRetryAfter()) > 0) {
                return Optional.empty();
            }
            wait = retryAfter.get();
        } else {
            double nominal = config.initialBackoff().toNanos() * Math.pow(config.backoffMultiplier(), attemptsMade - 1);
            double spread = 1.0 - config.jitter() + 2.0 * config.jitter() * random.nextDouble();
            long nanos = (long)
                    Math.min(nominal * spread, (double) config.maxBackoff().toNanos());
            wait = Duration.ofNanos(nanos);
        }
        if (deadline.isPresent() && !clock.instant().plus(wait).isBefore(deadline.get())) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /** False while the breaker is open and its open-state wait has not passed yet. */
    public boolean isHealthy() {
        if (breaker == null) {
            return true;
        }
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.FORCED_OPEN) {
            return false;
        }
        Instant opened = openedAt;
        return state != CircuitBreaker.State.OPEN
                || opened == null
                || !clock.instant().isBefore(opened.plus(config.openStateWait()));
    }

    /** The breaker's state, or empty when this tier has no breaker. */
    public Optional<BreakerTransitionEvent.State> breakerState() {
        return breaker == null ? Optional.empty() : Optional.ofNullable(stateOf(breaker.getState()));
    }

    /** The longest a call may still run: the total timeout, cut short by the deadline. */
    public Duration timeLeft(Optional<Instant> deadline) {
        Duration total = config.totalTimeout();
        if (deadline.isEmpty()) {
            return total;
        }
        Duration untilDeadline = Duration.between(clock.instant(), deadline.get());
        return untilDeadline.compareTo(total) < 0 ? untilDeadline : total;
    }

    /** True when {@link #timeLeft} is bounded by the deadline rather than the total timeout. */
    public boolean deadlineBinds(Optional<Instant> deadline) {
        return deadline.isPresent()
                && Duration.between(clock.instant(), deadline.get()).compareTo(config.totalTimeout()) < 0;
    }

    /** The failure to report when a call ran out of time. */
    public TierTimeoutException timedOut(Optional<Instant> deadline, String what) {
        if (deadlineBinds(deadline) || deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
            return new DeadlineExceededException(tier, deadline.orElseThrow());
        }
        return new TierTimeoutException(
                tier,
                "tier '" + tier + "' " + what + " within " + config.totalTimeout()
                        + " (totalTimeout). Raise it for long answers, or use a faster tier.",
                null);
    }

    private ChatResponse invoke(ChatModel model, ChatRequest request, Optional<Instant> deadline) {
        Duration timeout = timeLeft(deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DeadlineExceededException(tier, deadline.orElseThrow());
        }
        FutureTask<ChatResponse> task = new FutureTask<>(() -> model.chat(request));
        try {
            callExecutor.execute(task);
        } catch (RuntimeException e) {
            throw new TierUnavailableException(
                    tier,
                    "tier '" + tier + "' could not start a call: "
                            + e.getClass().getSimpleName(),
                    e);
        }
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Interrupting the worker closes a virtual thread's socket, so the tier stops at once.
            task.cancel(true);
            throw timedOut(deadline, "did not answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            TierException failure = TierErrors.translate(tier, cause);
            if (!isClassified(cause)) {
                throw new Unclassified(failure);
            }
            throw failure;
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new TierUnavailableException(
                    tier, "the thread waiting for tier '" + tier + "' was interrupted; the call was cancelled", e);
        }
    }

    /**
     * True for failures a tier classified itself: Tandem's {@link TierException}s and LangChain4j's
     * exceptions. Only those are retried; anything else fails over to the next tier at once.
     */
    public static boolean isClassified(Throwable error) {
        return error instanceof TierException || error instanceof LangChain4jException;
    }

    /** Carries the translation of an unclassified failure out of {@link #invoke}. */
    private static final class Unclassified extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TierException failure;

        Unclassified(TierException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private void takeSlot(Optional<Instant> deadline) {
        if (!admission.tryAcquirePermission()) {
            throw new TierSaturatedException(
                    tier,
                    "tier '" + tier + "' was not called: it is saturated, with " + config.maxConcurrentCalls()
                            + " calls running and " + config.maxQueuedCalls() + " queued (maxConcurrentCalls,"
                            + " maxQueuedCalls). Other tiers serve meanwhile.");
        }
        Duration wait = config.queueTimeout();
        if (deadline.isPresent()) {
            Duration untilDeadline = Duration.between(clock.instant(), deadline.get());
            wait = untilDeadline.compareTo(wait) < 0 ? untilDeadline : wait;
        }
        boolean acquired;
        try {
            acquired = slots.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            admission.onComplete();
            throw new TierSaturatedException(
                    tier,
                    "tier '" + tier + "' was not called: it stayed saturated for " + wait + " (queueTimeout or the"
                            + " caller's deadline) with " + config.maxConcurrentCalls() + " calls running.");
        }
    }

    private void releaseSlot() {
        slots.release();
        admission.onComplete();
    }

    private CircuitBreaker breaker(
            String name, ResilienceConfig config, Clock clock, Consumer<BreakerTransitionEvent> transitions) {
        CircuitBreaker created = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.slidingWindowSize())
                        .minimumNumberOfCalls(config.minimumNumberOfCalls())
                        .failureRateThreshold(config.failureRateThreshold())
                        .waitDurationInOpenState(config.openStateWait())
                        .permittedNumberOfCallsInHalfOpenState(config.halfOpenProbes())
                        .recordException(TierResilience::countsAgainstTier)
                        .ignoreException(error -> !countsAgainstTier(error))
                        .clock(clock)
                        .build());
        created.getEventPublisher().onStateTransition(event -> {
            BreakerTransitionEvent.State from =
                    stateOf(event.getStateTransition().getFromState());
            BreakerTransitionEvent.State to = stateOf(event.getStateTransition().getToState());
            if (to == BreakerTransitionEvent.State.OPEN) {
                openedAt = clock.instant();
            }
            if (from != null && to != null && from != to) {
                transitions.accept(new BreakerTransitionEvent(clock.instant(), name, from, to));
            }
        });
        return created;
    }

    /** Failures that say the endpoint is in trouble; a rejected request or a bad key says nothing about it. */
    private static boolean countsAgainstTier(Throwable error) {
        return error instanceof TierException tierError
                && tierError.isRetriable()
                && !(error instanceof ResilienceRefusal)
                && !(error instanceof DeadlineExceededException);
    }

    private static BreakerTransitionEvent.@Nullable State stateOf(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> BreakerTransitionEvent.State.CLOSED;
            case OPEN, FORCED_OPEN -> BreakerTransitionEvent.State.OPEN;
            case HALF_OPEN -> BreakerTransitionEvent.State.HALF_OPEN;
            default -> null;
        };
    }

    private static RateLimiter limiter(String name, long perMinute) {
        return RateLimiter.of(
                name,
                RateLimiterConfig.custom()
                        .limitForPeriod((int) Math.min(perMinute, Integer.MAX_VALUE))
                        .limitRefreshPeriod(Duration.ofMinutes(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
    }

    /** The guards one call holds; ended exactly once. */
    public final class Permit {
        private final boolean slotTaken;
        private final long started = System.nanoTime();
        private boolean ended;

        private Permit(boolean slotTaken) {
            this.slotTaken = slotTaken;
        }

        public synchronized void succeeded() {
            if (end() && breaker != null) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }

        public synchronized void failed(Throwable error) {
            if (end() && breaker != null) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, error);
            }
        }

        /** The call was given up by the caller (cancelled); it counts neither way. */
        public synchronized void abandoned() {
            if (end() && breaker != null) {
                breaker.releasePermission();
            }
        }

        private boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            if (slotTaken) {
                releaseSlot();
            }
            return true;
        }
    }
}
