package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A watched policy file changed and the new policy was swapped in; requests decided from now on use it.
 *
 * @param source the file, as given to the watcher
 * @param policyName the new policy's name
 * @param rules how many rules the new policy has
 */
public record PolicyReloadedEvent(Instant timestamp, String source, String policyName, int rules) {

    public PolicyReloadedEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(source, "source");
        requireNonNull(policyName, "policyName");
    }
}
