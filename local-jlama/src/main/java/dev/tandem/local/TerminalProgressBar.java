package dev.tandem.local;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A {@link ProgressListener} that draws progress on a terminal, normally standard error.
 *
 * <p>On a terminal ({@code interactive} true) it redraws one line in place with {@code \r}, at most ten
 * times a second:
 *
 * <pre>
 * Downloading Qwen/Qwen2.5-0.5B-Instruct
 * [##########----------]  48%  236.1 MiB / 494.0 MiB  21.3 MiB/s  model.safetensors
 * </pre>
 *
 * When output goes to a file or pipe it prints a plain line every 10% or every 5 seconds instead, so logs
 * stay readable. Units are bytes. Not thread-safe: one task at a time.
 */
public final class TerminalProgressBar implements ProgressListener {

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private long total;
    private long startDone;
    private long startNanos;
    private long lastDrawNanos;
    private int lastDecile = -1;
    private long done;

    private TerminalProgressBar(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        this.out = requireNonNull(out, "out");
        this.interactive = interactive;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    /** A bar on {@code out}; {@code interactive} says whether {@code out} is a terminal. */
    public static TerminalProgressBar to(PrintStream out, boolean interactive) {
        return new TerminalProgressBar(out, interactive, System::nanoTime);
    }

    /** As {@link #to(PrintStream, boolean)} with a clock of your own, for tests. */
    static TerminalProgressBar to(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        return new TerminalProgressBar(out, interactive, nanoTime);
    }

    @Override
    public void started(String task, long total, long done) {
        this.total = total;
        this.startDone = done;
        this.done = done;
        this.startNanos = nanoTime.getAsLong();
        this.lastDrawNanos = Long.MIN_VALUE / 2;
        this.lastDecile = -1;
        out.println(task + (done > 0 ? " (resuming at " + LocalModelMemory.human(done) + ")" : ""));
    }

    @Override
    public void progressed(long done, String detail) {
        this.done = done;
        long now = nanoTime.getAsLong();
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                out.print("\r" + line(detail, now) + "\u001B[K");
                out.flush();
            }
            return;
        }
        int decile = total > 0 ? (int) (done * 10 / total) : -1;
        if (decile != lastDecile || now - lastDrawNanos >= LINE_NANOS) {
            lastDecile = decile;
            lastDrawNanos = now;
            out.println(line(detail, now));
        }
    }

    @Override
    public void finished(String summary) {
        if (interactive) {
            out.print("\r" + line("", nanoTime.getAsLong()) + "\u001B[K\n");
        }
        out.println(summary);
    }

    String line(String detail, long now) {
        StringBuilder line = new StringBuilder();
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            line.append('[')
                    .append("#".repeat(filled))
                    .append("-".repeat(WIDTH - filled))
                    .append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", done * 100 / total))
                    .append("  ")
                    .append(LocalModelMemory.human(done))
                    .append(" / ")
                    .append(LocalModelMemory.human(total));
        } else {
            line.append(LocalModelMemory.human(done));
        }
        double seconds = (now - startNanos) / 1e9;
        if (seconds > 0.05) {
            line.append("  ")
                    .append(LocalModelMemory.human((long) ((done - startDone) / seconds)))
                    .append("/s");
        }
        if (!detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        return line.toString();
    }
}
