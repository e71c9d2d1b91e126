package dev.tandem.router.audit;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.policy.AuditSettings;
import dev.tandem.privacy.PrivacyScanners;
import java.nio.file.Path;
import java.time.Clock;

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

    private AuditConfig(Builder builder) {
        this.file = builder.file;
        this.maxBytes = builder.maxBytes;
        this.keep = builder.keep;
        this.clock = builder.clock;
        this.explanationScanner = builder.explanationScanner;
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
                .explanationScanner(base.explanationScanner);
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

    @Override
    public String toString() {
        return "AuditConfig[file=" + file + ", maxBytes=" + maxBytes + ", keep=" + keep + "]";
    }

    /** Builds an {@link AuditConfig}; each setter checks its value and names the valid range. */
    public static final class Builder {
        private final Path file;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private int keep = DEFAULT_KEEP;
        private Clock clock = Clock.systemUTC();
        private PrivacyScanner explanationScanner = PrivacyScanners.defaults();

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

        public AuditConfig build() {
            return new AuditConfig(this);
        }
    }
}
