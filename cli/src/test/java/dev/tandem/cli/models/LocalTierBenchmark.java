package dev.tandem.cli.models;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.JlamaRuntime;
import dev.tandem.local.ModelQuantizer;
import dev.tandem.local.TerminalProgressBar;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Local tier speed on a forged model of Qwen2.5-0.5B's shape, quantized to Q4: Jlama's own generate, the
 * {@link JlamaLocalModel} directly, and the same model through a {@link TandemRouter} whose only tier is
 * local (policy {@code offline-only}). Runs alternate in one JVM; medians are printed. Not a unit test
 * (surefire skips the name): run it by hand.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.tandem.cli.models.LocalTierBenchmark [workDir] [rounds]
 * </pre>
 */
public final class LocalTierBenchmark {

    private static final int NEW_TOKENS = 64;
    private static final String PROMPT = "Explain in a few sentences why the sky is blue and why sunsets are red.";

    private LocalTierBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        // Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads, 2 KV heads, intermediate 4864. Its 151,936-token
        // vocabulary is above the forge's limit; 32,768 tokens keeps the embedding realistic in width.
        ModelShape shape = ModelShape.builder(ModelShape.Architecture.QWEN2)
                .hiddenSize(896)
                .layers(24)
                .heads(14)
                .kvHeads(2)
                .intermediateSize(4864)
                .vocabSize(32_768)
                .maxPositions(4096)
                .build();
        Path f32 = work.resolve("qwen2.5-0.5b-shape");
        Path q4 = work.resolve("qwen2.5-0.5b-shape-JQ4");
        if (!Files.isRegularFile(q4.resolve("model.safetensors"))) {
            long start = System.nanoTime();
            ModelForge.forge(shape, f32);
            System.out.printf(Locale.ROOT, "forged %,d parameters in %.1f s%n", shape.parameterCount(), secs(start));
            start = System.nanoTime();
            ModelQuantizer.quantize(f32, ModelQuantizer.Format.Q4, q4, TerminalProgressBar.to(System.out, false));
            System.out.printf(Locale.ROOT, "quantized to Q4 in %.1f s%n", secs(start));
        }
        System.out.println("Jlama threads " + JlamaRuntime.threads());

        try (JlamaLocalModel local = JlamaLocalModel.builder()
                .modelDirectory(q4)
                .maxNewTokens(NEW_TOKENS)
                .build()) {
            System.out.println("kernels: " + JlamaRuntime.tensorOperations() + "; memory: " + local.memory());
            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.preset("offline-only"))
                    .tier(Tier.local("local", local).build())
                    .build();
            Path rawWork = Files.createTempDirectory("bench-raw");
            AbstractModel raw = ModelSupport.loadModel(
                    q4.toFile(), rawWork.toFile(), DType.F32, DType.I8, Optional.empty(), Optional.empty());
            String rawPrompt = raw.promptSupport()
                    .orElseThrow()
                    .builder()
                    .addUserMessage(PROMPT)
                    .addGenerationPrompt(true)
                    .build()
                    .getPrompt();
            int promptTokens = raw.encodePrompt(PromptContext.of(rawPrompt)).length;

            ChatRequest request = ChatRequest.builder()
                    .messages(UserMessage.from(PROMPT))
                    .maxOutputTokens(NEW_TOKENS)
                    .build();
            List<Double> direct = new ArrayList<>();
            List<Double> routed = new ArrayList<>();
            List<Double> jlama = new ArrayList<>();
            List<Double> ttftDirect = new ArrayList<>();
            List<Double> ttftJlama = new ArrayList<>();
            List<Double> decodeDirect = new ArrayList<>();
            // One warm-up of each path, then alternating rounds.
            local.chat(request);
            router.chat(request);
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                ChatResponse a = local.chat(request);
                direct.add(secs(start));
                check(a);

                start = System.nanoTime();
                ChatResponse b = router.chat(request);
                routed.add(secs(start));
                check(b);

                long[] first = {0};
                int[] count = {0};
                start = System.nanoTime();
                long begin = start;
                raw.generate(
                        UUID.randomUUID(),
                        PromptContext.of(rawPrompt),
                        0.0f,
                        promptTokens + NEW_TOKENS + 1,
                        (token, time) -> {
                            if (count[0]++ == 0) {
                                first[0] = System.nanoTime() - begin;
                            }
                        });
                jlama.add(secs(start));
                ttftJlama.add(first[0] / 1e9);

                double[] streamed = stream(local, request);
                ttftDirect.add(streamed[0]);
                decodeDirect.add(streamed[1]);
            }
            raw.close();
            System.out.printf(
                    Locale.ROOT, "prompt %d tokens, %d new tokens, %d rounds%n", promptTokens, NEW_TOKENS, rounds);
            report("Jlama generate (raw)     ", jlama, ttftJlama);
            report("JlamaLocalModel (direct) ", direct, ttftDirect);
            report("TandemRouter (local only)", routed, null);
            System.out.printf(
                    Locale.ROOT,
                    "direct decode speed after first token: %.1f tok/s%n",
                    (NEW_TOKENS - 1) / median(decodeDirect));
            System.out.printf(
                    Locale.ROOT,
                    "router overhead ratio (router / direct, medians): %.3f%n",
                    median(routed) / median(direct));
            System.out.println("raw per round: direct " + direct + "\n router " + routed);
        }
    }

    private static double[] stream(JlamaLocalModel local, ChatRequest request) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        long start = System.nanoTime();
        long[] first = {0};
        local.chat(request, new StreamingChatResponseHandler() {
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
        done.get(10, TimeUnit.MINUTES);
        long end = System.nanoTime();
        return new double[] {(first[0] - start) / 1e9, (end - first[0]) / 1e9};
    }

    private static void check(ChatResponse response) {
        if (response.tokenUsage().outputTokenCount() != NEW_TOKENS) {
            System.out.println("note: answer had " + response.tokenUsage().outputTokenCount() + " tokens");
        }
    }

    private static void report(String name, List<Double> seconds, List<Double> ttft) {
        System.out.printf(
                Locale.ROOT,
                "%s median %.3f s for %d tokens = %.1f tok/s end to end%s%n",
                name,
                median(seconds),
                NEW_TOKENS,
                NEW_TOKENS / median(seconds),
                ttft == null ? "" : String.format(Locale.ROOT, ", TTFT median %.3f s", median(ttft)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
