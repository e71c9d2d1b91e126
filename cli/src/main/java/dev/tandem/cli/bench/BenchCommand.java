package dev.tandem.cli.bench;

import dev.tandem.bench.Bench;
import dev.tandem.bench.BenchOptions;
import dev.tandem.bench.BenchReport;
import dev.tandem.cli.TandemCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem bench}: measures what routing costs on this machine (see docs/benchmarks.md). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the router on this machine: assessment, policy and decision-path",
            "latency, throughput against a loopback server, remote and local overhead",
            "ratios, retained heap. Prints medians, p99s and ratios; --json writes the",
            "same numbers. A full run takes about 5 minutes on 2 cores (the first also",
            "forges a Qwen2.5-0.5B-shaped model); --quick about one. See docs/benchmarks.md."
        })
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    private TandemCommand parent;

    @Option(names = "--quick", description = "Fewer iterations and a smaller forged model: under two minutes.")
    private boolean quick;

    @Option(
            names = "--tiny",
            hidden = true,
            description = "A few samples of everything on the smallest model, for tests (seconds).")
    private boolean tiny;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    private Path json;

    @Override
    public Integer call() {
        Path work = parent.console().environment().cacheDirectory().resolve("bench");
        BenchOptions options =
                tiny ? BenchOptions.tiny(work) : quick ? BenchOptions.quick(work) : BenchOptions.full(work);
        BenchReport report = Bench.run(options, parent.console().err());
        report.printTable(parent.console().out());
        if (json != null) {
            report.writeJson(json);
            parent.console().err().println("wrote " + json);
        }
        return 0;
    }
}
