package dev.tandem.router.audit;

import java.time.Instant;
import java.util.List;

/**
 * What {@link AuditReader#readTolerant} could read from an audit log: the request records, the policy
 * changes the log recorded, and where it skipped lines it could not read.
 *
 * @param entries request records, in file order
 * @param policyChanges policies the router switched to while the log was open, in file order
 * @param skipped one line per unreadable record, {@code file:line: why} (never the line's content)
 */
public record AuditRecords(List<AuditEntry> entries, List<PolicyChange> policyChanges, List<String> skipped) {

    public AuditRecords {
        entries = List.copyOf(entries);
        policyChanges = List.copyOf(policyChanges);
        skipped = List.copyOf(skipped);
    }

    /** A policy the router started using at {@code time}: its name and how many rules it has. */
    public record PolicyChange(Instant time, String policy, int rules) {}
}
