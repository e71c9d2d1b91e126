package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise, through the real launcher script: {@code echo '{"id":"1","prompt":"hi"}' |
 * ./tandem chat --batch} prints exactly one result line. The CLI jar was built earlier in this same
 * reactor build, so the launcher runs it without building.
 */
class LauncherTest {

    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

    @TempDir
    Path cache;

    @Test
    void batchChatThroughTheLauncherPrintsExactlyOneResultLine() throws Exception {
        Path launcher = ROOT.resolve("tandem");
        assertThat(launcher).isExecutable();
        assertThat(ROOT.resolve("cli/target/tandem-cli.jar")).exists();
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "chat", "--batch")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TANDEM_CACHE_DIR", cache.toString());
        builder.environment().remove("OPENAI_BASE_URL");
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("TANDEM_LOCAL_MODEL");

        Process process = builder.start();
        process.getOutputStream().write("{\"id\":\"1\",\"prompt\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> lines = stdout.lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode result = new ObjectMapper().readTree(lines.get(0));
        assertThat(result.get("id").asText()).isEqualTo("1");
        assertThat(result.get("tier").asText()).isEqualTo("local");
        assertThat(Files.exists(cache.resolve("models/forged-qwen2-tiny/config.json")))
                .isTrue();
    }

    @Test
    void interactiveChatPrintsNoThirdPartyWarnings() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(ROOT.resolve("tandem").toString(), "chat").redirectErrorStream(true);
        offline(builder);

        Process process = builder.start();
        process.getOutputStream().write("hi\n/quit\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String console = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(console).contains("tandem> ", "[local · local · forged-qwen2-tiny");
        assertThat(console).doesNotContain("CudaUtils", "GPU count", "sun.misc.Unsafe", "incubator modules", "WARN");
    }

    @Test
    void testCommandSaysExactlyWhatToInstallWhenNotRootAndProgramsAreMissing() throws Exception {
        Path bin = pathWithout(Set.of("redis-server", "chromium", "chromedriver", "npm"));
        script(bin.resolve("id"), "echo 1000");

        Result result = runTestCommand(bin);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("these are missing: redis-server chromium chromium-driver npm")
                .contains("sudo apt-get install -y --no-install-recommends redis-server chromium chromium-driver npm");
    }

    @Test
    void testCommandInstallsMissingProgramsThroughAptAsRoot() throws Exception {
        Path bin = pathWithout(Set.of("redis-server", "chromedriver"));
        Path calls = cache.resolve("apt-calls");
        script(bin.resolve("id"), "echo 0");
        // Records the call and fails, so that the launcher stops before running the suite itself.
        script(bin.resolve("apt-get"), "echo \"$*\" >> '" + calls + "'; [ \"$1\" = update ]");

        Result result = runTestCommand(bin);

        assertThat(Files.readAllLines(calls))
                .containsExactly("update -qq", "install -y -qq --no-install-recommends redis-server chromium-driver");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("installing redis-server chromium-driver")
                .contains("could not install redis-server chromium-driver with apt-get");
    }

    private record Result(int exitCode, String stderr) {}

    private Result runTestCommand(Path bin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("tandem").toString(), "test")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", bin.toString());
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stderr);
    }

    /** A PATH folder that links every program of this machine's PATH except {@code hidden}. */
    private Path pathWithout(Set<String> hidden) throws Exception {
        Path bin = Files.createDirectories(cache.resolve("bin"));
        List<String> folders = new ArrayList<>(List.of(System.getenv("PATH").split(":")));
        for (String folder : folders) {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var programs = Files.list(dir)) {
                for (Path program : programs.toList()) {
                    String name = program.getFileName().toString();
                    Path link = bin.resolve(name);
                    if (!hidden.contains(name) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin;
    }

    private static void script(Path file, String body) throws Exception {
        Files.deleteIfExists(file);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void offline(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TANDEM_CACHE_DIR", cache.toString());
        builder.environment().remove("OPENAI_BASE_URL");
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("TANDEM_LOCAL_MODEL");
        // Nothing listens there: the chat's first run finds the hub silent and forges the demo model.
        builder.environment().put("HF_ENDPOINT", "http://127.0.0.1:9");
    }
}
