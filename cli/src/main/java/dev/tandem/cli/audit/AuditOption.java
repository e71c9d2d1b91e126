package dev.tandem.cli.audit;

import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditLog;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --audit FILE} option, shared by every command that routes requests (chat in its batch and
 * interactive modes, and later the web mode): each routed request appends one record to the audit log.
 */
public final class AuditOption {

    @Option(
            names = "--audit",
            paramLabel = "FILE",
            description = "Append a tamper-evident audit record per request to FILE (JSON Lines; no content,"
                    + " only types, counts, rule names and salted hashes). Check it with `tandem audit verify FILE`.")
    private @Nullable Path file;

    @Option(
            names = "--audit-max-bytes",
            paramLabel = "BYTES",
            description = "Rotate the audit file before it passes BYTES (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + AuditConfig.DEFAULT_MAX_BYTES)
    private long maxBytes = AuditConfig.DEFAULT_MAX_BYTES;

    @Option(
            names = "--audit-keep",
            paramLabel = "N",
            description = "Keep N rotated audit files (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + AuditConfig.DEFAULT_KEEP)
    private int keep = AuditConfig.DEFAULT_KEEP;

    /** The opened log when {@code --audit} was given; the caller closes it. */
    public Optional<AuditLog> open() {
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuditLog.open(
                    AuditConfig.custom(file).maxBytes(maxBytes).keep(keep).build()));
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException("--audit " + file + ": " + e.getMessage(), e);
        }
    }
}
