package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.event.PolicyRejectedEvent;
import dev.tandem.core.event.PolicyReloadedEvent;
import dev.tandem.core.event.TandemListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a policy file in force while it changes. {@link #current()} returns the policy in force; the
 * router reads it once per request, so a valid change swaps in atomically between requests. An invalid
 * change keeps the old policy, logs every problem and emits a {@link PolicyRejectedEvent}; a valid one
 * emits a {@link PolicyReloadedEvent}.
 *
 * <pre>{@code
 * PolicyWatcher watcher = PolicyWatcher.builder(Path.of("tandem.yaml")).listener(listener).build();
 * watcher.start(scheduler, Duration.ofSeconds(2));          // polls; or call checkNow() yourself
 * TandemRouter router = TandemRouter.builder().policySource(watcher).tier(local).build();
 * }</pre>
 *
 * <p>The watcher compares the file's content, not its timestamp, so a change within the file system's
 * timestamp resolution is not missed, and a touch without a change does not reload. Polling (rather
 * than a {@code WatchService}) also follows a file replaced by a rename, as editors and Kubernetes
 * config maps do. Thread-safe.
 */
public final class PolicyWatcher implements Supplier<Policy>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);

    private final Path file;
    private final Map<String, String> environment;
    private final Clock clock;
    private final List<TandemListener> listeners;
    private final AtomicReference<Policy> current = new AtomicReference<>();
    private final Object checkLock = new Object();
    private @Nullable String lastContent;
    private volatile @Nullable ScheduledFuture<?> polling;

    private PolicyWatcher(Builder builder) {
        this.file = builder.file;
        this.environment = Map.copyOf(builder.environment);
        this.clock = builder.clock;
        this.listeners = List.copyOf(builder.listeners);
        String content = read().orElseThrow(() -> new InvalidPolicyException(
                List.of(new PolicyProblem(file.toString(), 0, 0, "", "no such file; check the path"))));
        current.set(PolicyLoader.parseFile(content, file, environment));
        lastContent = content;
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** The policy in force. */
    public Policy current() {
        return current.get();
    }

    @Override
    public Policy get() {
        return current();
    }

    /**
     * Reads the file now; swaps in a valid change and reports an invalid one.
     *
     * @return true when a new policy was swapped in
     */
    public boolean checkNow() {
        synchronized (checkLock) {
            var content = read();
            if (content.isEmpty() || content.get().equals(lastContent)) {
                return false;
            }
            lastContent = content.get();
            try {
                Policy next = PolicyLoader.parseFile(content.get(), file, environment);
                current.set(next);
                LOG.info(
                        "Policy {} reloaded from {} ({} rules)",
                        next.name(),
                        file,
                        next.rules().size());
                emit(new PolicyReloadedEvent(
                        clock.instant(),
                        file.toString(),
                        next.name(),
                        next.rules().size()));
                return true;
            } catch (InvalidPolicyException e) {
                List<String> problems = new ArrayList<>();
                e.problems().forEach(problem -> problems.add(problem.describe()));
                LOG.warn(
                        "Policy change in {} rejected; {} stays in force:\n  {}",
                        file,
                        current().name(),
                        String.join("\n  ", problems));
                emit(new PolicyRejectedEvent(
                        clock.instant(), file.toString(), current().name(), problems));
                return false;
            }
        }
    }

    /** Checks the file every {@code interval} on {@code scheduler} until {@link #close()}. */
    public PolicyWatcher start(ScheduledExecutorService scheduler, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        long millis = interval.toMillis();
        polling = scheduler.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops polling; the current policy stays readable. */
    @Override
    public void close() {
        ScheduledFuture<?> running = polling;
        if (running != null) {
            running.cancel(false);
        }
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.warn("Checking {} failed: {}", file, e.getClass().getSimpleName());
        }
    }

    private java.util.Optional<String> read() {
        try {
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A file being replaced may be missing for a moment; the next check reads it.
            return java.util.Optional.empty();
        }
    }

    private void emit(Object event) {
        for (TandemListener listener : listeners) {
            try {
                if (event instanceof PolicyReloadedEvent reloaded) {
                    listener.onPolicyReloaded(reloaded);
                } else if (event instanceof PolicyRejectedEvent rejected) {
                    listener.onPolicyRejected(rejected);
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Listener {} threw {}; ignored",
                        listener.getClass().getName(),
                        e.getClass().getName());
            }
        }
    }

    /** Builds a {@link PolicyWatcher}; {@link #build()} loads the file and throws if it is invalid. */
    public static final class Builder {
        private final Path file;
        private Map<String, String> environment = System.getenv();
        private Clock clock = Clock.systemUTC();
        private final List<TandemListener> listeners = new ArrayList<>();

        private Builder(Path file) {
            this.file = requireNonNull(file, "file");
        }

        /** The variables {@code ${NAME}} may refer to; default the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = requireNonNull(environment, "environment");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(TandemListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @throws InvalidPolicyException when the file is missing or invalid at start
         */
        public PolicyWatcher build() {
            return new PolicyWatcher(this);
        }
    }
}
