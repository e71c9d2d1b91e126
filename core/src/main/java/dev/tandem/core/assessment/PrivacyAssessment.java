package dev.tandem.core.assessment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The privacy half of an assessment: the overall sensitivity, every finding in message order, what could
 * not be scanned, and whether the scanner failed.
 *
 * <p>{@code unscannable} names each part that is not text (an image, audio, a PDF, provider-specific
 * parameters) by kind and position, such as {@code "message 1: image"}, never by content. {@code
 * scannerFailure} is set when the privacy scanner could not run; it names the failure's type only. In
 * both cases the findings do not cover everything that would leave the machine, and the policy's
 * {@code unscannable-content} and {@code fail-closed} settings say what the decide stage does.
 */
public record PrivacyAssessment(
        Sensitivity sensitivity,
        List<PrivacyFinding> findings,
        List<String> unscannable,
        Optional<String> scannerFailure) {

    public PrivacyAssessment {
        requireNonNull(sensitivity, "sensitivity");
        findings = List.copyOf(findings);
        unscannable = List.copyOf(unscannable);
        requireNonNull(scannerFailure, "scannerFailure");
    }

    /** An assessment of a request that was scanned whole. */
    public PrivacyAssessment(Sensitivity sensitivity, List<PrivacyFinding> findings) {
        this(sensitivity, findings, List.of(), Optional.empty());
    }

    /** True when part of the request was not scanned: unscannable content or a failed scanner. */
    public boolean incomplete() {
        return !unscannable.isEmpty() || scannerFailure.isPresent();
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
