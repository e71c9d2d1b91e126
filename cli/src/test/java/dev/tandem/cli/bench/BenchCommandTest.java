package dev.tandem.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of {@code tandem bench}: a tiny run, checked for shape only, never for speed. */
class BenchCommandTest {

    private static final Set<String> DIFFERENCES = Set.of(
            "overhead_us",
            "routing_only_us",
            "retained_bytes",
            "p50_added_us",
            "p90_added_us",
            "p99_added_us",
            "p999_added_us");

    @TempDir
    Path cache;

    @TempDir
    Path temp;

    @Test
    void tinyRunPrintsATableAndWritesEverySectionWithPositiveNumbers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                new Environment(Map.of("TANDEM_CACHE_DIR", cache.toString()), temp));
        Path json = temp.resolve("bench.json");

        int exit = TandemCommand.run(console, "bench", "--tiny", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("cores, JDK")
                .contains("== decision-path")
                .contains("p99_us");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
        assertThat(report.path("machine").path("jdk").asText()).isNotBlank();
        JsonNode sections = report.path("sections");
        List<String> names = new ArrayList<>();
        sections.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactly(
                        "memory",
                        "assessment",
                        "local models",
                        "policy",
                        "decision-path",
                        "throughput",
                        "embedding-cache",
                        "remote-overhead",
                        "user-overhead",
                        "gateway",
                        "local-overhead");
        // Direct, through Tandem's gateway (latency and 16-client throughput each), and what the gateway adds;
        // the tiny profile leaves Portkey out and says so.
        assertThat(sections.path("gateway")).hasSize(5);
        // Direct and three router setups: latency each, what each adds, and throughput (direct and the
        // quality-first router at 1, 16 and 256 clients, the other two at 16), and the first streamed token
        // direct, routed and added.
        assertThat(sections.path("user-overhead")).hasSize(18);
        assertThat(report.path("notes").toString())
                .contains("Portkey's gateway was not measured: left out of the tiny");
        // 5 items at each of 3 prompt sizes (static and full embedding uncached), language detection, the scans
        // of 2,000-character prose and dense text, of 100 KB and 1 MB.
        assertThat(sections.path("assessment")).hasSize(20);
        // A one-token answer from the same model, and while switching between two under a one-model budget.
        assertThat(sections.path("local models")).hasSize(2);
        // Concurrency 1, 16 and 256, with the remote stubbed in process and on the loopback server.
        assertThat(sections.path("throughput")).hasSize(6);
        JsonNode notes = report.path("notes");
        List<String> checks = new ArrayList<>();
        notes.forEach(note -> checks.add(note.asText()));
        // One check per target, each saying whether it was met; the tiny profile's numbers are not judged.
        assertThat(checks.stream().filter(note -> note.endsWith(" — met") || note.endsWith(" — MISSED")))
                .hasSize(13);
        for (String name : names) {
            assertThat(sections.path(name)).as(name).isNotEmpty();
            for (JsonNode row : sections.path(name)) {
                row.fields().forEachRemaining(field -> {
                    String what = name + " / " + row.path("name").asText() + " / " + field.getKey();
                    if (field.getKey().equals("name")) {
                        return;
                    }
                    assertThat(field.getValue().isNumber()).as(what).isTrue();
                    // Differences of two noisy measurements (overheads, heap deltas) may round to zero.
                    if (DIFFERENCES.contains(field.getKey())) {
                        assertThat(Double.isFinite(field.getValue().asDouble()))
                                .as(what)
                                .isTrue();
                    } else {
                        assertThat(field.getValue().asDouble()).as(what).isPositive();
                    }
                });
            }
        }
        assertThat(sections.path("memory").get(0).path("retained_bytes").asLong())
                .isPositive();
    }
}
