package dev.tandem.bench.internal;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.ModelQuantizer;
import dev.tandem.local.ProgressListener;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local overhead ratio: the same forged model, loaded twice in one JVM, called through Jlama's own
 * {@code AbstractModel.generate}, through the local tier alone ({@link JlamaLocalModel}, streaming) and
 * through a {@link TandemRouter} (preset {@code offline-only}, that tier as its only one, streaming).
 * Rounds alternate the paths, and which goes first, after one warm-up call each. Per call: time to first
 * token, decode speed after the first token, and end-to-end time per output token. The tier-alone path
 * tells what the router adds from what the tier adds.
 */
public final class LocalRatio {

    /** The forged model, its size in tokens, and what to measure. */
    public record Setup(ModelShape shape, boolean quantize, int newTokens, int rounds) {}

    /** Per-call timings of one path, in nanoseconds. */
    public record PathTimings(
            Samples timeToFirstToken, Samples nanosPerToken, Samples decodeNanosPerToken, int tokens) {

        public double tokensPerSecond() {
            return 1e9 / nanosPerToken.quantile(0.5);
        }

        public double decodeTokensPerSecond() {
            return 1e9 / decodeNanosPerToken.quantile(0.5);
        }
    }

    /** What {@link #run} measured. */
    public record Result(
            String model, long parameters, int promptTokens, PathTimings direct, PathTimings tier, PathTimings router) {

        /** Router over direct end-to-end time per token, medians; 1.0 is no overhead. */
        public double ratio() {
            return router.nanosPerToken.quantile(0.5) / (double) direct.nanosPerToken.quantile(0.5);
        }

        public double timeToFirstTokenRatio() {
            return router.timeToFirstToken.quantile(0.5) / (double) direct.timeToFirstToken.quantile(0.5);
        }

        public double decodeRatio() {
            return router.decodeNanosPerToken.quantile(0.5) / (double) direct.decodeNanosPerToken.quantile(0.5);
        }
    }

    private static final int DECISION_WARM_UP = 5_000;

    private LocalRatio() {}

