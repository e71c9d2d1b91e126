package dev.tandem.bench.jmh;

import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.evaluation.SampleTexts;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The privacy scan (built-in recognizers and the trained tagger) at the sizes its targets are stated for:
 * 2,000 characters of ordinary prose, 2,000 characters with a name, date, address, phone, card, IBAN or
 * id every few words, and a 200-token prompt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrivacyScanBenchmark {

    @Param({"prose", "dense", "prompt200"})
    public String text;

    private String sample = "";
    private final PrivacyScanner scanner = PrivacyScanners.defaults();

    @Setup
    public void setUp() {
        sample = switch (text) {
            case "dense" -> SampleTexts.dense(2_000);
            case "prompt200" -> Prompts.ofTokens(200, 0);
            default -> SampleTexts.prose(2_000);
        };
    }

    @Benchmark
    public List<EntitySpan> scan2000Characters() {
        return scanner.scan(sample);
    }
}
