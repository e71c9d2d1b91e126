package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlamaRuntimeTest {

    @TempDir
    Path temp;

    @Test
    void aThreadCountOutsideTheCoresIsRejected() {
        int cores = Runtime.getRuntime().availableProcessors();

        assertThatThrownBy(() -> JlamaRuntime.configureThreads(0))
                .hasMessage(
                        "The Jlama thread count must be between 1 and " + cores + " (the available processors), was 0");
    }

    @Test
    void theThreadCountIsSetBeforeTheFirstModelAndCannotChange() {
        try (JlamaLocalModel model = JlamaLocalModel.builder()
                .modelDirectory(ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), temp))
                .build()) {
            int threads = JlamaRuntime.threads();

            assertThat(threads).isBetween(1, Runtime.getRuntime().availableProcessors());
            assertThat(com.github.tjake.jlama.util.PhysicalCoreExecutor.instance
                            .get()
                            .getCoreCount())
                    .isEqualTo(threads);
            if (Runtime.getRuntime().availableProcessors() > 1) {
                int other = threads == 1 ? 2 : 1;
                assertThatThrownBy(() -> JlamaRuntime.configureThreads(other))
                        .hasMessageStartingWith("Jlama already runs " + threads + " threads in this JVM");
            }
        }
    }

    @Test
    void theNativeKernelsAreUsedWhenJlamaNativeIsOnTheClassPath() {
        assertThat(JlamaRuntime.nativeKernels()).isTrue();
    }

    /** A JVM whose class path lacks jlama-native still loads and runs a model, on the Vector API. */
    @Test
    void withoutJlamaNativeAModelStillLoadsAndGenerates() throws Exception {
        Path model = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), temp.resolve("m"));
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("jlama-native"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                NativeFallbackProbe.class.getName(),
                model.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("native=false").contains("tokens=5").contains("Jlama runs on the Vector API");
    }
}
