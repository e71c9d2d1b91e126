package dev.tandem.cli.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Accuracy, per-class precision, recall and F1, and a confusion table, printed as Markdown. */
final class ClassificationTable {

    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final List<String> predictedLabels = new ArrayList<>();
    private int total;
    private int correct;

    void add(String truth, String predicted) {
        counts.computeIfAbsent(truth, t -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
        if (!predictedLabels.contains(predicted)) {
            predictedLabels.add(predicted);
        }
        total++;
        if (truth.equals(predicted)) {
            correct++;
        }
    }

    double accuracy() {
        return total == 0 ? 0 : correct / (double) total;
    }

    int total() {
        return total;
    }

    void print(PrintStream out, String truthName) {
        out.printf(Locale.ROOT, "accuracy %.3f (%d of %d)%n%n", accuracy(), correct, total);
        out.println("| " + truthName + " | lines | precision | recall | F1 |");
        out.println("|---|---|---|---|---|");
        for (String label : counts.keySet()) {
            int truePositive = counts.get(label).getOrDefault(label, 0);
            int actual = counts.get(label).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            int predicted = counts.values().stream()
                    .mapToInt(row -> row.getOrDefault(label, 0))
                    .sum();
            double precision = predicted == 0 ? 0 : truePositive / (double) predicted;
            double recall = actual == 0 ? 0 : truePositive / (double) actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", label, actual, precision, recall, f1);
        }
        out.println();
        List<String> columns = new ArrayList<>(new java.util.TreeSet<>(predictedLabels));
        out.println("Confusion (rows: " + truthName + ", columns: predicted):");
        out.println();
        out.println("| " + truthName + " | " + String.join(" | ", columns) + " |");
        out.println("|---|" + "---|".repeat(columns.size()));
        counts.forEach((truth, row) -> {
            StringBuilder line = new StringBuilder("| " + truth + " |");
            for (String column : columns) {
                line.append(' ').append(row.getOrDefault(column, 0)).append(" |");
            }
            out.println(line);
        });
    }
}
