package dev.tandem.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.gateway.GatewayConfig;
import dev.tandem.gateway.TandemGateway;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * What a gateway adds over calling the upstream directly: the same Chat Completions request sent to the
 * loopback upstream three ways, alternating in every round — directly, through Tandem's gateway (privacy
 * scan and difficulty assessed on every request), and through Portkey's open-source gateway ({@code
 * @portkey-ai/gateway} on Node, installed with npm into the bench folder) — then each at 16 concurrent
 * clients for throughput. Portkey classifies nothing; when npm or node is missing, its rows say so.
 */
public final class GatewayOverhead {

    public static final String PORTKEY_VERSION = "1.15.2";
    public static final int CLIENTS = 16;

    /** Latencies of one path in alternating rounds, and its throughput at {@link #CLIENTS} clients. */
    public record Path3(Samples latency, Throughput16 throughput) {}

    public record Throughput16(long requests, double seconds, Samples latencies) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /** {@code portkey} is empty when it could not run; {@code portkeyProblem} then says why. */
    public record Result(Path3 direct, Path3 tandem, Optional<Path3> portkey, String portkeyProblem) {}

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayOverhead() {}

    public static Result run(
            LoopbackServer upstream,
            TandemRouter router,
            String prompt,
            Path workDirectory,
            int rounds,
            Duration warmUp,
            Duration measure,
            boolean withPortkey,
            Consumer<String> progress) {
        OkHttpClient client = upstream.client();
        Request direct = post(client, upstream.baseUrl() + "/chat/completions", body("gpt-4o-mini", prompt), false);
        Portkey portkey = withPortkey
                ? Portkey.start(workDirectory.resolve("portkey"), upstream.baseUrl(), progress)
                : Portkey.failed("left out of the tiny profile (it installs Portkey with npm)");
        try (TandemGateway gateway = TandemGateway.builder(router)
                .config(GatewayConfig.custom()
                        .port(0)
                        .maxConcurrentRequests(256)
                        .build())
                .start()) {
            Request tandem = post(client, gateway.baseUrl() + "/v1/chat/completions", body("tandem", prompt), false);
            Optional<Request> viaPortkey = portkey.url()
                    .map(url -> post(client, url + "/v1/chat/completions", body("gpt-4o-mini", prompt), true)
                            .newBuilder()
                            .header("x-portkey-provider", "openai")
                            .header("x-portkey-custom-host", upstream.baseUrl())
                            .build());
            List<Request> paths = new ArrayList<>(List.of(direct, tandem));
            viaPortkey.ifPresent(paths::add);
            progress.accept("gateway: " + paths.size() + " paths, " + rounds + " alternating rounds");
            for (int i = 0; i < Math.max(50, rounds / 5); i++) {
                paths.forEach(request -> call(client, request));
            }
            long[][] nanos = new long[paths.size()][rounds];
            for (int i = 0; i < rounds; i++) {
                for (int p = 0; p < paths.size(); p++) {
                    long start = System.nanoTime();
                    call(client, paths.get(p));
                    nanos[p][i] = System.nanoTime() - start;
                }
            }
            List<Throughput16> rates = new ArrayList<>();
            for (Request request : paths) {
                progress.accept("gateway: throughput at " + CLIENTS + " clients, "
                        + request.url().port());
                rates.add(throughput(client, request, warmUp, measure));
            }
            return new Result(
                    new Path3(new Samples(nanos[0]), rates.get(0)),
                    new Path3(new Samples(nanos[1]), rates.get(1)),
                    viaPortkey.map(request -> new Path3(new Samples(nanos[2]), rates.get(2))),
                    portkey.problem());
        } finally {
            portkey.stop();
        }
    }

    private static Throughput16 throughput(OkHttpClient client, Request request, Duration warmUp, Duration measure) {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] counts = new long[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            long[] latencies = new long[1 << 20];
            perClient.add(latencies);
            int index = c;
            threads.add(Thread.ofPlatform().name("gateway-bench-" + c).start(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    call(client, request);
                    if (measuring.get() && counts[index] < latencies.length) {
                        latencies[(int) counts[index]++] = System.nanoTime() - start;
                    }
                }
            }));
        }
        sleep(warmUp);
        measuring.set(true);
        long start = System.nanoTime();
        sleep(measure);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, (int) counts[c]);
            at += (int) counts[c];
        }
        return new Throughput16(total, seconds, new Samples(all));
    }

    private static void call(OkHttpClient client, Request request) {
        try (Response response = client.newCall(request).execute()) {
            byte[] body = response.body().bytes();
            if (response.code() != 200) {
                throw new IllegalStateException("HTTP " + response.code() + " from " + request.url() + ": "
                        + new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            Harness.consume(body);
        } catch (IOException e) {
            throw new IllegalStateException("the call to " + request.url() + " failed: " + e, e);
        }
    }

    private static Request post(OkHttpClient client, String url, byte[] body, boolean withKey) {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE));
        if (withKey) {
            request.header("Authorization", "Bearer sk-bench");
        }
        return request.build();
    }

    private static byte[] body(String model, String prompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Portkey's gateway as a Node process on a free port, or why it could not start. */
    record Portkey(Optional<String> url, String problem, Optional<Process> process) {

        static Portkey start(Path folder, String upstream, Consumer<String> progress) {
            Path script = folder.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
            try {
                if (!Files.isRegularFile(script)) {
                    progress.accept(
                            "gateway: installing @portkey-ai/gateway@" + PORTKEY_VERSION + " with npm into " + folder);
                    Files.createDirectories(folder);
                    Process npm = new ProcessBuilder(
                                    "npm",
                                    "install",
                                    "--prefix",
                                    folder.toString(),
                                    "@portkey-ai/gateway@" + PORTKEY_VERSION,
                                    "--no-audit",
                                    "--no-fund",
                                    "--silent")
                            .redirectErrorStream(true)
                            .redirectOutput(folder.resolve("npm.log").toFile())
                            .start();
                    if (!npm.waitFor(600, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                        return failed("npm install @portkey-ai/gateway failed; see " + folder.resolve("npm.log"));
                    }
                }
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                Process node = new ProcessBuilder("node", script.toString(), "--port=" + port, "--headless")
                        .redirectErrorStream(true)
                        .redirectOutput(folder.resolve("portkey.log").toFile())
                        .start();
                String url = "http://127.0.0.1:" + port;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    if (!node.isAlive()) {
                        return failed("Portkey's gateway exited; see " + folder.resolve("portkey.log"));
                    }
                    try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                        progress.accept("gateway: Portkey " + PORTKEY_VERSION + " listening on " + url);
                        return new Portkey(Optional.of(url), "", Optional.of(node));
                    } catch (IOException notYet) {
                        Thread.sleep(250);
                    }
                }
                node.destroy();
                return failed("Portkey's gateway did not listen within 60 s; see " + folder.resolve("portkey.log"));
            } catch (IOException e) {
                return failed(
                        "npm or node is not installed (" + e.getMessage() + "); install npm to compare with Portkey");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted while starting Portkey");
            }
        }

        static Portkey failed(String problem) {
            return new Portkey(Optional.empty(), problem, Optional.empty());
        }

        void stop() {
            process.ifPresent(node -> {
                node.destroy();
                try {
                    node.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
