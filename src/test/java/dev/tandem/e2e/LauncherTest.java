package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
