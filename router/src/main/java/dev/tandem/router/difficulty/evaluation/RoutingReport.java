package dev.tandem.router.difficulty.evaluation;

import java.util.Locale;

/** Plain-text tables of a {@link RoutingEvaluation}, as the {@code eval} and {@code calibrate} commands print them. */
public final class RoutingReport {

    private RoutingReport() {}

    /** AUC, APGR and the local shares at 80% and 95% of all-remote quality, router against random. */
    public static String summary(RoutingEvaluation evaluation) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "requests %d; all-local quality %.3f, all-remote quality %.3f%n",
                evaluation.size(),
                evaluation.allLocalQuality(),
                evaluation.allRemoteQuality()));
        out.append(String.format(Locale.ROOT, "%-34s %8s %8s%n", "metric", "router", "random"));
        out.append(row("AUC (small model wrong)", evaluation.auc(), 0.5));
        out.append(row("APGR", evaluation.apgr(), evaluation.randomApgr()));
        out.append(row(
                "local share at 80% of remote",
                evaluation.localShareKeeping(0.80), evaluation.randomLocalShareKeeping(0.80)));
        out.append(row(
                "local share at 95% of remote",
                evaluation.localShareKeeping(0.95), evaluation.randomLocalShareKeeping(0.95)));
        return out.toString();
    }

    /** The quality curve at {@code steps + 1} evenly spaced local shares. */
    public static String curve(RoutingEvaluation evaluation, int steps) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%11s %9s %14s %6s %9s %14s%n",
                "local share",
                "quality",
                "vs all-remote",
                "PGR",
                "random",
                "random vs rem."));
        for (int i = 0; i <= steps; i++) {
            double share = i / (double) steps;
            double quality = evaluation.qualityAt(share);
            double random = evaluation.randomQualityAt(share);
            out.append(String.format(
                    Locale.ROOT,
                    "%10.0f%% %9.3f %13.1f%% %6.2f %9.3f %13.1f%%%n",
                    share * 100,
                    quality,
                    100 * quality / evaluation.allRemoteQuality(),
                    evaluation.pgrAt(share),
                    random,
                    100 * random / evaluation.allRemoteQuality()));
        }
        return out.toString();
    }

    private static String row(String name, double router, double random) {
        return String.format(Locale.ROOT, "%-34s %8.3f %8.3f%n", name, router, random);
    }
}
