package dev.tandem.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The audit log could not do its job: a record could not be written ({@link Kind#WRITE}; that request's
 * record is lost), or a full file could not be rotated ({@link Kind#ROTATION}; records go on into the
 * live file past its size limit). It belongs to no request. Carries the error's type, never its message
 * (which may quote a path or content).
 *
 * @param file the audit log's live file
 * @param kind what failed
 * @param errorType the simple class name of the I/O error, such as {@code FileSystemException}
 */
public record AuditFailureEvent(Instant timestamp, String file, Kind kind, String errorType) {

    public AuditFailureEvent {
        requireNonNull(timestamp, "timestamp");
        requireNonNull(file, "file");
        requireNonNull(kind, "kind");
        requireNonNull(errorType, "errorType");
    }

    /** What the audit log failed to do. */
    public enum Kind {
        /** Appending a record (or reopening the file for it) failed. */
        WRITE,
        /** Moving the full file aside failed; the live file keeps growing. */
        ROTATION
    }
}
