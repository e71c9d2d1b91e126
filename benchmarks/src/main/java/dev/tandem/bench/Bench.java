package dev.tandem.bench;

import static java.util.Objects.requireNonNull;

import dev.tandem.bench.internal.Fixtures;
import dev.tandem.bench.internal.GatewayOverhead;
import dev.tandem.bench.internal.Harness;
import dev.tandem.bench.internal.Harness.Budget;
import dev.tandem.bench.internal.LocalRatio;
import dev.tandem.bench.internal.LoopbackServer;
import dev.tandem.bench.internal.Prompts;
import dev.tandem.bench.internal.RemoteOverhead;
import dev.tandem.bench.internal.RequestMemory;
import dev.tandem.bench.internal.RetainedHeap;
import dev.tandem.bench.internal.Samples;
import dev.tandem.bench.internal.Throughput;
import dev.tandem.bench.internal.UserOverhead;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.evaluation.SampleTexts;
import dev.tandem.privacy.tagger.PrivacyTagger;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.decide.PolicyDecider;
import dev.tandem.router.difficulty.EmbeddingKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures what the router costs, with a plain timing harness (warm-up, then each call timed), in one
 * JVM and one run, so that medians and ratios are comparable with each other. The JMH suite in {@code
 * dev.tandem.bench.jmh} measures the same operations more rigorously (forks, iterations, error bars).
 *
 * <pre>{@code
 * BenchReport report = Bench.run(BenchOptions.quick(Path.of("target/bench")), System.err);
 * report.printTable(System.out);
 * report.writeJson(Path.of("bench.json"));
 * }</pre>
 *
 * <p>Sections, in the order they run: {@code memory} (first, while the heap is quiet), {@code
 * assessment} (privacy scan and difficulty with and without the embedding, prompts of 50, 200 and 2,000
 * tokens; the privacy scan of 2,000-character prose and of a 2,000-character text dense with personal
 * data), {@code policy} (a 50-rule policy and the default preset), {@code decision-path} ({@code
 * TandemRouter.plan} on a 200-token prompt), {@code throughput} (routed requests per second, embedding
 * off, with the remote tier an in-process stub and then a loopback Chat Completions server), {@code
 * embedding-cache} (the same with the
 * embedding on, distinct prompts against repeated ones), {@code remote-overhead}, {@code user-overhead}
 * (the routed call against the same remote model called directly and through Portkey's gateway, as a user
 * measures it), {@code gateway} and {@code local-overhead}; {@code memory} also holds the allocation per
 * routed request and the heap retained per request in flight. The all-MiniLM-L6-v2 model is loaded once (about a second). Not thread-safe: one run
 * at a time per JVM, and nothing else busy in it.
 */
public final class Bench {

    /** The prompt size the targets are stated for. */
    public static final int TARGET_PROMPT_TOKENS = 200;

    /** The privacy scan's target is stated for 2,000 characters; the dense text has an entity every few words. */
    private static final String PROSE_2000 = SampleTexts.prose(2_000);

    private static final String DENSE_2000 = SampleTexts.dense(2_000);

    private Bench() {}

