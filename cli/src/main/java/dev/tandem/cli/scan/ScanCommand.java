package dev.tandem.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.json.ResultJson;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.SensitivityLevels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tandem scan --jsonl}: the personal data and secrets in each text, by type and UTF-16 offsets. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        description = {
            "Find personal data and secrets. Input lines {\"id\": ..., \"text\": \"...\"};",
            "output lines {\"id\", \"sensitivity\", \"spans\": [{\"type\", \"start\", \"end\", \"score\"}]},",
            "with offsets as Java String (UTF-16) indices. Values found are never printed."
        })
public final class ScanCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private TandemCommand parent;

    @Option(names = "--jsonl", required = true, description = "Read JSONL texts from stdin, write JSONL findings.")
    private boolean jsonl;

    private final SensitivityLevels levels = SensitivityLevels.ofDefaults();

    @Override
    public void run() {
        Console console = parent.console();
        // Built here, not when picocli creates the command, so that other commands run without it.
        PrivacyScanner scanner = PrivacyScanners.defaults();
        BufferedReader reader = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (Iterator<String> lines = reader.lines().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            lineNumber++;
            if (!line.isBlank()) {
                console.out().println(ResultJson.line(scan(scanner, line, lineNumber)));
            }
        }
    }

    private ObjectNode scan(PrivacyScanner scanner, String line, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return malformed(NullNode.getInstance(), "line " + lineNumber + " is not valid JSON");
        }
        JsonNode id = node.path("id").isMissingNode() ? NullNode.getInstance() : node.get("id");
        if (!node.path("text").isTextual()) {
            return malformed(id, "line " + lineNumber + ": \"text\" must be a string");
        }
        List<EntitySpan> spans = scanner.scan(node.get("text").asText());
        return ResultJson.scan(
                id, levels.highestLevel(spans.stream().map(EntitySpan::type).toList()), spans);
    }

    private static ObjectNode malformed(JsonNode id, String message) {
        ObjectNode result = ResultJson.object();
        result.set("id", id);
        result.set("error", ResultJson.error("MalformedInput", message));
        return result;
    }
}
