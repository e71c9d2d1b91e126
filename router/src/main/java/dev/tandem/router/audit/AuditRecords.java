package dev.tandem.router.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditReader#readTolerant} could read from an audit log: the request records, the policy
 * changes the log recorded, and where it skipped lines it could not read.
 *
 * @param entries request records, in file order
 * @param policyChanges policies the router switched to while the log was open, in file order
 * @param shadowCalls copies of locally answered requests that shadow mode sent to a remote tier, in file order
 * @param skipped one line per unreadable record, {@code file:line: why} (never the line's content)
 */
public record AuditRecords(
        List<AuditEntry> entries,
        List<PolicyChange> policyChanges,
        List<ShadowCall> shadowCalls,
        List<String> skipped) {

    public AuditRecords {
        entries = List.copyOf(entries);
        policyChanges = List.copyOf(policyChanges);
        shadowCalls = List.copyOf(shadowCalls);
        skipped = List.copyOf(skipped);
    }

    /**
     * One call that shadow mode ({@code learning.shadow}) made off the caller's path: a request already
     * answered locally, sent again to a remote tier to compare answers ({@code purpose} {@code shadow}), or
     * the comparison sent to a judge tier ({@code judge}). {@code agreed} is the verdict, when one came.
     */
    public record ShadowCall(
            Instant time,
            String requestId,
            Optional<String> tenant,
            String purpose,
            String tier,
            Optional<String> model,
            boolean answered,
            Optional<Boolean> agreed) {}

    /** A policy the router started using at {@code time}: its name, its rule count and the difficulty calibration it brings. */
    public record PolicyChange(Instant time, String policy, int rules, String calibration) {}
}