    public static BenchReport run(BenchOptions options, PrintStream progress) {
        requireNonNull(options, "options");
        requireNonNull(progress, "progress");
        BenchReport.Builder report = BenchReport.builder(options.profile());
        Budget budget = new Budget(options.warmUp(), options.measure(), options.maxCalls());
        String prompt200 = Prompts.ofTokens(TARGET_PROMPT_TOKENS, 0);
        TandemRequest request200 = Prompts.request(prompt200);

        progress.println("memory: retained heap of a router (MemoryMXBean after full GCs)");
        long taggerBytes = memory(report, request200, options.profile().equals("tiny") ? 2 : 5);

        progress.println("assessment: loading the static vectors, all-MiniLM-L6-v2 and the task exemplars");
        DifficultyEstimator withoutEmbedding = Fixtures.difficultyWithoutEmbedding();
        DifficultyEstimator uncached = Fixtures.difficultyWithEmbedding(false);
        DifficultyEstimator uncachedFull = Fixtures.difficultyWithEmbedding(EmbeddingKind.FULL, false);
        DifficultyEstimator cached = Fixtures.difficultyWithEmbedding(true);
        PrivacyScanner scanner = PrivacyScanners.defaults();
        Samples scan200 = null;
        for (int tokens : Prompts.SIZES) {
            progress.printf(Locale.ROOT, "assessment: %d-token prompt%n", tokens);
            String prompt = Prompts.ofTokens(tokens, 0);
            TandemRequest request = Prompts.request(prompt);
            String suffix = ", " + tokens + " tokens";
            Samples scan = Harness.time(budget, () -> scanner.scan(prompt));
            latency(report, "assessment", "privacy scan" + suffix, scan);
            if (tokens == TARGET_PROMPT_TOKENS) {
                scan200 = scan;
            }
            latency(
                    report,
                    "assessment",
                    "difficulty, no embedding" + suffix,
                    Harness.time(budget, () -> withoutEmbedding.estimate(request)));
            latency(
                    report,
                    "assessment",
                    "difficulty, static embedding uncached" + suffix,
                    Harness.time(budget, () -> uncached.estimate(request)));
            latency(
                    report,
                    "assessment",
                    "difficulty, full all-MiniLM uncached" + suffix,
                    Harness.time(budget.cappedAt(options.maxCalls() / 10 + 1), () -> uncachedFull.estimate(request)));
            latency(
                    report,
                    "assessment",
                    "difficulty, embedding cached" + suffix,
                    Harness.time(budget, () -> cached.estimate(request)));
        }

        progress.println("assessment: privacy scan of 2,000-character texts");
        // A dense text exercises every recognizer's slow path; until the JIT has compiled them all (about
        // two seconds here) its p99 measures the interpreter, so even --quick warms these up that long.
        Budget scanBudget = budget.warmedAtLeast(Duration.ofSeconds(2));
        Samples prose2000 = Harness.time(scanBudget, () -> scanner.scan(PROSE_2000));
        Samples dense2000 = Harness.time(scanBudget, () -> scanner.scan(DENSE_2000));
        latency(report, "assessment", "privacy scan, 2,000 characters, prose", prose2000);
        latency(report, "assessment", "privacy scan, 2,000 characters, dense with personal data", dense2000);

        progress.println("assessment: language detection (Lingua, de, th and en loaded) and switching local models");
        specialists(report, budget);

        progress.println("assessment: privacy scan of 100 KB and 1 MB texts (the time per character should stay flat)");
        String prose100k = SampleTexts.prose(100_000);
        String prose1m = SampleTexts.prose(1_000_000);
        Samples scan100k = Harness.time(budget.cappedAt(40), () -> scanner.scan(prose100k));
        Samples scan1m = Harness.time(budget.cappedAt(8), () -> scanner.scan(prose1m));
        latency(report, "assessment", "privacy scan, 100,000 characters, prose", scan100k);
        latency(report, "assessment", "privacy scan, 1,000,000 characters, prose", scan1m);

        progress.println("policy: 50-rule policy and the privacy-first preset");
        Assessment assessment = new Assessor(scanner, withoutEmbedding).assess(request200);
        Map<String, Tier> tiers = Map.of(
                "local", Tier.local("local", Fixtures.stubModel("local")).build(),
                "remote", Tier.remote("remote", Fixtures.stubModel("remote")).build());
        Policy fifty = Fixtures.fiftyRulePolicy();
        PolicyDecider fiftyRules = PolicyDecider.builder(fifty).tiers(tiers).build();
        PolicyDecider preset = PolicyDecider.builder(PolicyLoader.preset("privacy-first"))
                .tiers(tiers)
                .build();
        latency(
                report,
                "policy",
                "decide, " + fifty.rules().size() + "-rule policy (all evaluated)",
                Harness.time(budget, () -> fiftyRules.decide(request200, assessment)));
        latency(
                report,
                "policy",
                "decide, privacy-first preset",
                Harness.time(budget, () -> preset.decide(request200, assessment)));

        progress.println("decision path: TandemRouter.plan, 200-token prompt");
        TandemRouter planOff = Fixtures.planningRouter(withoutEmbedding);
        TandemRouter planUncached = Fixtures.planningRouter(uncached);
        TandemRouter planUncachedFull = Fixtures.planningRouter(uncachedFull);
        TandemRouter planCached = Fixtures.planningRouter(cached);
        Samples pathOff = Harness.time(budget, () -> planOff.plan(request200));
        Samples pathUncached = Harness.time(budget, () -> planUncached.plan(request200));
        Samples pathUncachedFull =
                Harness.time(budget.cappedAt(options.maxCalls() / 10 + 1), () -> planUncachedFull.plan(request200));
        Samples pathCached = Harness.time(budget, () -> planCached.plan(request200));
        latency(report, "decision-path", "plan, no embedding", pathOff);
        latency(report, "decision-path", "plan, static embedding uncached (new prompt)", pathUncached);
        latency(report, "decision-path", "plan, full all-MiniLM uncached (new prompt)", pathUncachedFull);
        latency(report, "decision-path", "plan, embedding cached (repeated prompt)", pathCached);

        List<TandemRequest> distinct = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            distinct.add(Prompts.request(Prompts.ofTokens(TARGET_PROMPT_TOKENS, i + 1)));
        }
        progress.println("memory: allocation per routed request and heap retained per request in flight");
        int allocationCalls = options.profile().equals("tiny") ? 200 : 5_000;
        TandemRouter allocating = Fixtures.remoteRouter(Fixtures.stubModel("remote"), withoutEmbedding);
        int[] next = {0};
        double allocated = RequestMemory.allocatedPerCall(
                allocationCalls, () -> allocating.chat(distinct.get(next[0]++ % distinct.size())));
        report.row(
                "memory",
                "allocated per routed request (quality-first, remote stubbed, embedding off)",
                values("allocated_bytes", allocated));
        int inFlight = options.profile().equals("tiny") ? 16 : 256;
        double retainedInFlight = RequestMemory.retainedPerRequestInFlight(
                withoutEmbedding, distinct, inFlight, options.profile().equals("tiny") ? 2 : 5);
        report.row(
                "memory",
                "retained per request in flight (" + inFlight + " held in the tier at once)",
                values("retained_bytes", retainedInFlight));
        report.note(check(
                "allocation per routed request, embedding off: %.1f KB (target <= 50)",
                allocated <= 50_000, allocated / 1_000));

