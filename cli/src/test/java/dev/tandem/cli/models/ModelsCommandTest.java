package dev.tandem.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.setup.Environment;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models commands, run in process with a fake environment. */
class ModelsCommandTest {

    @TempDir
    Path cache;

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void infoDescribesAFolder() {
        ModelShape shape = ModelShape.ofDefaults(ModelShape.Architecture.QWEN2);
        Path model = ModelForge.forge(shape, temp.resolve("tiny"));

        int exit = run("models", "info", model.toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("architecture:  qwen2")
                .contains(String.format(java.util.Locale.ROOT, "parameters:    %,d", shape.parameterCount()))
                .contains("context:       8192 tokens")
                .contains("tokenizer:     BPE (byte-level)");
    }

    @Test
    void quantizeWritesAQ4FolderAndPrintsIt() {
        Path model = ModelForge.forge(
                ModelShape.builder(ModelShape.Architecture.LLAMA)
                        .hiddenSize(256)
                        .intermediateSize(512)
                        .build(),
                temp.resolve("src"));

        int exit = run(
                "models",
                "quantize",
                model.toString(),
                "--to",
                "Q4",
                "--out",
                temp.resolve("q4").toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(temp.resolve("q4").toString());
        assertThat(temp.resolve("q4/model.safetensors")).exists();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Quantizing src to Q4")
                .contains("100%");
    }

    @Test
    void pullOfflineWithoutACachedCopyFailsClearly() {
        int exit = run("models", "pull", "someone/some-model");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tandem: Model someone/some-model@main is not in the cache");
    }

    @Test
    void listShowsAnEmptyCache() {
        int exit = run("models", "list");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no models in " + cache);
    }

    private int run(String... args) {
        Environment environment =
                new Environment(Map.of("TANDEM_CACHE_DIR", cache.toString(), "TANDEM_OFFLINE", "1"), temp);
        Console console = new Console(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                environment);
        return TandemCommand.run(console, args);
    }
}
