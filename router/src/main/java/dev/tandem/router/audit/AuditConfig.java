package dev.tandem.router.audit;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.policy.AuditSettings;
import dev.tandem.privacy.PrivacyScanners;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link AuditLog} writes: the file, when it rotates and how many rotated files it keeps.
 *
 * <pre>{@code
 * AuditConfig config = AuditConfig.custom(Path.of("audit.jsonl"))
 *         .maxBytes(50 * 1024 * 1024)   // rotate when the next record would pass 50 MiB
 *         .keep(20)                     // keep audit.jsonl.1 … audit.jsonl.20
 *         .build();
 * }</pre>
 *
 * <p>Defaults: {@value #DEFAULT_MAX_BYTES} bytes per file, {@value #DEFAULT_KEEP} rotated files, the
 * system UTC clock, and the default privacy scanner as a last guard over reason explanations. A policy
 * maps its {@code audit: {file:, max-bytes:, keep:}} block to this class. Immutable and thread-safe.
 */
public final class AuditConfig {

    // The same limits as the policy's audit key, so both ways of switching the log on agree.
    public static final long DEFAULT_MAX_BYTES = AuditSettings.DEFAULT_MAX_BYTES;
    public static final int DEFAULT_KEEP = AuditSettings.DEFAULT_KEEP;

    /** A file must hold at least its header and one record. */
    public static final long MIN_MAX_BYTES = AuditSettings.MIN_MAX_BYTES;

    public static final int MAX_KEEP = AuditSettings.MAX_KEEP;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;
    private final PrivacyScanner explanationScanner;
    private final byte @Nullable [] hmacKey;
    private final Path checkpointFile;
    private final boolean refuseWhenUnwritable;

    private AuditConfig(Builder builder) {
        this.file = builder.file;
        this.maxBytes = builder.maxBytes;
        this.keep = builder.keep;
        this.clock = builder.clock;
        this.explanationScanner = builder.explanationScanner;
        this.hmacKey = builder.hmacKey == null ? null : builder.hmacKey.clone();
        this.checkpointFile =
                builder.checkpointFile != null ? builder.checkpointFile : AuditChain.defaultCheckpoint(builder.file);
        this.refuseWhenUnwritable = builder.refuseWhenUnwritable;
    }

    /** The defaults, writing to {@code file}. */
    public static AuditConfig ofDefaults(Path file) {
        return custom(file).build();
    }

    public static Builder custom(Path file) {
        return new Builder(file);
    }

    /** A builder that starts from {@code base}. */
    public static Builder from(AuditConfig base) {
        return new Builder(base.file)
                .maxBytes(base.maxBytes)
                .keep(base.keep)
                .clock(base.clock)
                .explanationScanner(base.explanationScanner)
                .checkpointFile(base.checkpointFile)
                .refuseWhenUnwritable(base.refuseWhenUnwritable)
                .hmacKeyOrNone(base.hmacKey);
    }

    /** The live file; rotated ones are named {@code FILE.1} (newest) to {@code FILE.keep} (oldest). */
    public Path file() {
        return file;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int keep() {
        return keep;
    }

    public Clock clock() {
        return clock;
    }

    /** Scans reason explanations before they are written; anything it finds is replaced by its type. */
    public PrivacyScanner explanationScanner() {
        return explanationScanner;
    }

    /** The key of the HMAC chain, if any (a copy); without one the chain uses plain SHA-256. */
    public Optional<byte[]> hmacKey() {
        return Optional.ofNullable(hmacKey).map(byte[]::clone);
    }

    byte @Nullable [] hmacKeyOrNull() {
        return hmacKey;
    }

    /**
     * Where the head of the chain (last seq and hash) is written after every record, so that {@code tandem
     * audit verify} detects records cut off the end; default {@code FILE.checkpoint}. Put it on another
     * disk or host mount to keep it out of reach of whoever can write the log.
     */
    public Path checkpointFile() {
        return checkpointFile;
    }

    /** Whether the router refuses requests while records cannot be written; default false. */
    public boolean refuseWhenUnwritable() {
        return refuseWhenUnwritable;
    }

    /** Never shows the HMAC key. */
    @Override
    public String toString() {
        return "AuditConfig[file=" + file + ", maxBytes=" + maxBytes + ", keep=" + keep + ", hmac="
                + (hmacKey == null ? "none" : "***") + ", checkpoint=" + checkpointFile + ", refuseWhenUnwritable="
                + refuseWhenUnwritable + "]";
    }

    /** Builds an {@link AuditConfig}; each setter checks its value and names the valid range. */
    public static final class Builder {
        private final Path file;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private int keep = DEFAULT_KEEP;
        private Clock clock = Clock.systemUTC();
        private PrivacyScanner explanationScanner = PrivacyScanners.defaults();
        private byte @Nullable [] hmacKey;
        private @Nullable Path checkpointFile;
        private boolean refuseWhenUnwritable;

        private Builder(Path file) {
            this.file = requireNonNull(file, "file");
        }

        /** Rotate before a record would make the file larger than this; at least {@value #MIN_MAX_BYTES}. */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < MIN_MAX_BYTES) {
                throw new IllegalArgumentException(
                        "max-bytes must be at least " + MIN_MAX_BYTES + " (4 KiB), was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** How many rotated files to keep, 0 to {@value #MAX_KEEP}; older ones are deleted. */
        public Builder keep(int keep) {
            if (keep < 0 || keep > MAX_KEEP) {
                throw new IllegalArgumentException("keep must be between 0 and " + MAX_KEEP + ", was " + keep);
            }
            this.keep = keep;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public Builder explanationScanner(PrivacyScanner scanner) {
            this.explanationScanner = requireNonNull(scanner, "scanner");
            return this;
        }

        /**
         * Seals the chain with HMAC-SHA-256 under {@code key} (at least 16 bytes), so that a rewritten log
         * cannot be sealed again without it. Keep the key away from the log (a secret store); {@code tandem
         * audit verify --key-file} needs it.
         */
        public Builder hmacKey(byte[] key) {
            requireNonNull(key, "key");
            if (key.length < 16) {
                throw new IllegalArgumentException(
                        "the audit HMAC key must be at least 16 bytes, was " + key.length + " bytes");
            }
            this.hmacKey = key.clone();
            return this;
        }

        private Builder hmacKeyOrNone(byte @Nullable [] key) {
            this.hmacKey = key == null ? null : key.clone();
            return this;
        }

        /** Where the chain's head is recorded; default {@code FILE.checkpoint} next to the log. */
        public Builder checkpointFile(Path checkpointFile) {
            this.checkpointFile = requireNonNull(checkpointFile, "checkpointFile");
            return this;
        }

        /**
         * Refuse requests (with {@code AuditUnavailableException}) while the log cannot write records,
         * instead of serving them unaudited; default false.
         */
        public Builder refuseWhenUnwritable(boolean refuse) {
            this.refuseWhenUnwritable = refuse;
            return this;
        }

        public AuditConfig build() {
            return new AuditConfig(this);
        }
    }
}
