package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Switches on the tamper-evident audit log from the policy: {@code audit: {file: audit.jsonl,
 * max-bytes: 10485760, keep: 10}}. The router appends one hash-chained record per request to
 * {@code file}, rotating it past {@code maxBytes} and keeping {@code keep} rotated files.
 *
 * @param file where records are appended (relative paths resolve against the working directory)
 * @param maxBytes the size at which the file rotates, at least {@value #MIN_MAX_BYTES}; default 10 MiB
 * @param keep how many rotated files are kept, 0 to {@value #MAX_KEEP}; default 10
 */
public record AuditSettings(Path file, long maxBytes, int keep) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 10;

    /** A file must hold at least its header and one record. */
    public static final long MIN_MAX_BYTES = 4 * 1024;

    public static final int MAX_KEEP = 10_000;

    public AuditSettings {
        requireNonNull(file, "file");
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException("audit.file must not be blank");
        }
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException(
                    "audit.max-bytes must be at least " + MIN_MAX_BYTES + ", was " + maxBytes);
        }
        if (keep < 0 || keep > MAX_KEEP) {
            throw new IllegalArgumentException("audit.keep must be in [0, " + MAX_KEEP + "], was " + keep);
        }
    }

    /** An audit log at {@code file} with the default rotation. */
    public static AuditSettings of(Path file) {
        return new AuditSettings(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }
}
