package dev.tandem.spring;

import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalModels;
import dev.tandem.policy.TierDeclaration;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per tier the policy declares. It never calls a model: a tier is UP when its last
 * attempt succeeded, DOWN when it failed, and UNKNOWN before its first attempt (a local model not yet
 * loaded, or a remote tier not yet called) or when a declared remote tier is not configured (offline).
 * With an audit log, an {@code audit-log} indicator is DOWN while records cannot be written or the last
 * rotation failed, UP otherwise.
 */
final class TandemHealth {

    private TandemHealth() {}

    static CompositeHealthContributor of(
            TandemRouter router, @Nullable LocalModels localModels, TierActivity activity) {
        Map<String, HealthIndicator> tiers = new LinkedHashMap<>();
        for (TierDeclaration declared : router.policy().tiers().values()) {
            String name = declared.name();
            Tier tier = router.tiers().get(name);
            tiers.put(name, () -> health(name, declared.locality(), tier, localModels, activity));
        }
        if (!router.auditLogs().isEmpty()) {
            tiers.put("audit-log", () -> auditHealth(router.auditLogs()));
        }
        return CompositeHealthContributor.fromMap(tiers);
    }

    private static Health auditHealth(java.util.List<AuditLog> audits) {
        boolean down = false;
        Health.Builder health = Health.up();
        for (AuditLog audit : audits) {
            AuditLog.Status status = audit.status();
            String file = audit.config().file().toString();
            health.withDetail(
                    file,
                    Map.of(
                            "writable", status.writable(),
                            "rotationFailing", status.rotationFailing(),
                            "failures", status.failures()));
            down |= !status.writable() || status.rotationFailing();
        }
        return down ? health.down().build() : health.build();
    }

    private static Health health(
            String name, Locality locality, Tier tier, @Nullable LocalModels localModels, TierActivity activity) {
        Health.Builder health = Health.unknown().withDetail("locality", locality.wireName());
        if (tier == null) {
            return health.withDetail("configured", false)
                    .withDetail("note", "not configured: requests that would go here stay local (offline mode)")
                    .build();
        }
        health.withDetail("model", tier.modelName());
        if (tier.locality() == Locality.LOCAL
                && localModels != null
                && localModels.names().contains(name)) {
            health.withDetail("loaded", localModels.loaded(name).isPresent());
        }
        Optional<TierActivity.LastAttempt> last = activity.lastAttempt(name);
        if (last.isEmpty()) {
            return health.withDetail("lastAttempt", "none yet").build();
        }
        TierActivity.LastAttempt attempt = last.get();
        health.withDetail("lastAttempt", attempt.status().wireName()).withDetail("lastAttemptAt", attempt.at());
        attempt.failureType().ifPresent(type -> health.withDetail("lastError", type));
        return switch (attempt.status()) {
            case SUCCEEDED -> health.up().build();
            case FAILED -> health.down().build();
            case SKIPPED -> health.build();
        };
    }
}
