package dev.tandem.bench.jmh;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.bench.internal.Fixtures;
import dev.tandem.bench.internal.LoopbackServer;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The remote path against an in-process loopback Chat Completions server (embedding off): latency of a
 * bare OkHttp POST, of the remote tier alone and of the router ({@code *Latency}), and routed requests
 * per second at 1, 16 and 256 concurrent callers ({@code routedC*}). The server runs in the benchmark
 * JVM, so throughput includes its cost. JMH runs the three latency methods one after the other; the
 * bench command's alternating rounds give the fairer ratio.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RemoteBenchmark {

    private static final MediaType JSON = MediaType.get("application/json");

    private final LoopbackServer server = LoopbackServer.start();
    private final OpenAiCompatibleChatModel tier = server.remoteModel();
    private final TandemRouter router = Fixtures.remoteRouter(tier, Fixtures.difficultyWithoutEmbedding());
    private final List<TandemRequest> requests = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final String prompt = Prompts.ofTokens(200, 0);
    private final ChatRequest chatRequest =
            ChatRequest.builder().messages(UserMessage.from(prompt)).build();
    private Request httpRequest = new Request.Builder().url("http://127.0.0.1/").build();

    @Setup
    public void setUp() {
        for (int i = 0; i < 64; i++) {
            requests.add(Prompts.request(Prompts.ofTokens(200, i + 1)));
        }
        String body = "{\"model\":\"bench-remote\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}]}";
        httpRequest = new Request.Builder()
                .url(server.baseUrl() + "/chat/completions")
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
                .build();
    }

    @TearDown
    public void tearDown() {
        server.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] okHttpLatency() throws IOException {
        try (Response response = server.client().newCall(httpRequest).execute()) {
            return response.body().bytes();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ChatResponse tierLatency() {
        return tier.chat(chatRequest);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ChatResponse routerLatency() {
        return router.chat(requests.get(0));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public ChatResponse routedC1() {
        return routed();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public ChatResponse routedC16() {
        return routed();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(256)
    public ChatResponse routedC256() {
        return routed();
    }

    private ChatResponse routed() {
        return router.chat(requests.get(Math.floorMod(next.getAndIncrement(), requests.size())));
    }
}
