package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in {@code malformed/} produces the problem {@code expected-errors.txt} lists for it. */
class MalformedPolicyCorpusTest {

    static final Path DIR = Path.of("src/test/resources/malformed");
    private static final String SECRET = "sk-live-very-secret";
    private static final Map<String, String> ENV = Map.of("API_KEY", SECRET);

    static Map<String, String> expectations() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("expected-errors.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" => ", 2);
            expected.put(parts[0], parts[1]);
        }
        return expected;
    }

    static Stream<Arguments> corpus() throws IOException {
        return expectations().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void malformedPolicyIsRejectedWithItsExpectedProblem(String file, String expected) {
        List<PolicyProblem> problems = PolicyLoader.check(DIR.resolve(file), ENV);

        assertThat(problems).isNotEmpty();
        assertThat(problems)
                .extracting(problem -> problem.describe()
                        .replace(DIR.toAbsolutePath() + "/", "")
                        .replace(DIR + "/", ""))
                .contains(expected);
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.line()).isPositive();
            assertThat(problem.describe()).doesNotContain(SECRET);
        });
    }

    @Test
    void corpusHasAtLeastFortyFilesAndEveryFileIsListed() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        assertThat(expectations().keySet()).containsExactlyInAnyOrderElementsOf(files);
    }
}
