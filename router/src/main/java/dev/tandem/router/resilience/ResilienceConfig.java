package dev.tandem.router.resilience;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.time.Duration;

/**
 * How one tier is guarded: timeouts, retries, circuit breaker, bulkhead and rate limits. Immutable;
 * build one with {@link #custom()} or start from {@link #ofDefaults()}, {@link #localDefaults()} or
 * {@link #from(ResilienceConfig)}.
 *
 * <pre>{@code
 * ResilienceConfig remote = ResilienceConfig.custom()
 *         .totalTimeout(Duration.ofSeconds(30))
 *         .maxAttempts(3)
 *         .requestsPerMinute(600)
 *         .tokensPerMinute(200_000)
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults and valid ranges</caption>
 *   <tr><th>setting</th><th>{@code ofDefaults()} (remote)</th><th>{@code localDefaults()}</th><th>range</th></tr>
 *   <tr><td>connectTimeout</td><td>10 s</td><td>10 s (unused)</td><td>1 ms .. 24 h</td></tr>
 *   <tr><td>firstTokenTimeout</td><td>30 s</td><td>30 s</td><td>1 ms .. 24 h</td></tr>
 *   <tr><td>totalTimeout</td><td>60 s</td><td>120 s</td><td>1 ms .. 24 h</td></tr>
 *   <tr><td>maxAttempts</td><td>3</td><td>1</td><td>1 .. 10</td></tr>
 *   <tr><td>initialBackoff / maxBackoff</td><td>250 ms / 8 s</td><td>same</td><td>0 .. 10 min</td></tr>
 *   <tr><td>backoffMultiplier</td><td>2.0</td><td>2.0</td><td>1.0 .. 10.0</td></tr>
 *   <tr><td>jitter</td><td>0.5 (each wait is 50% to 150% of the nominal one)</td><td>0.5</td><td>0.0 .. 1.0</td></tr>
 *   <tr><td>maxRetryAfter</td><td>20 s (a longer {@code Retry-After} falls back at once)</td><td>20 s</td><td>0 .. 1 h</td></tr>
 *   <tr><td>circuitBreaker</td><td>on</td><td>off</td><td></td></tr>
 *   <tr><td>failureRateThreshold</td><td>50 %</td><td></td><td>1 .. 100</td></tr>
 *   <tr><td>slidingWindowSize / minimumNumberOfCalls</td><td>20 / 10 calls</td><td></td><td>1 .. 10,000</td></tr>
 *   <tr><td>openStateWait</td><td>30 s</td><td></td><td>1 ms .. 1 h</td></tr>
 *   <tr><td>halfOpenProbes</td><td>1</td><td></td><td>1 .. 100</td></tr>
 *   <tr><td>maxConcurrentCalls</td><td>0 (no bulkhead)</td><td>1</td><td>0 .. 10,000</td></tr>
 *   <tr><td>maxQueuedCalls / queueTimeout</td><td>-</td><td>16 / 10 s</td><td>0 .. 100,000 / 0 .. 1 h</td></tr>
 *   <tr><td>requestsPerMinute / tokensPerMinute</td><td>0 (unlimited)</td><td>0</td><td>0 .. 10^9</td></tr>
 * </table>
 *
 * <p>The connect timeout can only be enforced by the tier's HTTP client: pass it with {@link
 * #applyTo(OpenAiCompatibleChatModel.Builder)}. Every wait is also capped by the caller's deadline.
 */
public final class ResilienceConfig {

    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final ResilienceConfig DEFAULTS = new Builder().build();
    private static final ResilienceConfig LOCAL_DEFAULTS = new Builder()
            .totalTimeout(Duration.ofMinutes(2))
            .maxAttempts(1)
            .circuitBreaker(false)
            .maxConcurrentCalls(1)
            .maxQueuedCalls(16)
            .queueTimeout(Duration.ofSeconds(10))
            .build();

    private final Duration connectTimeout;
    private final Duration firstTokenTimeout;
    private final Duration totalTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final boolean circuitBreaker;
    private final int failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final Duration openStateWait;
    private final int halfOpenProbes;
    private final int maxConcurrentCalls;
    private final int maxQueuedCalls;
    private final Duration queueTimeout;
    private final long requestsPerMinute;
    private final long tokensPerMinute;

    private ResilienceConfig(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.totalTimeout = b.totalTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.circuitBreaker = b.circuitBreaker;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.openStateWait = b.openStateWait;
        this.halfOpenProbes = b.halfOpenProbes;
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.maxQueuedCalls = b.maxQueuedCalls;
        this.queueTimeout = b.queueTimeout;
        this.requestsPerMinute = b.requestsPerMinute;
        this.tokensPerMinute = b.tokensPerMinute;
    }

