package dev.tandem.bench.internal;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a user of the SDK sees: the same LangChain4j {@link ChatRequest} sent through several {@link
 * ChatModel}s — the {@code OpenAiCompatibleChatModel} pointed at the upstream directly, the router in
 * front of that same model (one or more configurations), and the same model pointed at Portkey's gateway
 * in front of the same upstream — in interleaved rounds whose order rotates every round, so drift in the
 * machine's load hits every path alike. Each round sends the next of a set of distinct prompts, as a
 * service sees new prompts, not one repeated. Then closed-loop throughput of each path at several client
 * counts. "Added" is a path's percentile minus the direct path's same percentile, from the same run.
 */
public final class UserOverhead {

    /** One named path: a chat model as the user calls it. */
    public record Layer(String name, ChatModel model) {}

    /** Closed-loop throughput of one path at one client count. */
    public record Rate(String path, int clients, long requests, double seconds, Samples latencies) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * Latencies per path (the direct path first, then the routers, then Portkey's gateway when it ran)
     * and the throughput points; {@code portkeyProblem} says why Portkey did not run, empty when it did.
     */
    public record Result(
            Map<String, Samples> latencies, List<Rate> rates, Map<String, Samples> firstTokens, String portkeyProblem) {

        /** The direct path's samples: the baseline every "added" figure subtracts. */
        public Samples direct() {
            return latencies.values().iterator().next();
        }

        /** {@code path}'s quantile {@code q} minus the direct path's, in microseconds. */
        public double addedMicros(String path, double q) {
            return (latencies.get(path).quantile(q) - direct().quantile(q)) / 1_000.0;
        }

        public Optional<Rate> rate(String path, int clients) {
            return rates.stream()
                    .filter(rate -> rate.path().equals(path) && rate.clients() == clients)
                    .findFirst();
        }
    }

    /** The quantiles the section reports. */
    public static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private UserOverhead() {}

    /** The direct path's name: the remote model called without any layer in front. */
    public static final String DIRECT = "direct";

    /** Portkey's path name. */
    public static final String PORTKEY = "portkey";

    /**
     * Runs the comparison.
     *
     * @param upstream the loopback Chat Completions server every path ends at
     * @param routers the routers to compare, each in front of a model built by {@link
     *     LoopbackServer#remoteModel()} (so the direct path is the same model without the router)
     * @param prompts distinct prompts, one per round in turn
     * @param clientCounts client counts for throughput; the direct path, the first router and Portkey run
     *     at each, the other routers at 16 (or the middle count)
     * @param withPortkey whether to start Portkey's gateway (installed with npm into {@code workDirectory})
     */
    public static Result run(
            LoopbackServer upstream,
            List<Layer> routers,
            List<String> prompts,
            int rounds,
            List<Integer> clientCounts,
            Duration warmUp,
            Duration measure,
            boolean withPortkey,
            java.nio.file.Path workDirectory,
            Consumer<String> progress) {
        GatewayOverhead.Portkey portkey = withPortkey
                ? GatewayOverhead.Portkey.start(workDirectory.resolve("portkey"), upstream.baseUrl(), progress)
                : GatewayOverhead.Portkey.failed("left out of the tiny profile (it installs Portkey with npm)");
        try {
            List<Layer> paths = new ArrayList<>();
            paths.add(new Layer(DIRECT, upstream.remoteModel()));
            paths.addAll(routers);
            // The user's switch to Portkey: the same model class and client, its base URL pointed at the
            // gateway, which forwards to the same upstream.
            portkey.url()
                    .map(url -> new Layer(
                            PORTKEY,
                            OpenAiCompatibleChatModel.builder()
                                    .baseUrl(url + "/v1")
                                    .modelName("bench-remote")
                                    .apiKey("sk-bench")
                                    .allowCleartextCredentials(true)
                                    .header("x-portkey-provider", "openai")
                                    .header("x-portkey-custom-host", upstream.baseUrl())
                                    .httpClient(upstream.client())
                                    .readTimeout(Duration.ofSeconds(30))
                                    .build()))
                    .ifPresent(paths::add);
            int middle = clientCounts.contains(16) ? 16 : clientCounts.get(clientCounts.size() / 2);
            Map<String, List<Integer>> throughput = new LinkedHashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                String name = paths.get(i).name();
                boolean full = i <= 1 || name.equals(PORTKEY);
                throughput.put(name, full ? clientCounts : List.of(middle));
            }
            Measured measured = measure(paths, prompts, rounds, throughput, warmUp, measure, progress);
            progress.accept("user overhead: time to the first streamed token, direct vs "
                    + paths.get(1).name());
            Map<String, Samples> firstTokens = firstTokens(paths.subList(0, 2), prompts, rounds);
            return new Result(measured.latencies(), measured.rates(), firstTokens, portkey.problem());
        } finally {
            portkey.stop();
        }
    }

