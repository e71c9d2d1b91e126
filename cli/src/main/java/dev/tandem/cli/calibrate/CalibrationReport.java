package dev.tandem.cli.calibrate;

import dev.tandem.router.difficulty.calibration.CalibrationResult;
import dev.tandem.router.difficulty.calibration.CandidateResult;
import dev.tandem.router.difficulty.calibration.GroupComparison;
import dev.tandem.router.difficulty.evaluation.RoutingEvaluation;
import java.util.List;
import java.util.Locale;

/** The tables {@code tandem calibrate} prints: every candidate against length only and random, and the groups. */
final class CalibrationReport {

    private CalibrationReport() {}

    static String candidates(CalibrationResult result) {
        StringBuilder text = new StringBuilder();
        boolean bySource =
                result.candidates().stream().anyMatch(c -> c.sourceFolds().isPresent());
        text.append("candidates, cross-validated (random folds")
                .append(bySource ? "; and leaving whole sources out" : "")
                .append("):\n");
        text.append(String.format(
                Locale.ROOT,
                "  %-40s %7s %7s %9s %9s%s%n",
                "model",
                "AUC",
                "APGR",
                "local@80%",
                "local@95%",
                bySource ? String.format(Locale.ROOT, " | %7s %7s %9s", "AUC", "APGR", "local@95%") : ""));
        for (CandidateResult candidate : result.candidates()) {
            text.append(row(
                    (candidate.candidate() == result.chosen() ? "* " : "")
                            + candidate.candidate().description(),
                    candidate));
        }
        RoutingEvaluation any = result.candidates().get(0).randomFolds();
        text.append(String.format(
                Locale.ROOT,
                "  %-40s %7.3f %7.3f %9.3f %9.3f%s%n",
                "random router",
                0.5,
                any.randomApgr(),
                any.randomLocalShareKeeping(0.80),
                any.randomLocalShareKeeping(0.95),
                bySource
                        ? String.format(
                                Locale.ROOT,
                                " | %7.3f %7.3f %9.3f",
                                0.5,
                                any.randomApgr(),
                                any.randomLocalShareKeeping(0.95))
                        : ""));
        return text.toString();
    }

    static String signals(CalibrationResult result) {
        StringBuilder text = new StringBuilder("each signal alone (higher goes remote first):\n");
        text.append(String.format(Locale.ROOT, "  %-28s %7s %7s%n", "signal", "AUC", "APGR"));
        result.signals()
                .forEach((name, alone) -> text.append(
                        String.format(Locale.ROOT, "  %-28s %7.3f %7.3f%n", name, alone.auc(), alone.apgr())));
        return text.toString();
    }

    static String groups(CalibrationResult result) {
        StringBuilder text = new StringBuilder();
        for (GroupComparison kind : result.kinds()) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %-40s %5d lines: APGR %.3f, length only %.3f%s%n",
                    kind.group(),
                    kind.lines(),
                    kind.chosenApgr(),
                    kind.lengthApgr(),
                    kind.losesToLength() ? " -> length only" : ""));
        }
        List<String> lengthOnly = result.calibration().segments().keySet().stream()
                .map(kind -> kind.id())
                .toList();
        if (!lengthOnly.isEmpty()) {
            text.append("  scored by length only (lost to it on held-out folds, rare in the data, or named by"
                            + " --length-only): ")
                    .append(String.join(", ", lengthOnly))
                    .append('\n');
        }
        List<GroupComparison> losing =
                result.sources().stream().filter(GroupComparison::losesToLength).toList();
        if (!result.sources().isEmpty()) {
            text.append(String.format(
                    Locale.ROOT,
                    "  sources where the chosen model loses to length only on held-out folds: %d of %d%n",
                    losing.size(),
                    result.sources().size()));
            for (GroupComparison source : losing) {
                text.append(String.format(
                        Locale.ROOT,
                        "    %-38s %5d lines: APGR %.3f, length only %.3f%n",
                        source.group(),
                        source.lines(),
                        source.chosenApgr(),
                        source.lengthApgr()));
            }
        }
        return text.toString();
    }

    private static String row(String name, CandidateResult candidate) {
        RoutingEvaluation random = candidate.randomFolds();
        return String.format(
                Locale.ROOT,
                "  %-40s %7.3f %7.3f %9.3f %9.3f%s%n",
                name,
                random.auc(),
                random.apgr(),
                random.localShareKeeping(0.80),
                random.localShareKeeping(0.95),
                candidate
                        .sourceFolds()
                        .map(bySource -> String.format(
                                Locale.ROOT,
                                " | %7.3f %7.3f %9.3f",
                                bySource.auc(),
                                bySource.apgr(),
                                bySource.localShareKeeping(0.95)))
                        .orElse(""));
    }
}
