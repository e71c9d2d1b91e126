package dev.tandem.router.resilience;

import java.time.Duration;

/**
 * Waits between retries. {@link #system()} sleeps the calling thread; tests pass one that records the
 * waits and returns at once.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return Thread::sleep;
    }
}
