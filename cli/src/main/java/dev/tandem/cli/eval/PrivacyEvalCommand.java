package dev.tandem.cli.eval;

import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.SensitivityLevels;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import dev.tandem.privacy.evaluation.PrivacyEvaluationReport;
import dev.tandem.privacy.evaluation.SpanMatching;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tandem eval privacy FILE.jsonl}: how well the privacy scan finds labelled entities. */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = {
            "Scan labelled texts with the built-in recognizers and report per-type precision, recall and F1 at",
            "span level, the request-level leak rate (texts with a direct identifier that would leave unredacted",
            "under privacy-first) and the false-alarm rate.",
            "Input lines: {\"text\": \"...\", \"spans\": [{\"type\": \"EMAIL\", \"start\": 0, \"end\": 12}]},"
                    + " offsets as UTF-16 indices."
        })
public final class PrivacyEvalCommand implements Runnable {

    @ParentCommand
    private EvalCommand parent;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Labelled texts.")
    private Path data;

    @Option(
            names = "--matching",
            defaultValue = "HALF_OVERLAP",
            paramLabel = "MODE",
            description =
                    "How a found span matches a labelled one: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private SpanMatching matching;

    @Override
    public void run() {
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("no such file: " + data);
        }
        PrivacyEvaluationReport report = PrivacyEvaluation.of(
                        PrivacyScanners.defaults(), SensitivityLevels.ofDefaults(), matching)
                .evaluate(data);
        parent.console().out().print(report.renderTable());
    }
}
