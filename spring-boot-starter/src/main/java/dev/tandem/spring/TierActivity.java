package dev.tandem.spring;

import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Failure;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers how each tier's last attempt ended, so that the health indicator can report a tier without
 * calling it. Registered with the auto-configured router as a listener. Thread-safe.
 */
public final class TierActivity implements TandemListener {

    /**
     * The last attempt of one tier that was actually tried (skipped attempts do not count).
     *
     * @param failureType the failure's type name, such as {@code TierUnavailableException}, when it failed
     */
    public record LastAttempt(AttemptStatus status, Optional<String> failureType, Instant at) {}

    private final Map<String, LastAttempt> lastAttempts = new ConcurrentHashMap<>();

    @Override
    public void onAttempt(AttemptEvent event) {
        Attempt attempt = event.attempt();
        if (attempt.status() == AttemptStatus.SKIPPED) {
            return;
        }
        lastAttempts.put(
                attempt.tier(),
                new LastAttempt(attempt.status(), attempt.failure().map(Failure::type), event.timestamp()));
    }

    /** How {@code tier}'s last attempt ended, if it was ever tried. */
    public Optional<LastAttempt> lastAttempt(String tier) {
        return Optional.ofNullable(lastAttempts.get(tier));
    }
}