        // The target's setting: the remote tier is an in-process stub, so the router itself is measured.
        double bestStubbed = throughputSweep(
                report,
                Fixtures.remoteRouter(Fixtures.stubModel("remote"), withoutEmbedding),
                "in-process stub",
                distinct,
                options,
                progress);
        RemoteOverhead.Result remote;
        UserOverhead.Result userResult;
        GatewayOverhead.Result gatewayResult;
        try (LoopbackServer server = LoopbackServer.start()) {
            OpenAiCompatibleChatModel tier = server.remoteModel();
            TandemRouter routerOff = Fixtures.remoteRouter(tier, withoutEmbedding);
            throughputSweep(report, routerOff, "loopback", distinct, options, progress);
            int embeddingConcurrency = 16;
            progress.println("embedding cache: concurrency 16, embedding on, distinct vs repeated prompts");
            Throughput.Result misses = Throughput.run(
                    Fixtures.remoteRouter(tier, uncached),
                    distinct,
                    embeddingConcurrency,
                    options.throughputWarmUp(),
                    options.throughputMeasure());
            Throughput.Result hits = Throughput.run(
                    Fixtures.remoteRouter(tier, cached),
                    distinct.subList(0, 16),
                    embeddingConcurrency,
                    options.throughputWarmUp(),
                    options.throughputMeasure());
            throughput(report, "embedding-cache", "embedding on, every prompt new (cache off), concurrency 16", misses);
            throughput(report, "embedding-cache", "embedding on, 16 repeated prompts (cache on), concurrency 16", hits);
            report.row(
                    "embedding-cache",
                    "cache gain on repeated prompts",
                    values("gain", hits.requestsPerSecond() / misses.requestsPerSecond()));

            progress.println("remote overhead: bare OkHttp vs remote tier vs router, alternating");
            remote = RemoteOverhead.run(
                    server,
                    routerOff,
                    tier,
                    prompt200,
                    Math.max(10, options.remoteRounds() / 5),
                    options.remoteRounds());

            progress.println("user overhead: the remote model directly vs through the router vs through Portkey");
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                prompts.add(Prompts.ofTokens(TARGET_PROMPT_TOKENS, i + 1));
            }
            userResult = UserOverhead.run(
                    server,
                    List.of(
                            new UserOverhead.Layer(
                                    QUALITY_FIRST, Fixtures.remoteRouter(server.remoteModel(), withoutEmbedding)),
                            new UserOverhead.Layer(
                                    DEFAULT_PRESET,
                                    Fixtures.defaultPresetRouter(server.remoteModel(), withoutEmbedding)),
                            new UserOverhead.Layer(TASK_SIGNAL, Fixtures.remoteRouter(server.remoteModel(), uncached))),
                    prompts,
                    options.remoteRounds(),
                    options.concurrency(),
                    options.throughputWarmUp(),
                    options.throughputMeasure(),
                    !options.profile().equals("tiny"),
                    options.workDirectory(),
                    progress::println);

