package dev.tandem.cli.eval;

import dev.tandem.cli.eval.PrivacyEvalCommand.SplitResult;
import dev.tandem.cli.eval.PrivacyEvalCommand.SystemResult;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.evaluation.PrivacyEvaluationReport;
import dev.tandem.privacy.evaluation.ScoredTypes;
import dev.tandem.privacy.evaluation.TypeMetrics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The tables of {@code tandem eval privacy}: Markdown for the terminal and docs, and a JSON tree. */
final class PrivacyEvalTables {

    /** The pooled English test row (WNUT-17 test + GUM test), where the targets are set. */
    static final String ENGLISH_TEST = "en.test (wnut17+gum)";

    private PrivacyEvalTables() {}

    static String markdown(List<SplitResult> results) {
        Set<String> systems = systems(results);
        StringBuilder out = new StringBuilder();
        out.append("Span metrics: P, R and F1 with partial matching (same type, overlap >= half the longer span);"
                + " F1x with exact matching (same offsets).\n\n");
        out.append("| split | type | gold |");
        for (String system : systems) {
            out.append(String.format(Locale.ROOT, " %s P | R | F1 | F1x |", system));
        }
        out.append("\n|---|---|---:|");
        out.append("---:|---:|---:|---:|".repeat(systems.size()));
        out.append('\n');
        for (SplitResult result : results) {
            SystemResult tandem = result.systems().get(PrivacyEvalCommand.TANDEM);
            for (EntityType type : ScoredTypes.TYPES) {
                int gold = tandem.partialOf(type).gold();
                if (gold == 0) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %s | %s | %d |", result.split(), type.name(), gold));
                for (String system : systems) {
                    SystemResult row = result.systems().get(system);
                    if (row == null) {
                        out.append(" – | – | – | – |");
                        continue;
                    }
                    TypeMetrics partial = row.partialOf(type);
                    // Precision over no detections is undefined; TypeMetrics calls it 1, the table shows a dash.
                    out.append(String.format(
                            Locale.ROOT,
                            " %s | %.3f | %.3f | %.3f |",
                            partial.detected() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", partial.precision()),
                            partial.recall(),
                            partial.f1(),
                            row.exactOf(type).f1()));
                }
                out.append('\n');
            }
        }
        out.append("\nLeak rate: texts with a gold PERSON, ADDRESS, EMAIL or PHONE where a letter or digit of one is"
                + " not covered by a detected high or restricted span. False alarms: texts without one where a high"
                + " or restricted span is detected.\n\n");
        out.append("| split | texts | with a direct identifier |");
        for (String system : systems) {
            out.append(String.format(Locale.ROOT, " %s leak | false alarms |", system));
        }
        out.append("\n|---|---:|---:|");
        out.append("---:|---:|".repeat(systems.size()));
        out.append('\n');
        for (SplitResult result : results) {
            PrivacyEvaluationReport tandem =
                    result.systems().get(PrivacyEvalCommand.TANDEM).partial();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d |",
                    result.split(),
                    result.texts(),
                    tandem.textsWithDirectIdentifier()));
            for (String system : systems) {
                SystemResult row = result.systems().get(system);
                if (row == null) {
                    out.append(" – | – |");
                    continue;
                }
                PrivacyEvaluationReport report = row.partial();
                out.append(String.format(
                        Locale.ROOT,
                        " %s | %s |",
                        report.textsWithDirectIdentifier() == 0
                                ? "–"
                                : String.format(Locale.ROOT, "%.3f", report.leakRate()),
                        report.textsWithoutDirectIdentifier() == 0
                                ? "–"
                                : String.format(Locale.ROOT, "%.3f", report.falseAlarmRate())));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static Map<String, Object> json(List<SplitResult> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("partial_matching", "same type, overlap of at least half the longer span");
        root.put("exact_matching", "same type and offsets");
        Map<String, Object> splits = new LinkedHashMap<>();
        for (SplitResult result : results) {
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("texts", result.texts());
            Map<String, Object> systems = new LinkedHashMap<>();
            for (Map.Entry<String, SystemResult> system : result.systems().entrySet()) {
                PrivacyEvaluationReport partial = system.getValue().partial();
                Map<String, Object> figures = new LinkedHashMap<>();
                Map<String, Object> types = new LinkedHashMap<>();
                for (EntityType type : ScoredTypes.TYPES) {
                    TypeMetrics row = system.getValue().partialOf(type);
                    TypeMetrics exact = system.getValue().exactOf(type);
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    metrics.put("gold", row.gold());
                    metrics.put("detected", row.detected());
                    metrics.put("true_positives", row.truePositives());
                    metrics.put("precision", row.precision());
                    metrics.put("recall", row.recall());
                    metrics.put("f1", row.f1());
                    metrics.put("exact_precision", exact.precision());
                    metrics.put("exact_recall", exact.recall());
                    metrics.put("exact_f1", exact.f1());
                    types.put(type.name(), metrics);
                }
                figures.put("types", types);
                figures.put("texts_with_direct_identifier", partial.textsWithDirectIdentifier());
                figures.put("leaked_texts", partial.leakedTexts());
                figures.put("leak_rate", partial.leakRate());
                figures.put("texts_without_direct_identifier", partial.textsWithoutDirectIdentifier());
                figures.put("false_alarm_texts", partial.falseAlarmTexts());
                figures.put("false_alarm_rate", partial.falseAlarmRate());
                systems.put(system.getKey(), figures);
            }
            split.put("systems", systems);
            splits.put(result.split(), split);
        }
        root.put("splits", splits);
        return root;
    }

    private static Set<String> systems(List<SplitResult> results) {
        Set<String> systems = new LinkedHashSet<>();
        for (SplitResult result : results) {
            systems.addAll(result.systems().keySet());
        }
        return systems;
    }
}
