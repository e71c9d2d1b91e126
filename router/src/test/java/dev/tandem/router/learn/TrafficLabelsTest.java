package dev.tandem.router.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficLabelsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path work;

    @Test
    void labelsReadBackAsLabelledPromptsForTheCalibrator() {
        Path file = work.resolve("traffic.jsonl");
        try (TrafficLabels store = TrafficLabels.open(file, 100, CLOCK)) {
            store.record("What is 2 + 2?", true, "shadow:normalised-match");
            store.record("Prove Fermat's last theorem.", false, "escalation");
        }

        List<LabelledPrompt> read = TrafficLabels.read(file);

        assertThat(read)
                .extracting(LabelledPrompt::prompt, LabelledPrompt::smallCorrect, LabelledPrompt::largeCorrect)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("What is 2 + 2?", true, true),
                        org.assertj.core.groups.Tuple.tuple("Prove Fermat's last theorem.", false, true));
    }

    @Test
    void theOldestLabelsAreDroppedPastTheCap() throws Exception {
        Path file = work.resolve("traffic.jsonl");
        try (TrafficLabels store = TrafficLabels.open(file, 100, CLOCK)) {
            for (int i = 0; i < 101; i++) {
                store.record("question " + i, i % 2 == 0, "escalation");
            }

            assertThat(store.size()).isEqualTo(90);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(90);
        assertThat(lines.get(0)).contains("\"question 11\"");
        assertThat(lines.get(89)).contains("\"question 100\"");
    }

    @Test
    void reopeningCountsWhatIsAlreadyThere() {
        Path file = work.resolve("traffic.jsonl");
        try (TrafficLabels store = TrafficLabels.open(file, 100, CLOCK)) {
            store.record("one", true, "escalation");
        }

        try (TrafficLabels reopened = TrafficLabels.open(file, 100, CLOCK)) {
            reopened.record("two", false, "escalation");

            assertThat(reopened.size()).isEqualTo(2);
        }
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws Exception {
        Path file = work.resolve("traffic.jsonl");
        Files.writeString(
                file, "{\"prompt\": \"ok\", \"label\": \"local\"}\n{\"prompt\": \"x\", \"label\": \"maybe\"}\n");

        assertThatThrownBy(() -> TrafficLabels.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":2: needs");
    }

    @Test
    void aStoreHoldsAtLeastOneLine() {
        assertThatThrownBy(() -> TrafficLabels.open(work.resolve("t.jsonl"), 0, CLOCK))
                .hasMessage("a label store holds at least 1 line, was 0");
    }
}
