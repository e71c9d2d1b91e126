package dev.tandem.router.resilience;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.tier.Tier;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A quick harness, not a test: the median time the resilience layer adds to a happy-path call, for a
 * remote-style guard (breaker, timeout on a virtual thread) and a local-style one (plus bulkhead).
 * Run: {@code java -cp <test classpath> dev.tandem.router.resilience.ResilienceOverheadHarness}. A JMH
 * benchmark replaces it once the benchmarks module exists.
 */
public final class ResilienceOverheadHarness {

    private static final int ROUNDS = 200_000;

    public static void main(String[] args) {
        ChatResponse answer =
                ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return answer;
            }
        };
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("hi")).build();
        Tier remote = Tier.remote("remote", model).build();
        Tier local = Tier.local("local", model).build();
        Resilience resilience = Resilience.create(
                ResilienceSettings.ofDefaults(),
                Map.of("remote", remote, "local", local),
                Clock.systemUTC(),
                event -> {});
        TierResilience.Call call = new TierResilience.Call(Optional.empty(), 100, TierResilience.RetryObserver.NONE);
        for (int warm = 0; warm < 3; warm++) {
            measure("direct", () -> model.chat(request));
            measure("remote guard", () -> resilience.forTier("remote").call(model, request, call));
            measure("local guard", () -> resilience.forTier("local").call(model, request, call));
        }
        long direct = measure("direct", () -> model.chat(request));
        long guardedRemote =
                measure("remote guard", () -> resilience.forTier("remote").call(model, request, call));
        long guardedLocal =
                measure("local guard", () -> resilience.forTier("local").call(model, request, call));
        System.out.printf(
                "median per call: direct %.2f us, remote guard %.2f us (+%.2f), local guard %.2f us (+%.2f)%n",
                direct / 1e3,
                guardedRemote / 1e3,
                (guardedRemote - direct) / 1e3,
                guardedLocal / 1e3,
                (guardedLocal - direct) / 1e3);
    }

    private static long measure(String name, Runnable call) {
        long[] samples = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            call.run();
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return samples[ROUNDS / 2];
    }
}
