package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelsTest {

    @TempDir
    static Path models;

    private static Path general;
    private static Path domain;

    @BeforeAll
    static void forge() {
        general = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), models.resolve("general"));
        domain = ModelForge.forge(
                ModelShape.builder(ModelShape.Architecture.LLAMA)
                        .layers(3)
                        .seed(7)
                        .build(),
                models.resolve("domain"));
    }

    @Test
    void modelsLoadLazilyUnderTheirNamesAndReportMemory() {
        try (LocalModels locals = LocalModels.builder()
                .model("general", JlamaLocalModel.builder().modelDirectory(general))
                .model("legal", JlamaLocalModel.builder().modelDirectory(domain).maxNewTokens(4))
                .build()) {
            Map<String, LocalModelMemory> before = locals.memory();
            assertThat(locals.loaded("legal")).isEmpty();

            String answer = locals.chatModel("legal").chat("Hi");

            assertThat(answer).isNotEmpty();
            assertThat(locals.loaded("legal")).isPresent();
            assertThat(locals.loaded("general")).isEmpty();
            assertThat(locals.get("legal").modelName()).isEqualTo("domain");
            assertThat(locals.names()).containsExactly("general", "legal");
            assertThat(before.get("legal").weightsBytes())
                    .isEqualTo(domain.resolve("model.safetensors").toFile().length());
            // Three layers against two: the domain model's KV cache per token is 1.5 times the general one's.
            assertThat(before.get("legal").kvBytesPerToken() * 2)
                    .isEqualTo(before.get("general").kvBytesPerToken() * 3);
            assertThat(locals.memory().get("legal").kvBytesPerToken())
                    .isEqualTo(before.get("legal").kvBytesPerToken());
        }
    }

    @Test
    void warmUpLoadsAtBuild() {
        try (LocalModels locals = LocalModels.builder()
                .model("general", JlamaLocalModel.builder().modelDirectory(general))
                .model("legal", JlamaLocalModel.builder().modelDirectory(domain))
                .warmUp("general")
                .build()) {

            assertThat(locals.loaded("general")).isPresent();
            assertThat(locals.loaded("legal")).isEmpty();
        }
    }

    @Test
    void anUnknownNameIsRejectedListingTheKnownOnes() {
        try (LocalModels locals = LocalModels.builder()
                .model("general", JlamaLocalModel.builder().modelDirectory(general))
                .build()) {

            assertThatThrownBy(() -> locals.get("medical"))
                    .hasMessage("No local model is called 'medical'; the known ones are [general].");
        }
    }

    @Test
    void aNameThatPoliciesCannotUseIsRejected() {
        assertThatThrownBy(() -> LocalModels.builder().model("General Model", JlamaLocalModel.builder()))
                .hasMessage("Local model name 'General Model' must match [a-z][a-z0-9-]*, like general or legal-de");
    }

    @Test
    void warmingUpAnUnknownModelIsRejected() {
        assertThatThrownBy(() -> LocalModels.builder()
                        .model("general", JlamaLocalModel.builder().modelDirectory(general))
                        .warmUp("legal")
                        .build())
                .hasMessage("warmUp names unknown models [legal]; the known ones are [general]");
    }
}
