package dev.tandem.bench.jmh;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.bench.BenchOptions;
import dev.tandem.bench.internal.LocalRatio;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One generation of {@code newTokens} tokens on the same forged model, through Jlama's own {@code
 * generate} and through the router (preset {@code offline-only}). {@code model}: {@code tiny} (0.5M
 * parameters), {@code small} (30M, F32) or {@code qwen-0.5b-q4} (Qwen2.5-0.5B's shape, Q4; forged and
 * quantized into {@code -Dtandem.bench.dir} once, about a minute). The ratio of the two scores is the
 * local overhead ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class LocalOverheadBenchmark {

    @Param({"small"})
    public String model;

    @Param({"64"})
    public int newTokens;

    private JlamaLocalModel local;
    private TandemRouter router;
    private AbstractModel raw;
    private Path scratch;
    private int promptTokens;
    private TandemRequest request = Prompts.request(Prompts.LOCAL_QUESTION);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path work = Path.of(System.getProperty("tandem.bench.dir", "target/bench"));
        Files.createDirectories(work);
        LocalRatio.Setup setup = switch (model) {
            case "tiny" ->
                new LocalRatio.Setup(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), false, newTokens, 1);
            case "small" -> new LocalRatio.Setup(BenchOptions.quick(work).localShape(), false, newTokens, 1);
            case "qwen-0.5b-q4" -> new LocalRatio.Setup(BenchOptions.qwen25HalfBillionShape(), true, newTokens, 1);
            default ->
                throw new IllegalArgumentException("model must be tiny, small or qwen-0.5b-q4, was '" + model + "'");
        };
        Path folder = LocalRatio.prepare(setup, work, System.err::println);
        local = JlamaLocalModel.builder()
                .modelDirectory(folder)
                .maxNewTokens(newTokens)
                .build();
        router = TandemRouter.builder()
                .policy(PolicyLoader.preset("offline-only"))
                .tier(Tier.local("local", local).build())
                .build();
        scratch = Files.createTempDirectory(work, "jlama-raw-");
        raw = ModelSupport.loadModel(
                folder.toFile(), scratch.toFile(), DType.F32, DType.I8, Optional.empty(), Optional.empty());
        promptTokens = raw.encodePrompt(PromptContext.of(Prompts.rendered(raw, Prompts.LOCAL_QUESTION))).length;
        request = Prompts.request(Prompts.LOCAL_QUESTION, newTokens);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        local.close();
    }

    /** Rendering the chat template included, as the router's local tier renders each request. */
    @Benchmark
    public Object directJlama() {
        return raw.generate(
                UUID.randomUUID(),
                PromptContext.of(Prompts.rendered(raw, Prompts.LOCAL_QUESTION)),
                0.0f,
                promptTokens + newTokens - 1,
                (token, time) -> {});
    }

    @Benchmark
    public ChatResponse router() {
        return router.chat(request);
    }
}