    /** Forges (and quantizes) the model under {@code work} unless it is there already, then measures. */
    public static Result run(Setup setup, Path work, Consumer<String> progress) {
        Path model = prepare(setup, work, progress);
        Path scratch;
        try {
            scratch = Files.createTempDirectory(work, "jlama-raw-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (JlamaLocalModel local = JlamaLocalModel.builder()
                .modelDirectory(model)
                .maxNewTokens(setup.newTokens())
                .build()) {
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.preset("offline-only"))
                    .tier(Tier.local("local", local).build())
                    .build();
            AbstractModel raw = ModelSupport.loadModel(
                    model.toFile(), scratch.toFile(), DType.F32, DType.I8, Optional.empty(), Optional.empty());
            try {
                int promptTokens =
                        raw.encodePrompt(PromptContext.of(Prompts.rendered(raw, Prompts.LOCAL_QUESTION))).length;
                TandemRequest request = Prompts.request(Prompts.LOCAL_QUESTION, setup.newTokens());
                List<long[]> direct = new ArrayList<>();
                List<long[]> routed = new ArrayList<>();
                List<long[]> tierAlone = new ArrayList<>();
                direct(raw, promptTokens, setup.newTokens());
                routed(router, request);
                streamed(local, request.chatRequest());
                // The steady state of a running service: its decision path is compiled by the JIT. A few
                // routed calls alone would leave it interpreted, milliseconds instead of tens of microseconds.
                for (int i = 0; i < DECISION_WARM_UP; i++) {
                    router.plan(request);
                }
                for (int round = 0; round < setup.rounds(); round++) {
                    // Which path goes first alternates too, so neither always follows the other's cache state.
                    if (round % 2 == 0) {
                        direct.add(direct(raw, promptTokens, setup.newTokens()));
                        routed.add(routed(router, request));
                        tierAlone.add(streamed(local, request.chatRequest()));
                    } else {
                        tierAlone.add(streamed(local, request.chatRequest()));
                        routed.add(routed(router, request));
                        direct.add(direct(raw, promptTokens, setup.newTokens()));
                    }
                }
                return new Result(
                        model.getFileName().toString(),
                        setup.shape().parameterCount(),
                        promptTokens,
                        timings(direct),
                        timings(tierAlone),
                        timings(routed));
            } finally {
                raw.close();
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** The folder of the forged (and quantized) model, made under {@code work} unless it is there. */
    public static Path prepare(Setup setup, Path work, Consumer<String> progress) {
        ModelShape shape = setup.shape();
        String name = String.format(
                "%s-h%d-l%d-v%d-s%d",
                shape.architecture().name().toLowerCase(java.util.Locale.ROOT),
                shape.hiddenSize(),
                shape.layers(),
                shape.vocabSize(),
                shape.seed());
        Path f32 = work.resolve(name);
        Path q4 = work.resolve(name + "-JQ4");
        Path target = setup.quantize() ? q4 : f32;
        if (Files.isRegularFile(target.resolve("model.safetensors"))) {
            return target;
        }
        if (!Files.isRegularFile(f32.resolve("model.safetensors"))) {
            progress.accept(String.format("forging a %,d-parameter model in %s", shape.parameterCount(), f32));
            ModelForge.forge(shape, f32);
        }
        if (setup.quantize()) {
            progress.accept("quantizing it to Q4 in " + q4);
            deleteTree(q4);
            ModelQuantizer.quantize(f32, ModelQuantizer.Format.Q4, q4, ProgressListener.NONE);
        }
        return target;
    }

    /** {time to first token, end-to-end, tokens}, rendering the chat template included as the tier's is. */
    private static long[] direct(AbstractModel raw, int promptTokens, int newTokens) {
        long[] first = {0};
        int[] count = {0};
        long start = System.nanoTime();
        String prompt = Prompts.rendered(raw, Prompts.LOCAL_QUESTION);
        // Jlama's ntokens counts positions; this many make exactly newTokens callbacks, as many tokens as
        // the router's tier generates.
        raw.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f, promptTokens + newTokens - 1, (token, time) -> {
            if (count[0]++ == 0) {
                first[0] = System.nanoTime();
            }
        });
        long end = System.nanoTime();
        return new long[] {first[0] - start, end - start, count[0], end - first[0]};
    }

    private static long[] routed(TandemRouter router, TandemRequest request) {
        return stream(handler -> router.chat(request, handler));
    }

    /** The local tier alone, streaming: what the router adds is the difference to this. */
    private static long[] streamed(JlamaLocalModel local, ChatRequest request) {
        return stream(handler -> local.chat(request, handler));
    }

    private static long[] stream(Consumer<StreamingChatResponseHandler> call) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        long[] first = {0};
        long start = System.nanoTime();
        call.accept(new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                if (first[0] == 0) {
                    first[0] = System.nanoTime();
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response;
        try {
            response = done.get(30, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the local call failed: " + e.getCause(), e);
        }
        long end = System.nanoTime();
        int tokens = response.tokenUsage() != null && response.tokenUsage().outputTokenCount() != null
                ? response.tokenUsage().outputTokenCount()
                : 0;
        return new long[] {first[0] - start, end - start, tokens, end - first[0]};
    }

    private static PathTimings timings(List<long[]> calls) {
        long[] ttft = new long[calls.size()];
        long[] perToken = new long[calls.size()];
        long[] decode = new long[calls.size()];
        int tokens = 0;
        for (int i = 0; i < calls.size(); i++) {
            long[] call = calls.get(i);
            int n = (int) Math.max(1, call[2]);
            ttft[i] = call[0];
            perToken[i] = call[1] / n;
            decode[i] = call[3] / Math.max(1, n - 1);
            tokens = n;
        }
        return new PathTimings(new Samples(ttft), new Samples(perToken), new Samples(decode), tokens);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
