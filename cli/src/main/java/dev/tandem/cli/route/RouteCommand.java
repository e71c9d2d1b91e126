package dev.tandem.cli.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.json.BatchRequest;
import dev.tandem.cli.json.ResultJson;
import dev.tandem.cli.setup.PolicyOption;
import dev.tandem.cli.setup.RouterSetup;
import dev.tandem.core.exception.TandemException;
import dev.tandem.router.TandemRouter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem route --jsonl}: the decision for each request, without calling any model. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = {
            "Decide where each request would go, without calling any model (a dry run).",
            "Input: the chat --batch lines. Output, one line each: {\"id\": ..., \"decision\": {...}}."
        })
public final class RouteCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--jsonl", required = true, description = "Read JSONL requests from stdin, write JSONL decisions.")
    private boolean jsonl;

    @Override
    public void run() {
        Console console = parent.console();
        try (RouterSetup setup = RouterSetup.fromEnvironment(console.environment(), policy.load(), List.of())) {
            setup.printNotices(console.err());
            BufferedReader reader = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
            int lineNumber = 0;
            for (Iterator<String> lines = reader.lines().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                lineNumber++;
                if (!line.isBlank()) {
                    console.out().println(ResultJson.line(decide(setup.router(), line, lineNumber)));
                }
            }
        } catch (TandemException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not release the models", e);
        }
    }

    private static ObjectNode decide(TandemRouter router, String line, int lineNumber) {
        ObjectNode result = ResultJson.object();
        try {
            BatchRequest request = BatchRequest.parse(line, lineNumber);
            result.set("id", request.id());
            TandemRouter.Plan plan = router.plan(request.request());
            result.set("decision", ResultJson.decision(plan.assessment(), plan.decision()));
        } catch (BatchRequest.MalformedLineException e) {
            result.set("id", e.id());
            result.set("error", ResultJson.error("MalformedInput", e.getMessage()));
        } catch (TandemException e) {
            result.set("error", ResultJson.error(e.getClass().getSimpleName(), e.getMessage()));
        }
        return result;
    }
}
