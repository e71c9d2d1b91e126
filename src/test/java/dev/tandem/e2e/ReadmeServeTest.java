package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code tandem serve} examples, run as written against {@code ./tandem serve} through the
 * launcher (on a free port instead of 8080, offline, on the forged model): the curl command and the
 * OpenAI Node client snippet both get an answer.
 */
class ReadmeServeTest {

    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theReadmeCurlAndOpenAiClientExamplesGetAnswers() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String bash = block(readme, "bash", "tandem serve");
        String js = block(readme, "js", "new OpenAI");
        String curl =
                bash.lines().dropWhile(line -> !line.startsWith("curl")).reduce("", (all, line) -> all + line + "\n");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("tandem").toString(), "serve", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TANDEM_CACHE_DIR", work.toString());
        builder.environment().remove("OPENAI_BASE_URL");
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("TANDEM_LOCAL_MODEL");
        Process serve = builder.start();
        try {
            String port = port(serve);

            String curlOutput = run(List.of("bash", "-c", curl.replace("8080", port)));
            Path script = Files.writeString(work.resolve("readme-example.mjs"), js.replace("8080", port));
            String nodeOutput = NodeOpenAiClient.run(script, List.of());

            JsonNode answer = JSON.readTree(curlOutput);
            assertThat(answer.at("/choices/0/message/content").asText()).isNotEmpty();
            assertThat(answer.at("/tandem/tier").asText()).isEqualTo("local");
            assertThat(nodeOutput.strip()).endsWith(" local");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String port(Process serve) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v1");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("tandem serve stopped before saying where it listens");
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return stdout;
    }

    /** The first fenced block of {@code language} that contains {@code marker}. */
    private static String block(String markdown, String language, String marker) {
        Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(markdown);
        while (matcher.find()) {
            if (matcher.group(1).contains(marker)) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("README.md has no ```" + language + " block with " + marker);
    }
}
