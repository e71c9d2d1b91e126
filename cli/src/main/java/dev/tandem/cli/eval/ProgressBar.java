package dev.tandem.cli.eval;

import dev.tandem.router.difficulty.calibration.CalibrationProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long run on stderr: one line redrawn in place on a terminal, a line per tenth
 * otherwise (so logs stay short).
 */
public final class ProgressBar implements CalibrationProgress {

    private final PrintStream err;
    private final boolean interactive;
    private String stage = "";
    private int lastTenth = -1;
    private boolean drawn;

    public ProgressBar(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void update(String stage, int done, int total) {
        if (!stage.equals(this.stage)) {
            if (drawn && interactive) {
                err.println();
            }
            this.stage = stage;
            lastTenth = -1;
        }
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (interactive) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            err.printf(
                    Locale.ROOT,
                    "\r%-18s [%s%s] %d/%d",
                    stage,
                    "#".repeat(filled),
                    " ".repeat(width - filled),
                    done,
                    total);
            drawn = true;
        } else if (tenth != lastTenth) {
            err.printf(Locale.ROOT, "%s: %d/%d%n", stage, done, total);
        }
        lastTenth = tenth;
    }

    /** Ends the redrawn line. */
    public void done() {
        if (drawn && interactive) {
            err.println();
        }
        drawn = false;
    }
}
