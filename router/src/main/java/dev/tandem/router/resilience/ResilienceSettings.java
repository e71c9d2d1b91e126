package dev.tandem.router.resilience;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * The resilience of a whole router: a {@link ResilienceConfig} per tier (or the default for its
 * locality), what a stream does when it fails half-way, and the sleeper, randomness and executor the
 * guards use. Immutable.
 *
 * <pre>{@code
 * TandemRouter router = TandemRouter.builder()
 *         .tier(local).tier(remote)
 *         .resilience(ResilienceSettings.custom()
 *                 .tier("remote", ResilienceConfig.custom().maxAttempts(2).requestsPerMinute(600).build())
 *                 .onPartialStreamFailure(PartialStreamFailure.CONTINUE)
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>Defaults: {@link ResilienceConfig#ofDefaults()} for remote tiers, {@link
 * ResilienceConfig#localDefaults()} for local ones, {@link PartialStreamFailure#ERROR}, real sleeps, a
 * shared random generator, one virtual thread per timed call.
 */
public final class ResilienceSettings {

    private static final ResilienceSettings DEFAULTS = custom().build();

    private final Map<String, ResilienceConfig> perTier;
    private final ResilienceConfig remoteDefaults;
    private final ResilienceConfig localDefaults;
    private final PartialStreamFailure onPartialStreamFailure;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Executor callExecutor;

    private ResilienceSettings(Builder b) {
        this.perTier = Map.copyOf(b.perTier);
        this.remoteDefaults = b.remoteDefaults;
        this.localDefaults = b.localDefaults;
        this.onPartialStreamFailure = b.onPartialStreamFailure;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.callExecutor = b.callExecutor;
    }

    public static ResilienceSettings ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** The tier's own config, or the default for its locality. */
    public ResilienceConfig configFor(Tier tier) {
        ResilienceConfig own = perTier.get(tier.name());
        if (own != null) {
            return own;
        }
        return tier.locality() == Locality.REMOTE ? remoteDefaults : localDefaults;
    }

    public PartialStreamFailure onPartialStreamFailure() {
        return onPartialStreamFailure;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public RandomGenerator random() {
        return random;
    }

    public Executor callExecutor() {
        return callExecutor;
    }

    @Override
    public String toString() {
        return "ResilienceSettings[tiers=" + perTier.keySet() + ", onPartialStreamFailure=" + onPartialStreamFailure
                + "]";
    }

    /** Builds {@link ResilienceSettings}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ResilienceConfig> perTier = new LinkedHashMap<>();
        private ResilienceConfig remoteDefaults = ResilienceConfig.ofDefaults();
        private ResilienceConfig localDefaults = ResilienceConfig.localDefaults();
        private PartialStreamFailure onPartialStreamFailure = PartialStreamFailure.ERROR;
        private Sleeper sleeper = Sleeper.system();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Executor callExecutor = VirtualThreads.EXECUTOR;

        private Builder() {}

        /** The config of one tier, by name; it wins over the locality's default. */
        public Builder tier(String name, ResilienceConfig config) {
            perTier.put(requireNonNull(name, "name"), requireNonNull(config, "config"));
            return this;
        }

        public Builder remoteDefaults(ResilienceConfig config) {
            this.remoteDefaults = requireNonNull(config, "config");
            return this;
        }

        public Builder localDefaults(ResilienceConfig config) {
            this.localDefaults = requireNonNull(config, "config");
            return this;
        }

        public Builder onPartialStreamFailure(PartialStreamFailure behaviour) {
            this.onPartialStreamFailure = requireNonNull(behaviour, "behaviour");
            return this;
        }

        /** For tests: waits between retries without sleeping. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** For tests: a seeded generator makes the jitter repeatable. */
        public Builder random(RandomGenerator random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        /** Where timed calls run; one virtual thread per call by default. */
        public Builder callExecutor(Executor executor) {
            this.callExecutor = requireNonNull(executor, "executor");
            return this;
        }

        public ResilienceSettings build() {
            return new ResilienceSettings(this);
        }
    }

    /** Holder, so that the executor is created only when the default is used. */
    private static final class VirtualThreads {
        static final Executor EXECUTOR = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tandem-call-", 0).factory());
    }
}
