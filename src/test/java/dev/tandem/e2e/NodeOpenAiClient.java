package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official OpenAI Node client ({@code openai} on npm), installed once per build into {@code
 * target/e2e/node}. npm and node are required: CI has them, and {@code ./tandem test} installs them; a
 * missing npm fails the test with what to install rather than skipping it.
 */
final class NodeOpenAiClient {

    static final String VERSION = "5.23.2";
    private static final Path FOLDER = Path.of(System.getProperty("user.dir"))
            .resolve("../../target/e2e/node")
            .normalize();

    private NodeOpenAiClient() {}

    /** The folder holding {@code node_modules/openai}, installing it first if needed. */
    static synchronized Path installed() throws Exception {
        if (Files.isRegularFile(FOLDER.resolve("node_modules/openai/package.json"))) {
            return FOLDER;
        }
        Files.createDirectories(FOLDER);
        Process npm;
        try {
            npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--prefix",
                            FOLDER.toString(),
                            "openai@" + VERSION,
                            "--no-audit",
                            "--no-fund",
                            "--silent")
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "npm is not installed, and this test drives the gateway with the official OpenAI"
                            + " Node client. Install it (apt-get install -y npm), or run ./tandem test, which installs it.",
                    e);
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue())
                .as("npm install openai@" + VERSION + ": " + output)
                .isZero();
        return FOLDER;
    }

    /** Runs {@code script} (an .mjs file) with node, the client resolvable, and returns its stdout. */
    static String run(Path script, List<String> environment) throws Exception {
        Path folder = installed();
        Path copy = folder.resolve(script.getFileName());
        Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder builder =
                new ProcessBuilder("node", copy.toString()).redirectError(ProcessBuilder.Redirect.PIPE);
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Process node = builder.start();
        String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(stderr).isZero();
        return stdout;
    }
}
