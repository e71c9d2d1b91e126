package dev.tandem.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.LocalModelMemory;
import dev.tandem.local.LocalModels;
import dev.tandem.local.ModelMemoryBudget;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelMetricsTest {

    @TempDir
    Path models;

    @Test
    void theGaugesFollowTheModelsLoadedAndTheMemoryTheyHold() {
        Path folder = ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), models.resolve("general"));
        long weights = LocalModelMemory.estimate(folder).weightsBytes();
        ModelMemoryBudget budget = ModelMemoryBudget.of(weights * 3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TandemMetrics.bindLocalModels(registry, budget);
        try (LocalModels locals = LocalModels.builder()
                .memoryBudget(budget)
                .model(
                        "general",
                        JlamaLocalModel.builder().modelDirectory(folder).maxNewTokens(2))
                .build()) {
            double before =
                    registry.get(TandemMetrics.LOCAL_MODELS_LOADED).gauge().value();

            locals.chatModel("general").chat("Hi");

            assertThat(before).isZero();
            assertThat(registry.get(TandemMetrics.LOCAL_MODELS_LOADED).gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get(TandemMetrics.LOCAL_MODELS_MEMORY_HELD)
                            .gauge()
                            .value())
                    .isEqualTo((double) weights);
            assertThat(registry.get(TandemMetrics.LOCAL_MODELS_MEMORY_CAP)
                            .gauge()
                            .value())
                    .isEqualTo((double) weights * 3);
            assertThat(registry.get(TandemMetrics.LOCAL_MODELS_EVICTIONS)
                            .gauge()
                            .value())
                    .isZero();
        }
    }
}
