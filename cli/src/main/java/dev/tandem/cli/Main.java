package dev.tandem.cli;

import dev.tandem.cli.setup.Environment;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code tandem}; the launcher script at the repository root calls this with the JVM flags Jlama needs. */
public final class Main {

    /**
     * Helidon (under {@code serve} and {@code bench}) logs its start-up banner through java.util.logging at
     * INFO; the console keeps Tandem's own lines. A field, because java.util.logging holds loggers weakly.
     */
    private static final java.util.logging.Logger HELIDON = java.util.logging.Logger.getLogger("io.helidon");

    private Main() {}

    public static void main(String[] args) {
        HELIDON.setLevel(java.util.logging.Level.WARNING);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Console console = new Console(System.in, out, err, System.console() != null, Environment.current());
        System.exit(TandemCommand.run(console, args));
    }
}