    /** The defaults for a remote tier: 3 attempts, a circuit breaker, no bulkhead, no rate limit. */
    public static ResilienceConfig ofDefaults() {
        return DEFAULTS;
    }

    /** The defaults for a local tier: 1 attempt, no breaker, 1 generation at a time with 16 queued. */
    public static ResilienceConfig localDefaults() {
        return LOCAL_DEFAULTS;
    }

    /** {@link #ofDefaults()} for remote tiers, {@link #localDefaults()} for local ones. */
    public static ResilienceConfig defaultsFor(Locality locality) {
        return locality == Locality.REMOTE ? DEFAULTS : LOCAL_DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from {@code base}. */
    public static Builder from(ResilienceConfig base) {
        return new Builder(requireNonNull(base, "base"));
    }

    /**
     * Passes the connect timeout, the first-token timeout (as the read timeout: the longest silence
     * between bytes) and the total timeout (as the call timeout) to a remote tier's builder.
     */
    public OpenAiCompatibleChatModel.Builder applyTo(OpenAiCompatibleChatModel.Builder remote) {
        return remote.connectTimeout(connectTimeout)
                .readTimeout(firstTokenTimeout)
                .callTimeout(totalTimeout);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration firstTokenTimeout() {
        return firstTokenTimeout;
    }

    public Duration totalTimeout() {
        return totalTimeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    public double jitter() {
        return jitter;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public boolean circuitBreaker() {
        return circuitBreaker;
    }

    public int failureRateThreshold() {
        return failureRateThreshold;
    }

    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public Duration openStateWait() {
        return openStateWait;
    }

    public int halfOpenProbes() {
        return halfOpenProbes;
    }

    /** Concurrent calls allowed; 0 means no bulkhead. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public int maxQueuedCalls() {
        return maxQueuedCalls;
    }

    public Duration queueTimeout() {
        return queueTimeout;
    }

    /** Calls allowed per minute; 0 means unlimited. */
    public long requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Estimated prompt plus answer tokens allowed per minute; 0 means unlimited. */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    @Override
    public String toString() {
        return "ResilienceConfig[timeouts connect " + connectTimeout + ", first token " + firstTokenTimeout
                + ", total " + totalTimeout + "; attempts " + maxAttempts + ", backoff " + initialBackoff + " x"
                + backoffMultiplier + " up to " + maxBackoff + ", jitter " + jitter + ", max Retry-After "
                + maxRetryAfter + "; breaker "
                + (circuitBreaker
                        ? failureRateThreshold + "% of " + slidingWindowSize + " (min " + minimumNumberOfCalls
                                + "), open " + openStateWait + ", probes " + halfOpenProbes
                        : "off")
                + "; bulkhead "
                + (maxConcurrentCalls == 0
                        ? "off"
                        : maxConcurrentCalls + " + " + maxQueuedCalls + " queued for " + queueTimeout)
                + "; limits " + requestsPerMinute + " req/min, " + tokensPerMinute + " tok/min]";
    }

    /** Builds a {@link ResilienceConfig}; every setter checks its value and quotes it when it is wrong. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration firstTokenTimeout = Duration.ofSeconds(30);
        private Duration totalTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private double backoffMultiplier = 2.0;
        private double jitter = 0.5;
        private Duration maxRetryAfter = Duration.ofSeconds(20);
        private boolean circuitBreaker = true;
        private int failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration openStateWait = Duration.ofSeconds(30);
        private int halfOpenProbes = 1;
        private int maxConcurrentCalls;
        private int maxQueuedCalls = 16;
        private Duration queueTimeout = Duration.ofSeconds(10);
        private long requestsPerMinute;
        private long tokensPerMinute;

        private Builder() {}

        private Builder(ResilienceConfig base) {
            connectTimeout = base.connectTimeout;
            firstTokenTimeout = base.firstTokenTimeout;
            totalTimeout = base.totalTimeout;
            maxAttempts = base.maxAttempts;
            initialBackoff = base.initialBackoff;
            maxBackoff = base.maxBackoff;
            backoffMultiplier = base.backoffMultiplier;
            jitter = base.jitter;
            maxRetryAfter = base.maxRetryAfter;
            circuitBreaker = base.circuitBreaker;
            failureRateThreshold = base.failureRateThreshold;
            slidingWindowSize = base.slidingWindowSize;
            minimumNumberOfCalls = base.minimumNumberOfCalls;
            openStateWait = base.openStateWait;
            halfOpenProbes = base.halfOpenProbes;
            maxConcurrentCalls = base.maxConcurrentCalls;
            maxQueuedCalls = base.maxQueuedCalls;
            queueTimeout = base.queueTimeout;
            requestsPerMinute = base.requestsPerMinute;
            tokensPerMinute = base.tokensPerMinute;
        }

        /** Opening a connection; only the tier's HTTP client enforces it, see {@link #applyTo}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout("connectTimeout", timeout);
            return this;
        }

        /** From the start of a streamed call to its first token; a stream that stays silent longer fails over. */
        public Builder firstTokenTimeout(Duration timeout) {
            this.firstTokenTimeout = timeout("firstTokenTimeout", timeout);
            return this;
        }

        /** One whole call, streamed or not. */
        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = timeout("totalTimeout", timeout);
            return this;
        }

        /** Calls of this tier per request, the first one included; 1 means no retry. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = range("maxAttempts", maxAttempts, 1, 10);
            return this;
        }

        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = wait("initialBackoff", backoff, Duration.ofMinutes(10));
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = wait("maxBackoff", backoff, Duration.ofMinutes(10));
            return this;
        }

        public Builder backoffMultiplier(double multiplier) {
            if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
                throw new IllegalArgumentException("backoffMultiplier must be between 1.0 and 10.0, was " + multiplier);
            }
            this.backoffMultiplier = multiplier;
            return this;
        }

        /** The random spread of each backoff: 0.5 makes a nominal 1 s wait anything from 0.5 s to 1.5 s. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** The longest {@code Retry-After} still waited for; a longer one moves on to the next tier. */
        public Builder maxRetryAfter(Duration max) {
            this.maxRetryAfter = wait("maxRetryAfter", max, Duration.ofHours(1));
            return this;
        }

        public Builder circuitBreaker(boolean enabled) {
            this.circuitBreaker = enabled;
            return this;
        }

        /** Percentage of failed calls in the window that opens the breaker. */
        public Builder failureRateThreshold(int percent) {
            this.failureRateThreshold = range("failureRateThreshold", percent, 1, 100);
            return this;
        }

        /** How many of the latest calls the failure rate is computed over. */
        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = range("slidingWindowSize", calls, 1, 10_000);
            return this;
        }

        /** Calls needed before the failure rate counts at all. */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = range("minimumNumberOfCalls", calls, 1, 10_000);
            return this;
        }

        /** How long an open breaker refuses calls before letting a probe through. */
        public Builder openStateWait(Duration wait) {
            this.openStateWait = timeout("openStateWait", wait);
            return this;
        }

        /** Trial calls let through when half-open; all must succeed to close again. */
        public Builder halfOpenProbes(int probes) {
            this.halfOpenProbes = range("halfOpenProbes", probes, 1, 100);
            return this;
        }

        /** Concurrent calls (generations, for a local model); 0 turns the bulkhead off. */
        public Builder maxConcurrentCalls(int calls) {
            this.maxConcurrentCalls = range("maxConcurrentCalls", calls, 0, 10_000);
            return this;
        }

        /** Calls that may wait for a slot; one more is refused at once as saturated. */
        public Builder maxQueuedCalls(int calls) {
            this.maxQueuedCalls = range("maxQueuedCalls", calls, 0, 100_000);
            return this;
        }

        /** How long a queued call waits for a slot before it is refused as saturated. */
        public Builder queueTimeout(Duration timeout) {
            this.queueTimeout = wait("queueTimeout", timeout, Duration.ofHours(1));
            return this;
        }

        /** Calls per minute; 0 means unlimited. A call over the limit is refused, never queued. */
        public Builder requestsPerMinute(long limit) {
            this.requestsPerMinute = range("requestsPerMinute", limit, 0, 1_000_000_000L);
            return this;
        }

        /** Estimated prompt plus answer tokens per minute; 0 means unlimited. */
        public Builder tokensPerMinute(long limit) {
            this.tokensPerMinute = range("tokensPerMinute", limit, 0, 1_000_000_000L);
            return this;
        }

        /**
         * @throws IllegalStateException when settings contradict each other, naming both
         */
        public ResilienceConfig build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") must not be shorter than"
                        + " initialBackoff (" + initialBackoff + ")");
            }
            if (firstTokenTimeout.compareTo(totalTimeout) > 0) {
                throw new IllegalStateException("firstTokenTimeout (" + firstTokenTimeout + ") must not be longer"
                        + " than totalTimeout (" + totalTimeout + ")");
            }
            return new ResilienceConfig(this);
        }

        private static Duration timeout(String name, Duration value) {
            requireNonNull(value, name);
            if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be between 1 ms and 24 h, was " + value);
            }
            return value;
        }

        private static Duration wait(String name, Duration value, Duration max) {
            requireNonNull(value, name);
            if (value.isNegative() || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between 0 and " + max + ", was " + value);
            }
            return value;
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }

        private static long range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
