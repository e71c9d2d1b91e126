package dev.tandem.router.difficulty.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed routing data sets are exactly what the seeded generator writes. */
class RoutingDatasetGeneratorTest {

    // Surefire runs in the router module; the data sets live at the repository root.
    private static final Path FOLDER = Path.of("..", "datasets", "routing");

    @Test
    void theCommittedDevSetIsRegenerated() throws Exception {
        List<String> lines = RoutingDatasetGenerator.generate(RoutingDatasetGenerator.Split.DEV);

        assertThat(lines).hasSize(RoutingDatasetGenerator.DEV_SIZE);
        assertThat(Files.readAllLines(FOLDER.resolve("dev.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(lines);
    }

    @Test
    void theCommittedHeldOutSetIsRegenerated() throws Exception {
        List<String> lines = RoutingDatasetGenerator.generate(RoutingDatasetGenerator.Split.TEST);

        assertThat(lines).hasSize(RoutingDatasetGenerator.TEST_SIZE);
        assertThat(Files.readAllLines(FOLDER.resolve("test.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(lines);
    }

    @Test
    void theHeldOutSetSharesNoPromptWithTheDevSet() {
        List<String> dev = prompts(RoutingDatasetGenerator.generate(RoutingDatasetGenerator.Split.DEV));
        List<String> test = prompts(RoutingDatasetGenerator.generate(RoutingDatasetGenerator.Split.TEST));

        assertThat(test).doesNotContainAnyElementsOf(dev);
    }

    private static List<String> prompts(List<String> lines) {
        return lines.stream()
                .map(line -> line.replaceAll(".*\"prompt\":(\".*?(?<!\\\\)\"),\"small_correct\".*", "$1"))
                .toList();
    }
}