    private record Measured(Map<String, Samples> latencies, List<Rate> rates) {}

    private static Measured measure(
            List<Layer> paths,
            List<String> prompts,
            int rounds,
            Map<String, List<Integer>> throughputPaths,
            Duration warmUp,
            Duration measure,
            Consumer<String> progress) {
        List<ChatRequest> requests = prompts.stream()
                .map(prompt ->
                        ChatRequest.builder().messages(UserMessage.from(prompt)).build())
                .toList();
        int n = paths.size();
        progress.accept("user overhead: " + n + " paths, " + rounds + " interleaved rounds");
        for (int i = 0; i < Math.max(50, rounds / 5); i++) {
            for (Layer path : paths) {
                Harness.consume(path.model().chat(requests.get(i % requests.size())));
            }
        }
        long[][] nanos = new long[n][rounds];
        for (int i = 0; i < rounds; i++) {
            ChatRequest request = requests.get(i % requests.size());
            for (int k = 0; k < n; k++) {
                // The order rotates every round, so no path always runs right after another's allocations.
                int p = (i + k) % n;
                long start = System.nanoTime();
                Harness.consume(paths.get(p).model().chat(request));
                nanos[p][i] = System.nanoTime() - start;
            }
        }
        Map<String, Samples> latencies = new LinkedHashMap<>();
        for (int p = 0; p < n; p++) {
            latencies.put(paths.get(p).name(), new Samples(nanos[p]));
        }
        List<Rate> rates = new ArrayList<>();
        for (Layer path : paths) {
            for (int clients : throughputPaths.getOrDefault(path.name(), List.of())) {
                progress.accept("user overhead: throughput of " + path.name() + ", " + clients + " clients");
                drive(path, requests, clients, warmUp);
                rates.add(drive(path, requests, clients, measure));
            }
        }
        return new Measured(latencies, rates);
    }

    /**
     * Time to the first streamed piece of text through each path (each a {@link StreamingChatModel}), in
     * rotating rounds like the latencies; each stream is read to its end before the next starts.
     */
    private static Map<String, Samples> firstTokens(List<Layer> paths, List<String> prompts, int rounds) {
        List<ChatRequest> requests = prompts.stream()
                .map(prompt ->
                        ChatRequest.builder().messages(UserMessage.from(prompt)).build())
                .toList();
        int n = paths.size();
        for (int i = 0; i < Math.max(50, rounds / 5); i++) {
            for (Layer path : paths) {
                firstToken((StreamingChatModel) path.model(), requests.get(i % requests.size()));
            }
        }
        long[][] nanos = new long[n][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < n; k++) {
                int p = (i + k) % n;
                nanos[p][i] = firstToken((StreamingChatModel) paths.get(p).model(), requests.get(i % requests.size()));
            }
        }
        Map<String, Samples> firstTokens = new LinkedHashMap<>();
        for (int p = 0; p < n; p++) {
            firstTokens.put(paths.get(p).name(), new Samples(nanos[p]));
        }
        return firstTokens;
    }

    /** Nanoseconds from the call to the first partial text; waits for the stream's end. */
    private static long firstToken(StreamingChatModel model, ChatRequest request) {
        CompletableFuture<Long> first = new CompletableFuture<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        long start = System.nanoTime();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                first.complete(System.nanoTime() - start);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
                first.completeExceptionally(error);
            }
        });
        try {
            Harness.consume(done.get(30, TimeUnit.SECONDS));
            return first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a streamed call failed: " + e, e);
        }
    }

    /** {@code clients} virtual threads, each calling back to back for {@code time}. */
    static Rate drive(Layer path, List<ChatRequest> requests, int clients, Duration time) {
        CountDownLatch start = new CountDownLatch(1);
        long[][] perClient = new long[clients][];
        RuntimeException[] failure = new RuntimeException[1];
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().name("user-bench-" + c).start(() -> {
                long[] own = new long[1024];
                int count = 0;
                try {
                    start.await();
                    long end = window[0] + time.toNanos();
                    int next = client;
                    long now = System.nanoTime();
                    while (now < end) {
                        Harness.consume(path.model().chat(requests.get(next++ % requests.size())));
                        long done = System.nanoTime();
                        if (count == own.length) {
                            own = Arrays.copyOf(own, count * 2);
                        }
                        own[count++] = done - now;
                        now = done;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
                perClient[client] = Arrays.copyOf(own, count);
            }));
        }
        window[0] = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring throughput", e);
            }
        }
        window[1] = System.nanoTime();
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException(
                        "a call through " + path.name() + " failed during the throughput run", failure[0]);
            }
        }
        long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).toArray();
        return new Rate(path.name(), clients, all.length, (window[1] - window[0]) / 1e9, new Samples(all));
    }
}
