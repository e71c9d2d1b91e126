package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The privacy half of an assessment: the overall sensitivity and every finding, in message order. */
public record PrivacyAssessment(Sensitivity sensitivity, List<PrivacyFinding> findings) {

    public PrivacyAssessment {
        requireNonNull(sensitivity, "sensitivity");
        findings = List.copyOf(findings);
    }

    public static PrivacyAssessment none() {
        return new PrivacyAssessment(Sensitivity.NONE, List.of());
    }

    /** How many entities of each type were found, sorted by type name. */
    public Map<EntityType, Integer> countsByType() {
        Map<EntityType, Integer> counts = new TreeMap<>();
        findings.forEach(finding -> counts.merge(finding.type(), 1, Integer::sum));
        return counts;
    }

    public Set<EntityType> types() {
        Set<EntityType> types = new TreeSet<>();
        findings.forEach(finding -> types.add(finding.type()));
        return types;
    }
}
