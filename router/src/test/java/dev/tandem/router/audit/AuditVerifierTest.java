package dev.tandem.router.audit;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.router.ObservabilityFixture;
import dev.tandem.router.TandemRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {

    @TempDir
    Path folder;

    private Path file;

    private void writeLog(int requests, AuditConfig.Builder config) {
        ObservabilityFixture fixture = new ObservabilityFixture();
        try (AuditLog audit = AuditLog.open(config.build())) {
            TandemRouter router = fixture.router(audit);
            for (int i = 0; i < requests; i++) {
                router.chat(request("r" + i, i % 3 == 0 ? "FAIL hello" : "hello"));
            }
        }
    }

    private void writeLog(int requests) {
        file = folder.resolve("audit.jsonl");
        writeLog(requests, AuditConfig.custom(file));
    }

    private List<String> lines(Path path) throws Exception {
        return new ArrayList<>(Files.readAllLines(path));
    }

    private void write(Path path, List<String> lines) throws Exception {
        Files.writeString(path, String.join("\n", lines) + "\n");
    }

    @Test
    void passesACleanLog() {
        writeLog(5);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.records()).isEqualTo(5);
        assertThat(result.firstSeq()).isZero();
        assertThat(result.lastSeq()).isEqualTo(5);
        assertThat(result.lastHash())
                .hasValueSatisfying(hash -> assertThat(hash).hasSize(64));
    }

    @Test
    void detectsAnAlteredRecord() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        lines.set(2, lines.get(2).replace("\"tier\":\"remote\"", "\"tier\":\"local\""));
        write(file, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .containsExactly(file + ":3 (seq 2): altered: the record's content does not match its hash");
    }

    @Test
    void detectsAnAlteredRecordWhoseHashWasRecomputedByItsSuccessor() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        String altered = lines.get(2).replace("\"tier\":\"remote\"", "\"tier\":\"local\"");
        String body = altered.substring(0, altered.length() - AuditChain.HASH_SUFFIX_LENGTH) + "}";
        lines.set(2, AuditChain.seal(body, null));
        write(file, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0)).startsWith(file + ":4 (seq 3): chain broken");
    }

    @Test
    void detectsARemovedRecord() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        lines.remove(3);
        write(file, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .containsExactly(
                        file + ":4 (seq 4): chain broken: prev does not match the hash of the record before it"
                                + " (a record was removed, inserted or reordered)",
                        file + ":4 (seq 4): expected seq 3 (records were removed, inserted or reordered)");
    }

    @Test
    void detectsReorderedRecords() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        String third = lines.get(3);
        lines.set(3, lines.get(2));
        lines.set(2, third);
        write(file, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.startsWith(file + ":3 (seq 3): chain broken"));
    }

    @Test
    void detectsARecordRemovedFromARotatedFile() throws Exception {
        file = folder.resolve("audit.jsonl");
        writeLog(14, AuditConfig.custom(file).maxBytes(4096).keep(5));
        Path rotated = file.resolveSibling("audit.jsonl.1");
        assertThat(AuditVerifier.verify(file).valid()).isTrue();
        List<String> lines = lines(rotated);
        lines.remove(1);
        write(rotated, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.startsWith(rotated + ":2 (seq"));
    }

    @Test
    void detectsARotatedFileThatWasDeleted() throws Exception {
        file = folder.resolve("audit.jsonl");
        writeLog(20, AuditConfig.custom(file).maxBytes(4096).keep(5));
        assertThat(file.resolveSibling("audit.jsonl.2")).exists();
        Files.delete(file.resolveSibling("audit.jsonl.1"));

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .contains(file.resolveSibling("audit.jsonl.1")
                        + ": missing, but older rotated files exist; a rotated file was removed");
    }

    @Test
    void detectsALogWhoseFilesWereSwapped() throws Exception {
        file = folder.resolve("audit.jsonl");
        writeLog(20, AuditConfig.custom(file).maxBytes(4096).keep(5));
        Path one = file.resolveSibling("audit.jsonl.1");
        Path two = file.resolveSibling("audit.jsonl.2");
        Path swap = folder.resolve("swap");
        Files.move(one, swap);
        Files.move(two, one);
        Files.move(swap, two);

        assertThat(AuditVerifier.verify(file).valid()).isFalse();
    }

    @Test
    void detectsRecordsCutOffTheEndThroughTheCheckpoint() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        write(file, lines.subList(0, 4));

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.problems())
                .containsExactly(file + ": truncated: the checkpoint " + file + ".checkpoint records seq 5 but the log"
                        + " ends at seq 3 (2 records were cut off the end)");
    }

    @Test
    void detectsATailRewrittenAndResealedThroughTheCheckpoint() throws Exception {
        writeLog(5);
        List<String> lines = lines(file);
        // Whoever can write the file rewrites the last record and seals it again: the chain alone agrees.
        String altered = lines.get(5).replace("\"tier\":\"remote\"", "\"tier\":\"local\"");
        lines.set(
                5, AuditChain.seal(altered.substring(0, altered.length() - AuditChain.HASH_SUFFIX_LENGTH) + "}", null));
        write(file, lines);

        AuditVerifier.Verification result = AuditVerifier.verify(file);

        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0))
                .startsWith(file + ": rewritten: the record at seq 5 has hash ")
                .endsWith("(the log was rewritten and re-sealed)");
        assertThat(AuditVerifier.verify(file, null, null).valid()).isTrue();
    }

    @Test
    void anHmacChainCannotBeResealedWithoutTheKey() throws Exception {
        byte[] key = "0123456789abcdef-audit-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        file = folder.resolve("keyed.jsonl");
        writeLog(3, AuditConfig.custom(file).hmacKey(key));
        List<String> lines = lines(file);
        String altered = lines.get(2).replace("\"tier\":\"remote\"", "\"tier\":\"local\"");
        lines.set(
                2, AuditChain.seal(altered.substring(0, altered.length() - AuditChain.HASH_SUFFIX_LENGTH) + "}", null));
        Path tampered = folder.resolve("tampered.jsonl");
        write(tampered, lines);

        assertThat(AuditVerifier.verify(file, key, null).problems()).isEmpty();
        assertThat(AuditVerifier.verify(tampered, key, null).problems())
                .contains(tampered + ":3 (seq 2): altered: the record's content does not match its hash under the HMAC"
                        + " key");
        assertThat(AuditVerifier.verify(file, "another-key-of-16-bytes".getBytes(), null)
                        .valid())
                .isFalse();
        assertThat(AuditVerifier.verify(file).problems())
                .containsExactly(file + ":1 (seq 0): the chain is sealed with an HMAC key; pass the key (--key-file) to"
                        + " verify it");
    }

    @Test
    void reportsAMissingLog() {
        Path missing = folder.resolve("nothing.jsonl");

        AuditVerifier.Verification result = AuditVerifier.verify(missing);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).containsExactly(missing + ": no such audit log");
    }
}
