package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A watched policy file changed but the new content is invalid; the previous policy stays in force.
 *
 * @param source the file, as given to the watcher
 * @param keptPolicy the name of the policy that stays in force
 * @param problems every problem, each as {@code file:line:col: path: message} (never with secrets)
 */
public record PolicyRejectedEvent(Instant timestamp, String source, String keptPolicy, List<String> problems) {

    public PolicyRejectedEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(source, "source");
        requireNonNull(keptPolicy, "keptPolicy");
        problems = List.copyOf(problems);
    }
}
