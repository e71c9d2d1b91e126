package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Switches on the tamper-evident audit log from the policy:
 *
 * <pre>{@code
 * audit:
 *   file: audit.jsonl
 *   max-bytes: 10485760
 *   keep: 10
 *   hmac-key: "${TANDEM_AUDIT_KEY}"        # seals the chain; at least 16 bytes
 *   checkpoint: /var/lib/tandem/audit.checkpoint
 *   refuse-when-unwritable: true
 * }</pre>
 *
 * The router appends one hash-chained record per request to {@code file}, rotating it past {@code
 * maxBytes} and keeping {@code keep} rotated files.
 *
 * @param file where records are appended (relative paths resolve against the working directory)
 * @param maxBytes the size at which the file rotates, at least {@value #MIN_MAX_BYTES}; default 10 MiB
 * @param keep how many rotated files are kept, 0 to {@value #MAX_KEEP}; default 10
 * @param hmacKey seals the chain with HMAC-SHA-256 under the key's UTF-8 bytes (at least {@value
 *     #MIN_HMAC_KEY_BYTES}), so a rewritten log cannot be sealed again without it; default none (plain
 *     SHA-256 chain)
 * @param checkpoint where the chain's head (seq and hash) is written after every record, so that records
 *     cut from the end are detected; default {@code FILE.checkpoint} next to the log
 * @param refuseWhenUnwritable refuse requests while records cannot be written, instead of serving them
 *     unaudited; default false
 */
public record AuditSettings(
        Path file,
        long maxBytes,
        int keep,
        Optional<Secret> hmacKey,
        Optional<Path> checkpoint,
        boolean refuseWhenUnwritable) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 10;

    /** A file must hold at least its header and one record. */
    public static final long MIN_MAX_BYTES = 4 * 1024;

    public static final int MAX_KEEP = 10_000;

    /** HMAC-SHA-256 keys shorter than this are too easy to guess. */
    public static final int MIN_HMAC_KEY_BYTES = 16;

    public AuditSettings {
        requireNonNull(file, "file");
        requireNonNull(hmacKey, "hmacKey");
        requireNonNull(checkpoint, "checkpoint");
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
        int keyBytes = hmacKey.map(key -> key.reveal().getBytes(StandardCharsets.UTF_8).length)
                .orElse(MIN_HMAC_KEY_BYTES);
        if (keyBytes < MIN_HMAC_KEY_BYTES) {
            // The length only: the key itself is never quoted.
            throw new IllegalArgumentException("audit.hmac-key must be at least " + MIN_HMAC_KEY_BYTES + " bytes, was "
                    + keyBytes + " bytes; use a random key from a secret store");
        }
        if (checkpoint.isPresent() && checkpoint.get().toString().isBlank()) {
            throw new IllegalArgumentException("audit.checkpoint must not be blank");
        }
        if (checkpoint.isPresent() && checkpoint.get().equals(file)) {
            throw new IllegalArgumentException(
                    "audit.checkpoint must not be the log file itself (" + file + "); put it elsewhere");
        }
    }

    /** A log with rotation settings only: no HMAC key, the default checkpoint, requests served unaudited. */
    public AuditSettings(Path file, long maxBytes, int keep) {
        this(file, maxBytes, keep, Optional.empty(), Optional.empty(), false);
    }

    /** An audit log at {@code file} with the default rotation. */
    public static AuditSettings of(Path file) {
        return new AuditSettings(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }
}
