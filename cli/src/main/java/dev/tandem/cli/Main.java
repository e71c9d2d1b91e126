package dev.tandem.cli;

import dev.tandem.cli.setup.Environment;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code tandem}; the launcher script at the repository root calls this with the JVM flags Jlama needs. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Console console = new Console(System.in, out, err, System.console() != null, Environment.current());
        System.exit(TandemCommand.run(console, args));
    }
}