            progress.println("gateway: direct vs Tandem's gateway vs Portkey's, same loopback upstream");
            gatewayResult = GatewayOverhead.run(
                    server,
                    Fixtures.remoteRouter(server.remoteModel(), withoutEmbedding),
                    prompt200,
                    options.workDirectory(),
                    options.remoteRounds(),
                    options.throughputWarmUp(),
                    options.throughputMeasure(),
                    !options.profile().equals("tiny"),
                    progress::println);
        }
        latency(report, "remote-overhead", "bare OkHttp POST", remote.okHttp());
        latency(report, "remote-overhead", "remote tier alone", remote.tier());
        latency(report, "remote-overhead", "router → remote tier", remote.router());
        report.row(
                "remote-overhead",
                "router vs bare OkHttp (medians)",
                values(
                        "overhead_us",
                        remote.overheadMicros(),
                        "routing_only_us",
                        remote.routingMicros(),
                        "ratio",
                        remote.ratio()));

        userOverhead(report, userResult, remote);
        gateway(report, gatewayResult);

        progress.println("local overhead: direct Jlama vs router on the same forged model (forged once, then reused)");
        LocalRatio.Result local = LocalRatio.run(
                new LocalRatio.Setup(
                        options.localShape(), options.localQuantize(), options.localNewTokens(), options.localRounds()),
                options.workDirectory(),
                progress::println);
        String model = String.format(
                Locale.ROOT,
                "local overhead model: %s (%,d parameters%s), prompt %d tokens, %d new tokens, %d alternating rounds",
                local.model(),
                local.parameters(),
                options.localQuantize() ? ", Q4" : ", F32",
                local.promptTokens(),
                options.localNewTokens(),
                options.localRounds());
        report.note(model);
        report.row("local-overhead", "direct Jlama generate", localValues(local.direct()));
        report.row("local-overhead", "local tier alone (JlamaLocalModel, streaming)", localValues(local.tier()));
        report.row("local-overhead", "router (offline-only, streaming)", localValues(local.router()));
        report.row(
                "local-overhead",
                "router vs direct (medians)",
                values(
                        "ratio",
                        local.ratio(),
                        "ttft_ratio",
                        local.timeToFirstTokenRatio(),
                        "decode_ratio",
                        local.decodeRatio()));

        targets(report, dense2000, pathOff, pathUncached, bestStubbed, remote, local);
        privacyTargets(report, scan200, dense2000, scan100k, scan1m, taggerBytes);
        return report.build();
    }

    private static final String QUALITY_FIRST = "Tandem, quality-first, embedding off";
    private static final String DEFAULT_PRESET = "Tandem, default preset (privacy-first), embedding off";
    private static final String TASK_SIGNAL = "Tandem, quality-first, task signal on (static, new prompt)";

    /**
     * The user-overhead section: each path's latency percentiles, what each layer adds over the direct
     * model, throughput as a share of direct, and the targets against Portkey and direct.
     */
    private static void userOverhead(
            BenchReport.Builder report, UserOverhead.Result result, RemoteOverhead.Result old) {
        String section = "user-overhead";
        result.latencies()
                .forEach((name, samples) -> report.row(
                        section,
                        name,
                        values(
                                "p50_us",
                                samples.medianMicros(),
                                "p90_us",
                                samples.quantile(0.9) / 1_000.0,
                                "p99_us",
                                samples.p99Micros(),
                                "p999_us",
                                samples.quantile(0.999) / 1_000.0,
                                "samples",
                                samples.count())));
        boolean withPortkey = result.latencies().containsKey(UserOverhead.PORTKEY);
        for (String name : result.latencies().keySet()) {
            if (name.equals(UserOverhead.DIRECT)) {
                continue;
            }
            Map<String, Double> added = values(
                    "p50_added_us", result.addedMicros(name, 0.5),
                    "p90_added_us", result.addedMicros(name, 0.9),
                    "p99_added_us", result.addedMicros(name, 0.99),
                    "p999_added_us", result.addedMicros(name, 0.999));
            if (withPortkey && !name.equals(UserOverhead.PORTKEY)) {
                added.put(
                        "p50_vs_portkey",
                        result.addedMicros(name, 0.5) / result.addedMicros(UserOverhead.PORTKEY, 0.5));
                added.put(
                        "p99_vs_portkey",
                        result.addedMicros(name, 0.99) / result.addedMicros(UserOverhead.PORTKEY, 0.99));
            }
            report.row(section, "added by " + name, added);
        }
        for (UserOverhead.Rate rate : result.rates()) {
            double direct = result.rate(UserOverhead.DIRECT, rate.clients())
                    .map(UserOverhead.Rate::requestsPerSecond)
                    .orElse(Double.NaN);
            report.row(
                    section,
                    rate.path() + ", " + rate.clients() + " clients",
                    values(
                            "throughput_rps",
                            rate.requestsPerSecond(),
                            "share_of_direct",
                            rate.requestsPerSecond() / direct,
                            "p50_us",
                            rate.latencies().medianMicros(),
                            "p99_us",
                            rate.latencies().p99Micros()));
        }
        Samples directFirst = result.firstTokens().get(UserOverhead.DIRECT);
        Samples routerFirst = result.firstTokens().get(QUALITY_FIRST);
        report.row(
                section,
                "streaming, first token, direct",
                values("p50_us", directFirst.medianMicros(), "p99_us", directFirst.p99Micros()));
        report.row(
                section,
                "streaming, first token, " + QUALITY_FIRST,
                values("p50_us", routerFirst.medianMicros(), "p99_us", routerFirst.p99Micros()));
        double firstAdded = routerFirst.medianMicros() - directFirst.medianMicros();
        report.row(
                section,
                "streaming, added to the first token",
                values("p50_added_us", firstAdded, "p99_added_us", routerFirst.p99Micros() - directFirst.p99Micros()));
        report.note(check(
                "user-overhead: streaming adds p50 %.0f us to the first token (target <= 300)",
                firstAdded <= 300, firstAdded));
        report.note(String.format(
                Locale.ROOT,
                "user-overhead: the old remote-overhead figure (router.chat(TandemRequest) on one repeated prompt,"
                        + " minus a bare OkHttp POST) reads %.0f us in this run; the user's view (ChatModel.chat on"
                        + " distinct prompts, minus the same model called directly) reads %.0f us",
                old.overheadMicros(),
                result.addedMicros(QUALITY_FIRST, 0.5)));
        if (!withPortkey) {
            report.note("user-overhead: Portkey's gateway was not measured: " + result.portkeyProblem());
        } else {
            double portkeyP50 = result.addedMicros(UserOverhead.PORTKEY, 0.5);
            double portkeyP99 = result.addedMicros(UserOverhead.PORTKEY, 0.99);
            double p50 = result.addedMicros(QUALITY_FIRST, 0.5);
            double p99 = result.addedMicros(QUALITY_FIRST, 0.99);
            report.note(check(
                    "user-overhead: Tandem (quality-first, embedding off) adds p50 %.0f us = %.2f x Portkey's %.0f us"
                            + " (target <= 0.2 x), p99 %.0f us = %.2f x Portkey's %.0f us (target <= 0.25 x)",
                    p50 <= 0.2 * portkeyP50 && p99 <= 0.25 * portkeyP99,
                    p50,
                    p50 / portkeyP50,
                    portkeyP50,
                    p99,
                    p99 / portkeyP99,
                    portkeyP99));
            double signal = result.addedMicros(TASK_SIGNAL, 0.5);
            report.note(check(
                    "user-overhead: new prompt with the task signal on adds p50 %.0f us against Portkey's %.0f us"
                            + " (target <= Portkey's)",
                    signal <= portkeyP50, signal, portkeyP50));
        }
        result.rate(QUALITY_FIRST, 16).ifPresent(rate -> {
            double share = rate.requestsPerSecond()
                    / result.rate(UserOverhead.DIRECT, 16).orElseThrow().requestsPerSecond();
            report.note(check(
                    "user-overhead: throughput at 16 clients through the router %.2f x direct (target >= 0.9)",
                    share >= 0.9, share));
        });
    }

    /** The gateway section: each path's latency and throughput, the added latency, and the target against Portkey. */
    private static void gateway(BenchReport.Builder report, GatewayOverhead.Result result) {
        String clients = ", " + GatewayOverhead.CLIENTS + " clients";
        latency(
                report,
                "gateway",
                "upstream directly (bare OkHttp POST)",
                result.direct().latency());
        latency(
                report,
                "gateway",
                "through Tandem's gateway (privacy + difficulty assessed)",
                result.tandem().latency());
        gatewayThroughput(report, "upstream directly" + clients, result.direct().throughput());
        gatewayThroughput(
                report, "through Tandem's gateway" + clients, result.tandem().throughput());
        double tandemP50 = result.tandem().latency().medianMicros()
                - result.direct().latency().medianMicros();
        double tandemP99 = result.tandem().latency().p99Micros()
                - result.direct().latency().p99Micros();
        report.row(
                "gateway", "added by Tandem's gateway", values("p50_added_us", tandemP50, "p99_added_us", tandemP99));
        if (result.portkey().isEmpty()) {
            report.note("gateway: Portkey's gateway was not measured: " + result.portkeyProblem());
            return;
        }
        GatewayOverhead.Path3 portkey = result.portkey().get();
        latency(report, "gateway", "through Portkey's gateway " + GatewayOverhead.PORTKEY_VERSION, portkey.latency());
        gatewayThroughput(report, "through Portkey's gateway" + clients, portkey.throughput());
        double portkeyP50 =
                portkey.latency().medianMicros() - result.direct().latency().medianMicros();
        double portkeyP99 =
                portkey.latency().p99Micros() - result.direct().latency().p99Micros();
        report.row(
                "gateway",
                "added by Portkey's gateway",
                values("p50_added_us", portkeyP50, "p99_added_us", portkeyP99));
        report.note(check(
                "gateway: Tandem adds p50 %.0f us, p99 %.0f us; Portkey adds p50 %.0f us, p99 %.0f us"
                        + " (target: Tandem's added p50 and p99 <= half of Portkey's)",
                tandemP50 <= portkeyP50 / 2 && tandemP99 <= portkeyP99 / 2,
                tandemP50,
                tandemP99,
                portkeyP50,
                portkeyP99));
    }

    private static void gatewayThroughput(
            BenchReport.Builder report, String name, GatewayOverhead.Throughput16 throughput) {
        report.row(
                "gateway",
                name,
                values(
                        "throughput_rps",
                        throughput.requestsPerSecond(),
                        "p50_us",
                        throughput.latencies().medianMicros(),
                        "p99_us",
                        throughput.latencies().p99Micros()));
    }

    /** Throughput at each concurrency of the options, embedding off; returns the best requests/s. */
    private static double throughputSweep(
            BenchReport.Builder report,
            TandemRouter router,
            String remote,
            List<TandemRequest> requests,
            BenchOptions options,
            PrintStream progress) {
        double best = 0;
        for (int concurrency : options.concurrency()) {
            progress.printf(
                    Locale.ROOT, "throughput: router → %s, concurrency %d, embedding off%n", remote, concurrency);
            Throughput.Result result = Throughput.run(
                    router, requests, concurrency, options.throughputWarmUp(), options.throughputMeasure());
            throughput(
                    report,
                    "throughput",
                    "router → " + remote + ", concurrency " + concurrency + ", embedding off",
                    result);
            best = Math.max(best, result.requestsPerSecond());
        }
        return best;
    }

    /** Returns the retained heap of the privacy tagger's model. */
    private static long memory(BenchReport.Builder report, TandemRequest request, int gcRounds) {
        // The first router pays for what all routers share (built-in recognizers, lexicons, compiled
        // patterns, the default policy); a second one shows the per-router cost.
        // The tagger's model first, as a copy of its own, before any router has loaded the shared one.
        long tagger = RetainedHeap.of(PrivacyTagger::readBundled, gcRounds);
        report.row("memory", "privacy tagger model (names, places, addresses)", values("retained_bytes", tagger));
        long first = RetainedHeap.of(() -> plannedRouter(request), gcRounds);
        long second = RetainedHeap.of(() -> plannedRouter(request), gcRounds);
        long policy = RetainedHeap.of(Fixtures::fiftyRulePolicy, gcRounds);
        report.row(
                "memory",
                "first router (privacy-first, built-in recognizers, embedding off, stub tiers)",
                values("retained_bytes", first));
        report.row("memory", "each further router", values("retained_bytes", second));
        report.row("memory", "a 50-rule policy", values("retained_bytes", policy));
        return tagger;
    }

    private static TandemRouter plannedRouter(TandemRequest request) {
        TandemRouter router = Fixtures.planningRouter(Fixtures.difficultyWithoutEmbedding());
        router.plan(request);
        return router;
    }

    private static void targets(
            BenchReport.Builder report,
            Samples dense2000,
            Samples off,
            Samples uncached,
            double stubbedThroughput,
            RemoteOverhead.Result remote,
            LocalRatio.Result local) {
        report.note(check(
                "privacy scan, 2,000 characters dense with personal data: p99 %.3f ms (target < 1)",
                dense2000.p99Millis() < 1, dense2000.p99Millis()));
        report.note(check(
                "decision path with the task signal (static embedding, new prompt), 200 tokens: p50 %.3f ms"
                        + " (target <= 1), p99 %.3f ms (target <= 3)",
                uncached.medianMillis() <= 1 && uncached.p99Millis() <= 3,
                uncached.medianMillis(),
                uncached.p99Millis()));
        report.note(check(
                "decision path without embedding, 200 tokens: p99 %.3f ms (target <= 0.5)",
                off.p99Millis() <= 0.5, off.p99Millis()));
        report.note(check(
                "remote overhead (router - bare OkHttp, medians): %.1f us (target <= 500)",
                remote.overheadMicros() <= 500, remote.overheadMicros()));
        report.note(check(
                "local overhead ratio (router / direct Jlama, time per token, medians): %.3f (target <= 1.02)",
                local.ratio() <= 1.02, local.ratio()));
        report.note(check(
                "throughput, remote stubbed in process, embedding off, best concurrency: %,.0f requests/s on %d cores"
                        + " (target >= 20,000 on 2 cores)",
                stubbedThroughput >= 20_000,
                stubbedThroughput,
                Runtime.getRuntime().availableProcessors()));
    }

    /** The targets of the privacy scan with the trained tagger (issue #15). */
    private static void privacyTargets(
            BenchReport.Builder report,
            Samples scan200,
            Samples dense2000,
            Samples scan100k,
            Samples scan1m,
            long taggerBytes) {
        report.note(check(
                "privacy scan with the tagger, 200-token prompt: p50 %.3f ms (target <= 0.5), p99 %.3f ms (target <= 2)",
                scan200.medianMillis() <= 0.5 && scan200.p99Millis() <= 2,
                scan200.medianMillis(),
                scan200.p99Millis()));
        report.note(check(
                "privacy scan with the tagger, 2,000 characters dense: p99 %.3f ms (target <= 3)",
                dense2000.p99Millis() <= 3, dense2000.p99Millis()));
        double perCharacter100k = scan100k.medianMicros() / 100_000;
        double perCharacter1m = scan1m.medianMicros() / 1_000_000;
        report.note(check(
                "privacy scan cost per character, 1 MB vs 100 KB text: %.4f vs %.4f us (target: linear, ratio <= 1.5)",
                perCharacter1m <= 1.5 * perCharacter100k, perCharacter1m, perCharacter100k));
        report.note(check(
                "privacy tagger model on the heap: %.1f MiB (target <= 64)",
                taggerBytes <= 64L << 20, taggerBytes / (double) (1 << 20)));
    }

    private static String check(String format, boolean met, Object... args) {
        return String.format(Locale.ROOT, format, args) + (met ? " — met" : " — MISSED");
    }

    /** Prompts of 20+ characters in the languages a policy might name; real detection cost depends on length. */
    private static final List<String> LANGUAGE_PROMPTS = List.of(
            "How do I reset the password of my account?",
            "Please summarise the attached report in three short bullet points for the board meeting.",
            "Wie kann ich das Passwort für mein Kundenkonto zurücksetzen?",
            "Bitte fassen Sie den beigefügten Bericht in drei kurzen Stichpunkten für die Vorstandssitzung zusammen.",
            "ฉันจะเปลี่ยนรหัสผ่านของบัญชีได้อย่างไร",
            "ช่วยสรุปรายงานที่แนบมาเป็นสามข้อสั้นๆ สำหรับการประชุมคณะกรรมการหน่อยได้ไหม");

    /**
     * The specialists' extra costs: one language detection per prompt, and switching between two local
     * models under a memory budget that holds one (each call closes one model and loads the other).
     */
    private static void specialists(BenchReport.Builder report, Budget budget) {
        dev.tandem.router.assess.LanguageDetection detection =
                dev.tandem.router.assess.LanguageDetection.of(java.util.Set.of("de", "th"));
        int[] next = {0};
        Samples detect =
                Harness.time(budget, () -> detection.detect(LANGUAGE_PROMPTS.get(next[0]++ % LANGUAGE_PROMPTS.size())));
        latency(report, "assessment", "language detection, prompts of 38-104 characters, 3 languages loaded", detect);
        java.nio.file.Path work;
        try {
            work = java.nio.file.Files.createTempDirectory("tandem-bench-switch");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        dev.tandem.local.forge.ModelShape shape =
                dev.tandem.local.forge.ModelShape.ofDefaults(dev.tandem.local.forge.ModelShape.Architecture.QWEN2);
        java.nio.file.Path first = dev.tandem.local.forge.ModelForge.forge(shape, work.resolve("first"));
        java.nio.file.Path second = dev.tandem.local.forge.ModelForge.forge(
                shape.toBuilder().seed(7).build(), work.resolve("second"));
        long weights = dev.tandem.local.LocalModelMemory.estimate(first).weightsBytes();
        dev.tandem.local.ModelMemoryBudget oneModel = dev.tandem.local.ModelMemoryBudget.of(weights + weights / 2);
        try (dev.tandem.local.LocalModels locals = dev.tandem.local.LocalModels.builder()
                .memoryBudget(oneModel)
                .model(
                        "first",
                        dev.tandem.local.JlamaLocalModel.builder()
                                .modelDirectory(first)
                                .maxNewTokens(1))
                .model(
                        "second",
                        dev.tandem.local.JlamaLocalModel.builder()
                                .modelDirectory(second)
                                .maxNewTokens(1))
                .build()) {
            Budget few = budget.cappedAt(40);
            Samples same = Harness.time(few, () -> locals.chatModel("first").chat("Hi"));
            String[] names = {"first", "second"};
            int[] turn = {0};
            Samples switching = Harness.time(
                    few, () -> locals.chatModel(names[turn[0]++ % 2]).chat("Hi"));
            latency(report, "local models", "one-token answer, same model (0.5M-parameter forged model)", same);
            latency(report, "local models", "one-token answer, switching model (close one, load the other)", switching);
        }
    }

    private static void latency(BenchReport.Builder report, String section, String name, Samples samples) {
        report.row(
                section,
                name,
                values(
                        "p50_us",
                        samples.medianMicros(),
                        "p99_us",
                        samples.p99Micros(),
                        "samples",
                        samples.count(),
                        "cpu_share",
                        samples.cpuShare()));
    }

    private static void throughput(BenchReport.Builder report, String section, String name, Throughput.Result result) {
        report.row(
                section,
                name,
                values(
                        "throughput_rps",
                        result.requestsPerSecond(),
                        "p50_us",
                        result.latencies().medianMicros(),
                        "p99_us",
                        result.latencies().p99Micros(),
                        "requests",
                        result.requests()));
    }

    private static Map<String, Double> localValues(LocalRatio.PathTimings timings) {
        return values(
                "ttft_ms", timings.timeToFirstToken().medianMillis(),
                "ttft_p99_ms", timings.timeToFirstToken().p99Millis(),
                "tps", timings.tokensPerSecond(),
                "decode_tps", timings.decodeTokensPerSecond(),
                "tokens", timings.tokens());
    }

    private static Map<String, Double> values(Object... pairs) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            double value = ((Number) pairs[i + 1]).doubleValue();
            // JSON has no NaN: a number that was not measured is left out.
            if (!Double.isNaN(value)) {
                values.put((String) pairs[i], value);
            }
        }
        return values;
    }
}
