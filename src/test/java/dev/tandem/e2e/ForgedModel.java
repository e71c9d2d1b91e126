package dev.tandem.e2e;

import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One tiny forged Qwen2-style model per test JVM: real Jlama inference on seeded random weights. */
final class ForgedModel {

    private static Path folder;

    private ForgedModel() {}

    static synchronized Path folder() {
        if (folder == null) {
            try {
                folder = ModelForge.forge(
                        ModelShape.ofDefaults(ModelShape.Architecture.QWEN2),
                        Files.createTempDirectory("tandem-e2e-model"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
