package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real forged models under one cap: loads, evictions and refusals, with the cap never exceeded. */
class ModelMemoryBudgetTest {

    @TempDir
    static Path models;

    private static Path general;
    private static Path coder;
    private static Path polyglot;
    private static Path large;
    private static long weights;

    @BeforeAll
    static void forge() {
        ModelShape shape = ModelShape.ofDefaults(ModelShape.Architecture.QWEN2);
        general = ModelForge.forge(shape, models.resolve("general"));
        coder = ModelForge.forge(shape.toBuilder().seed(7).build(), models.resolve("coder"));
        polyglot = ModelForge.forge(shape.toBuilder().seed(9).build(), models.resolve("polyglot"));
        large = ModelForge.forge(shape.toBuilder().layers(8).build(), models.resolve("large"));
        weights = LocalModelMemory.estimate(general).weightsBytes();
    }

    private static LocalModels threeModels(ModelMemoryBudget budget) {
        return LocalModels.builder()
                .memoryBudget(budget)
                .model(
                        "general",
                        JlamaLocalModel.builder().modelDirectory(general).maxNewTokens(2))
                .model("coder", JlamaLocalModel.builder().modelDirectory(coder).maxNewTokens(2))
                .model(
                        "polyglot",
                        JlamaLocalModel.builder().modelDirectory(polyglot).maxNewTokens(2))
                .build();
    }

    @Test
    void loadingOverTheCapEvictsTheLeastRecentlyUsedModelAndNeverExceedsTheCap() {
        ModelMemoryBudget budget = ModelMemoryBudget.of(weights * 2 + weights / 2);
        List<Long> heldAfterEachCall = new ArrayList<>();
        try (LocalModels locals = threeModels(budget)) {

            for (String name : List.of("general", "coder", "general", "polyglot", "coder", "general")) {
                locals.chatModel(name).chat("Hi");
                heldAfterEachCall.add(budget.heldBytes());
            }

            assertThat(heldAfterEachCall).allSatisfy(held -> assertThat(held).isLessThanOrEqualTo(budget.capBytes()));
            assertThat(budget.loadedModels()).isEqualTo(2);
            // general, coder, general, polyglot (evicts coder), coder (evicts general), general (evicts polyglot)
            assertThat(budget.evictions()).isEqualTo(3);
            assertThat(budget.residents()).containsExactly("coder", "general");
            assertThat(locals.loaded("polyglot")).isEmpty();
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    void aModelLargerThanTheWholeCapIsRefusedBeforeLoading() {
        ModelMemoryBudget budget = ModelMemoryBudget.of(weights * 2);
        try (LocalModels locals = LocalModels.builder()
                .memoryBudget(budget)
                .model("large", JlamaLocalModel.builder().modelDirectory(large))
                .build()) {

            assertThatThrownBy(() -> locals.chatModel("large").chat("Hi"))
                    .isInstanceOf(ModelMemoryException.class)
                    .hasMessageContaining("Local model 'large' needs")
                    .hasMessageContaining("more than the whole model memory cap of");
            assertThat(budget.heldBytes()).isZero();
            assertThat(locals.loaded("large")).isEmpty();
        }
    }

    @Test
    void aModelAnsweringIsNotEvictedAndTheOtherLoadWaitsForRoom() throws InterruptedException {
        ModelMemoryBudget budget = ModelMemoryBudget.of(weights + weights / 2);
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (LocalModels locals = threeModels(budget)) {
            locals.chatModel("general")
                    .chat(
                            ChatRequest.builder()
                                    .messages(UserMessage.from("Hi"))
                                    .build(),
                            new StreamingChatResponseHandler() {
                                @Override
                                public void onPartialResponse(String partial) {
                                    streaming.countDown();
                                    await(finish);
                                }

                                @Override
                                public void onCompleteResponse(ChatResponse response) {
                                    done.countDown();
                                }

                                @Override
                                public void onError(Throwable error) {
                                    done.countDown();
                                }
                            });
            assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> locals.chatModel("coder").chat("Hi"))
                    .isInstanceOfSatisfying(
                            ModelMemoryException.class,
                            e -> assertThat(e.transientShortage()).isTrue())
                    .hasMessageContaining("the models in use [general]");
            finish.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            String answer = locals.chatModel("coder").chat("Hi");

            assertThat(answer).isNotNull();
            assertThat(budget.residents()).containsExactly("coder");
            assertThat(budget.heldBytes()).isLessThanOrEqualTo(budget.capBytes());
        }
    }

    @Test
    void aCapBelowOneByteIsRejected() {
        assertThatThrownBy(() -> ModelMemoryBudget.of(0))
                .hasMessage("a model memory cap must be at least 1 byte, was 0");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
