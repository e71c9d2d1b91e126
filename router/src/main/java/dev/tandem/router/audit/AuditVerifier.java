package dev.tandem.router.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks an {@link AuditLog}'s hash chain, across its rotated files, and names each place where it
 * breaks: a record whose content does not match its hash (altered), a record whose {@code prev} does
 * not match the record before it or whose {@code seq} does not follow on (removed, inserted or
 * reordered), a missing rotated file, a file that does not start with a header.
 *
 * <pre>{@code
 * AuditVerifier.Verification result = AuditVerifier.verify(Path.of("audit.jsonl"));
 * if (!result.valid()) result.problems().forEach(System.err::println);
 * }</pre>
 *
 * <p>Records cut from the end of the newest file are detected with the checkpoint the log writes after
 * every record ({@code FILE.checkpoint} by default): a log that ends before the checkpoint's seq is
 * reported as truncated, and one whose record at that seq has another hash as rewritten and re-sealed. A
 * log sealed with an HMAC key is verified with that key; without it, such a log is reported as
 * unverifiable. What remains out of reach: the oldest files deleted look like a log that starts later
 * (reported in {@link Verification#firstSeq()}), and whoever can rewrite both the log and the checkpoint
 * (and holds the HMAC key, if one is used) can rewrite history; keep the checkpoint and the key elsewhere.
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerifier() {}

    /** What {@link #verify} found. {@code valid} exactly when {@code problems} is empty. */
    public record Verification(
            Path file,
            int files,
            long records,
            long firstSeq,
            long lastSeq,
            Optional<String> lastHash,
            List<String> problems) {

        public Verification {
            requireNonNull(file, "file");
            requireNonNull(lastHash, "lastHash");
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Verifies the log whose live file is {@code file}, with its rotated files {@code FILE.1} …
     *
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static Verification verify(Path file) {
        return verify(file, null, AuditChain.defaultCheckpoint(file));
    }

    /**
     * Verifies the log with its HMAC key (null for a plain SHA-256 chain) and its checkpoint file (null, or
     * a file that does not exist, for none).
     *
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static Verification verify(Path file, byte @Nullable [] key, @Nullable Path checkpointFile) {
        List<@Nullable Path> files = AuditChain.files(file);
        List<String> problems = new ArrayList<>();
        if (files.isEmpty()) {
            problems.add(file + ": no such audit log");
            return new Verification(file, 0, 0, -1, -1, Optional.empty(), problems);
        }
        Chain chain = new Chain();
        chain.key = key;
        Checkpoint checkpoint = readCheckpoint(checkpointFile, problems);
        if (checkpoint != null) {
            chain.checkpointSeq = checkpoint.seq;
        }
        int present = 0;
        for (int i = 0; i < files.size(); i++) {
            Path path = files.get(i);
            if (path == null) {
                int n = files.size() - (Files.exists(file) ? 1 : 0) - i;
                problems.add(AuditChain.rotated(file, n) + ": missing, but older rotated files exist;"
                        + " a rotated file was removed");
                continue;
            }
            present++;
            verifyFile(path, chain, problems);
        }
        if (checkpoint != null) {
            long lastSeq = chain.expectedSeq - 1;
            if (lastSeq < checkpoint.seq) {
                problems.add(file + ": truncated: the checkpoint " + checkpointFile + " records seq " + checkpoint.seq
                        + " but the log ends at seq " + lastSeq + " (" + (checkpoint.seq - lastSeq)
                        + " records were cut off the end)");
            } else if (chain.hashAtCheckpoint != null && !chain.hashAtCheckpoint.equals(checkpoint.hash)) {
                problems.add(file + ": rewritten: the record at seq " + checkpoint.seq + " has hash "
                        + chain.hashAtCheckpoint + " but the checkpoint recorded " + checkpoint.hash
                        + " (the log was rewritten and re-sealed)");
            }
        }
        return new Verification(
                file,
                present,
                chain.records,
                chain.firstSeq,
                chain.expectedSeq - 1,
                Optional.ofNullable(chain.expectedPrev),
                problems);
    }

    private record Checkpoint(long seq, String hash) {}

    private static @Nullable Checkpoint readCheckpoint(@Nullable Path checkpointFile, List<String> problems) {
        if (checkpointFile == null || !Files.exists(checkpointFile)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(checkpointFile.toFile());
            if (node == null
                    || !node.path("seq").canConvertToLong()
                    || !node.path("hash").isTextual()) {
                problems.add(checkpointFile + ": not a checkpoint (expected seq and hash)");
                return null;
            }
            return new Checkpoint(node.path("seq").asLong(), node.path("hash").asText());
        } catch (IOException e) {
            problems.add(checkpointFile + ": cannot be read as a checkpoint ("
                    + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** Where the chain is while the files are read in order. */
    private static final class Chain {
        private byte @Nullable [] key;
        private boolean keyed;
        private long checkpointSeq = -1;
        private @Nullable String hashAtCheckpoint;
        private @Nullable String expectedPrev;
        private long expectedSeq = -1;
        private long firstSeq = -1;
        private long records;
        private @Nullable String logId;
        private @Nullable String salt;
    }

    private static void verifyFile(Path path, Chain chain, List<String> problems) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + path, e);
        }
        if (text.isEmpty()) {
            problems.add(path + ": empty; every audit file starts with a header record");
            return;
        }
        if (!text.endsWith("\n")) {
            problems.add(path + ": the last record is incomplete (no line end)");
        }
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String where = path + ":" + (i + 1);
            String line = lines[i];
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                problems.add(where + ": not a JSON record");
                chain.expectedPrev = AuditChain.sha256Hex(line.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (node == null || !node.isObject()) {
                problems.add(where + ": not a JSON record");
                continue;
            }
            verifyLine(where, line, node, i == 0, chain, problems);
        }
    }

    private static void verifyLine(
            String where, String line, JsonNode node, boolean firstInFile, Chain chain, List<String> problems) {
        String type = node.path("type").asText();
        long seq = node.path("seq").asLong(-1);
        String prev = node.path("prev").asText();
        String at = where + " (seq " + seq + ")";
        if (type.equals("header") && node.path("chain_hash").asText().startsWith("hmac")) {
            if (!chain.keyed && chain.key == null) {
                problems.add(at + ": the chain is sealed with an HMAC key; pass the key (--key-file) to verify it");
            }
            chain.keyed = true;
        }
        String declared = AuditChain.declaredHash(line);
        String actual = chain.keyed && chain.key == null
                ? declared
                : AuditChain.actualHash(line, chain.keyed ? chain.key : null);
        if (seq == chain.checkpointSeq) {
            chain.hashAtCheckpoint = declared;
        }
        if (declared == null || actual == null) {
            problems.add(at + ": no hash field at the end of the record; it was altered");
        } else if (!declared.equals(actual)) {
            problems.add(at + ": altered: the record's content does not match its hash"
                    + (chain.keyed ? " under the HMAC key" : ""));
        }
        if (firstInFile && !type.equals("header")) {
            problems.add(at + ": the file does not start with a header record");
        }
        if (type.equals("header")) {
            checkHeader(at, node, chain, problems);
        }
        if (chain.expectedPrev == null) {
            chain.firstSeq = seq;
            if (seq == 0 && !prev.equals(AuditChain.GENESIS)) {
                problems.add(at + ": the first record of the log must chain from the genesis hash");
            }
        } else {
            if (!prev.equals(chain.expectedPrev)) {
                problems.add(at + ": chain broken: prev does not match the hash of the record before it"
                        + " (a record was removed, inserted or reordered)");
            }
            if (seq != chain.expectedSeq) {
                problems.add(
                        at + ": expected seq " + chain.expectedSeq + " (records were removed, inserted or reordered)");
            }
        }
        // Resynchronise on this record, so one tampering is reported once rather than on every later line.
        chain.expectedPrev = declared != null ? declared : actual;
        chain.expectedSeq = seq + 1;
        if (!type.equals("header")) {
            chain.records++;
        }
    }

    private static void checkHeader(String at, JsonNode header, Chain chain, List<String> problems) {
        if (header.path("version").asInt() != AuditLog.VERSION) {
            problems.add(at + ": unknown header version " + header.path("version"));
        }
        String logId = header.path("log_id").asText();
        String salt = header.path("salt").asText();
        if (chain.logId == null) {
            chain.logId = logId;
            chain.salt = salt;
        } else if (!chain.logId.equals(logId) || !salt.equals(chain.salt)) {
            problems.add(at + ": the header belongs to another log (log_id or salt differs)");
        }
    }
}
