package dev.tandem.privacy.evaluation;

import dev.tandem.core.assessment.EntityType;
import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link PrivacyEvaluation}: per-type span metrics, their micro-average, and the
 * request-level rates. Holds counts only, never text.
 *
 * @param texts how many texts were scanned
 * @param perType one row per type seen in the gold or detected spans, sorted by type name
 * @param overall the micro-average over every type
 * @param textsWithDirectIdentifier texts with at least one gold span of level high or restricted
 * @param leakedTexts of those, texts where some letter or digit of such a span is not covered by a
 *     detected high or restricted span, so it would leave unredacted under privacy-first
 * @param textsWithoutDirectIdentifier texts with no gold high or restricted span
 * @param falseAlarmTexts of those, texts where the scan reports a high or restricted span
 */
public record PrivacyEvaluationReport(
        int texts,
        List<TypeMetrics> perType,
        TypeMetrics overall,
        int textsWithDirectIdentifier,
        int leakedTexts,
        int textsWithoutDirectIdentifier,
        int falseAlarmTexts,
        SpanMatching matching) {

    public PrivacyEvaluationReport {
        perType = List.copyOf(perType);
    }

    /** Leaked texts over texts with a direct identifier; 0 when there are none. */
    public double leakRate() {
        return textsWithDirectIdentifier == 0 ? 0.0 : leakedTexts / (double) textsWithDirectIdentifier;
    }

    /** False-alarm texts over texts without a direct identifier; 0 when there are none. */
    public double falseAlarmRate() {
        return textsWithoutDirectIdentifier == 0 ? 0.0 : falseAlarmTexts / (double) textsWithoutDirectIdentifier;
    }

    /** The metrics of one type, or an all-zero row when the type never occurred. */
    public TypeMetrics metrics(EntityType type) {
        return perType.stream()
                .filter(row -> row.type().equals(type))
                .findFirst()
                .orElse(new TypeMetrics(type, 0, 0, 0));
    }

    /** A plain-text table for terminals and docs. */
    public String renderTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-16s %6s %6s %6s %6s %6s %9s %6s %6s%n",
                "type",
                "gold",
                "found",
                "tp",
                "fp",
                "fn",
                "precision",
                "recall",
                "f1"));
        for (TypeMetrics row : perType) {
            appendRow(out, row.type().name(), row);
        }
        appendRow(out, "ALL (micro)", overall);
        out.append(
                String.format(Locale.ROOT, "%nmatching: %s%n", matching.name().toLowerCase(Locale.ROOT)));
        out.append(String.format(
                Locale.ROOT,
                "texts: %d; leak rate: %.2f%% (%d of %d texts with a direct identifier); "
                        + "false alarms: %.2f%% (%d of %d texts without one)%n",
                texts,
                100 * leakRate(),
                leakedTexts,
                textsWithDirectIdentifier,
                100 * falseAlarmRate(),
                falseAlarmTexts,
                textsWithoutDirectIdentifier));
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String name, TypeMetrics row) {
        out.append(String.format(
                Locale.ROOT,
                "%-16s %6d %6d %6d %6d %6d %9.3f %6.3f %6.3f%n",
                name,
                row.gold(),
                row.detected(),
                row.truePositives(),
                row.falsePositives(),
                row.falseNegatives(),
                row.precision(),
                row.recall(),
                row.f1()));
    }
}
