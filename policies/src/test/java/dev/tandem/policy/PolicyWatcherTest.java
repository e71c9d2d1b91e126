package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.event.PolicyRejectedEvent;
import dev.tandem.core.event.PolicyReloadedEvent;
import dev.tandem.core.event.TandemListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyWatcherTest {

    @TempDir
    Path dir;

    private final List<Object> events = new ArrayList<>();
    private final TandemListener listener = new TandemListener() {
        @Override
        public void onPolicyReloaded(PolicyReloadedEvent event) {
            events.add(event);
        }

        @Override
        public void onPolicyRejected(PolicyRejectedEvent event) {
            events.add(event);
        }
    };

    private static String policy(String name, String defaultTier) {
        return """
                name: %s
                tiers: {local: {locality: local}, remote: {locality: remote}}
                default: {route: {tier: %s}}
                """.formatted(name, defaultTier);
    }

    @Test
    void aValidChangeIsSwappedInAndAnnounced() throws IOException {
        Path file = write(policy("first", "local"));
        PolicyWatcher watcher = watcher(file);

        write(policy("second", "remote"));
        boolean swapped = watcher.checkNow();

        assertThat(swapped).isTrue();
        assertThat(watcher.current().name()).isEqualTo("second");
        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        PolicyReloadedEvent.class,
                        e -> assertThat(e.policyName()).isEqualTo("second"));
    }

    @Test
    void anInvalidChangeKeepsTheOldPolicyAndReportsEveryProblem() throws IOException {
        Path file = write(policy("first", "local"));
        PolicyWatcher watcher = watcher(file);

        write(policy("second", "gpu").replace("tiers:", "tiers:\n  oops: nope\ntiers_:"));
        boolean swapped = watcher.checkNow();

        assertThat(swapped).isFalse();
        assertThat(watcher.current().name()).isEqualTo("first");
        assertThat(events).singleElement().isInstanceOfSatisfying(PolicyRejectedEvent.class, e -> {
            assertThat(e.keptPolicy()).isEqualTo("first");
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(file + ":"));
        });
    }

    @Test
    void anUnchangedFileIsNotReloaded() throws IOException {
        Path file = write(policy("first", "local"));
        PolicyWatcher watcher = watcher(file);

        write(policy("first", "local"));

        assertThat(watcher.checkNow()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void anInvalidFileAtStartIsAnError() throws IOException {
        Path file = write("name: broken\n");

        assertThatThrownBy(() -> watcher(file)).isInstanceOf(InvalidPolicyException.class);
    }

    private PolicyWatcher watcher(Path file) {
        return PolicyWatcher.builder(file)
                .environment(Map.of())
                .listener(listener)
                .build();
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("tandem.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
