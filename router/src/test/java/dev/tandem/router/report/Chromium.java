package dev.tandem.router.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for tests that look at a page as a person would. Without a browser the test is
 * skipped on a developer's machine, but fails in CI (where {@code CI} is set), which installs Debian's
 * {@code chromium} package.
 */
final class Chromium {

    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars");

    private final Path binary;
    private final Path workFolder;

    private Chromium(Path binary, Path workFolder) {
        this.binary = binary;
        this.workFolder = workFolder;
    }

    /** The browser, or a skipped test (locally) / a failed one (in CI) when there is none. */
    static Chromium require(Path workFolder) {
        Optional<Path> found = find();
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (found.isEmpty()) {
            if (ci) {
                throw new AssertionError("CI is set but no chromium is installed; install it with"
                        + " `apt-get update && apt-get install -y chromium`");
            }
            Assumptions.abort("skipped: chromium is not installed (apt-get install -y chromium); CI runs this test");
        }
        return new Chromium(found.get(), workFolder);
    }

    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's scripts ran. */
    String dumpDom(Path page) throws Exception {
        return new String(run(List.of("--dump-dom", page.toUri().toString())), StandardCharsets.UTF_8);
    }

    /**
     * The DOM after the page's scripts ran, in a window of this size. Headless Chromium does not make a
     * window narrower than 500 px: to see a page at a phone's width, load it in an iframe of that width.
     */
    String dumpDom(Path page, int width, int height) throws Exception {
        return new String(
                run(List.of(
                        "--window-size=" + width + "," + height,
                        "--dump-dom",
                        page.toUri().toString())),
                StandardCharsets.UTF_8);
    }

    /** A PNG screenshot of the page at the given window size. */
    void screenshot(Path page, Path png, int width, int height) throws Exception {
        run(List.of(
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height,
                page.toUri().toString()));
        assertThat(png).exists();
    }

    private byte[] run(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + Files.createTempDirectory(workFolder, "chromium-profile"));
        command.addAll(arguments);
        Path log = Files.createTempFile(workFolder, "chromium", ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + tail(log));
        }
        return out;
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
