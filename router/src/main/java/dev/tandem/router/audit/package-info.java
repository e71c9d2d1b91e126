/**
 * The privacy audit log: one JSON line per routed request with the decision, the tier that served it,
 * the reasons, entity types and counts, and salted hashes instead of content; each line carries the hash
 * of the line before it, so that altered, removed or reordered records are detected by {@link
 * dev.tandem.router.audit.AuditVerifier}. Files rotate by size and the chain continues across them.
 */
@NullMarked
package dev.tandem.router.audit;

import org.jspecify.annotations.NullMarked;
