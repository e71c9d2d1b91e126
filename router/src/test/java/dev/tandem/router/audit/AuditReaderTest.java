package dev.tandem.router.audit;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {

    @TempDir
    Path folder;

    Path file;

    @BeforeEach
    void writeThreeRecordsAndDamageTwo() throws Exception {
        file = folder.resolve("audit.jsonl");
        ObservabilityFixture fixture = new ObservabilityFixture();
        try (AuditLog audit =
                AuditLog.open(AuditConfig.custom(file).clock(fixture.clock).build())) {
            TandemRouter router = fixture.router(audit);
            for (int i = 0; i < 3; i++) {
                router.chat(request("r" + i, "hello " + i));
            }
        }
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).substring(0, 30));
        lines.set(2, lines.get(2).replaceFirst("\"time\":\"[^\"]+\"", "\"time\":\"yesterday\""));
        Files.write(file, lines);
    }

    @Test
    void tolerantReadingSkipsUnreadableLinesAndSaysWhere() {
        AuditRecords records = AuditReader.readTolerant(file);

        assertThat(records.entries()).extracting(AuditEntry::requestId).containsExactly("r2");
        assertThat(records.skipped()).containsExactly(file + ":2: not a JSON record", file + ":3: no valid time");
    }

    @Test
    void strictReadingFailsAtTheFirstUnreadableLine() {
        assertThatThrownBy(() -> AuditReader.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":2: not a readable record; run `tandem audit verify " + file + "`");
    }
}
