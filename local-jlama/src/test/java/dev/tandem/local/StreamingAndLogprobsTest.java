package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingAndLogprobsTest {

    @TempDir
    static Path folder;

    private static JlamaLocalModel model;

    @BeforeAll
    static void load() {
        ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), folder);
        model = JlamaLocalModel.builder()
                .modelDirectory(folder)
                .maxNewTokens(40)
                .build();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void streamedTokensAddUpToTheBlockingAnswer() throws Exception {
        ChatRequest request = request("Tell me a story", 30);
        ChatResponse blocking = model.chat(request);
        Recorder recorder = new Recorder();

        model.chat(request, recorder);
        ChatResponse streamed = recorder.done.get(10, TimeUnit.SECONDS);

        assertThat(recorder.parts).hasSizeGreaterThan(1);
        assertThat(String.join("", recorder.parts))
                .isEqualTo(blocking.aiMessage().text());
        assertThat(streamed.aiMessage().text()).isEqualTo(blocking.aiMessage().text());
        assertThat(streamed.tokenUsage()).isEqualTo(blocking.tokenUsage());
        assertThat(streamed.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void cancellingFromTheHandlerStopsGenerationWithinATokenOrTwo() throws Exception {
        Recorder recorder = new Recorder() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                super.onPartialResponse(partial, context);
                if (parts.size() == 3) {
                    context.streamingHandle().cancel();
                }
            }
        };

        model.chat(request("Tell me a long story", 200), recorder);
        ChatResponse response = recorder.done.get(10, TimeUnit.SECONDS);

        assertThat(response.tokenUsage().outputTokenCount()).isBetween(3, 5);
        assertThat(response.finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(((LocalResponseMetadata) response.metadata()).cancelled()).isTrue();
        assertThat(model.workingDirectory()).isEmptyDirectory();
    }

    @Test
    void anInvalidStreamingRequestGoesToOnError() throws Exception {
        Recorder recorder = new Recorder();

        model.chat(request("Hi", 1, 3.0), recorder);

        assertThat(recorder.error.get(5, TimeUnit.SECONDS)).isInstanceOf(TierRequestRejectedException.class);
        assertThat(recorder.parts).isEmpty();
    }

    @Test
    void everySampledTokenHasALogprobFromTheUntemperedDistribution() {
        ChatResponse response = model.chat(request("What is 2 + 2?", 20));

        LocalResponseMetadata metadata = (LocalResponseMetadata) response.metadata();
        TokenLogprobs logprobs = metadata.logprobs();
        double uniform = Math.log(model.memory().kvBytesPerToken() > 0 ? 512 : 1);
        assertThat(logprobs.size()).isEqualTo(response.tokenUsage().outputTokenCount());
        assertThat(logprobs.values()).allSatisfy(value -> assertThat(value).isBetween(-50.0, 0.0));
        // At temperature 0 the arg-max is chosen, which is at least as likely as the uniform 1/512.
        assertThat(logprobs.values()).allSatisfy(value -> assertThat(value).isGreaterThanOrEqualTo(-uniform));
        assertThat(logprobs.entropies())
                .allSatisfy(entropy -> assertThat(entropy).isBetween(0.0, uniform + 1e-6));
        assertThat(logprobs.min()).isLessThanOrEqualTo(logprobs.mean());
        assertThat(logprobs.perTokenProbability()).isBetween(0.0, 1.0);
        assertThat(metadata.cancelled()).isFalse();
    }

    @Test
    void samplingAtATemperatureChoosesLessLikelyTokensAndReportsThem() {
        ChatResponse greedy = model.chat(request("Hello there", 20));
        ChatResponse hot = model.chat(request("Hello there", 20, 2.0));

        double greedyMean =
                ((LocalResponseMetadata) greedy.metadata()).logprobs().mean();
        double hotMean = ((LocalResponseMetadata) hot.metadata()).logprobs().mean();
        assertThat(hotMean).isLessThan(greedyMean);
    }

    @Test
    void memoryReportsTheWeightsFileAndTheKvCache() {
        LocalModelMemory memory = model.memory();

        assertThat(memory.weightsBytes())
                .isEqualTo(folder.resolve("model.safetensors").toFile().length());
        // 2 (K and V) x 2 layers x 2 kv heads x 32 head size x 4 bytes
        assertThat(memory.kvBytesPerToken()).isEqualTo(2L * 2 * 2 * 32 * 4);
        assertThat(memory.kvBytesAtContext()).isEqualTo(memory.kvBytesPerToken() * model.contextWindow());
        assertThat(LocalModelMemory.estimate(folder).kvBytesPerToken()).isEqualTo(memory.kvBytesPerToken());
    }

    private static ChatRequest request(String text, int maxOutputTokens) {
        return ChatRequest.builder()
                .messages(UserMessage.from(text))
                .maxOutputTokens(maxOutputTokens)
                .build();
    }

    private static ChatRequest request(String text, int maxOutputTokens, double temperature) {
        return ChatRequest.builder()
                .messages(UserMessage.from(text))
                .parameters(ChatRequestParameters.builder()
                        .maxOutputTokens(maxOutputTokens)
                        .temperature(temperature)
                        .build())
                .build();
    }

    static class Recorder implements StreamingChatResponseHandler {
        final List<String> parts = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            parts.add(partial.text());
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable e) {
            error.complete(e);
            done.completeExceptionally(e);
        }
    }
}
