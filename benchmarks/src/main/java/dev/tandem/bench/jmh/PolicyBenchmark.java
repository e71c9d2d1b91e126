package dev.tandem.bench.jmh;

import dev.tandem.bench.internal.Fixtures;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.decide.PolicyDecider;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Stage 2 alone: a 50-rule policy evaluated to its last rule, and the three-rule default preset. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {

    private final TandemRequest request = Prompts.request(Prompts.ofTokens(200, 0));
    private final Assessment assessment =
            new Assessor(PrivacyScanners.defaults(), Fixtures.difficultyWithoutEmbedding()).assess(request);
    private final Map<String, Tier> tiers = Map.of(
            "local", Tier.local("local", Fixtures.stubModel("local")).build(),
            "remote", Tier.remote("remote", Fixtures.stubModel("remote")).build());
    private final PolicyDecider fiftyRules =
            PolicyDecider.builder(Fixtures.fiftyRulePolicy()).tiers(tiers).build();
    private final PolicyDecider preset = PolicyDecider.builder(PolicyLoader.preset("privacy-first"))
            .tiers(tiers)
            .build();

    @Benchmark
    public Decision fiftyRulePolicy() {
        return fiftyRules.decide(request, assessment);
    }

    @Benchmark
    public Decision privacyFirstPreset() {
        return preset.decide(request, assessment);
    }
}
