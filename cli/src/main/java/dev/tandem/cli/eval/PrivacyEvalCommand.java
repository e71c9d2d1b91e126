package dev.tandem.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.cli.Console;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.privacy.evaluation.AddressSetGenerator;
import dev.tandem.privacy.evaluation.LabelledText;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import dev.tandem.privacy.evaluation.PrivacyEvaluationReport;
import dev.tandem.privacy.evaluation.ScoredTypes;
import dev.tandem.privacy.evaluation.SpanMatching;
import dev.tandem.privacy.evaluation.TypeMetrics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem eval privacy}: how well the privacy scan finds labelled entities on the shared corpora,
 * the generated address set and the texts without personal data, side by side with peers' predictions.
 */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = {
            "Scan labelled texts with the default privacy scanner and report, per split and per type (PERSON,",
            "LOCATION, ORGANIZATION, ADDRESS, EMAIL, PHONE), precision, recall and F1 with partial matching (same",
            "type, overlap of at least half the longer span) and F1 with exact matching (same offsets); and the",
            "leak rate: texts with a gold person, address, e-mail or phone where some letter or digit of it is not",
            "covered by a detected high or restricted span; and the false-alarm rate on texts without one.",
            "Default input: every *.dev.jsonl and *.test.jsonl in ../shared/data/privacy and datasets/privacy,",
            "plus the generated multilingual address test set when <data>/resources exists.",
            "Input lines: {\"text\": \"...\", \"spans\": [{\"type\": \"PERSON\", \"start\": 0, \"end\": 12}]},"
                    + " offsets as UTF-16 indices."
        })
public final class PrivacyEvalCommand implements Runnable {

    static final String TANDEM = "tandem";
    static final String ADDRESS_SPLIT = "addresses.test";
    /** The seed of the generated address test set, so that every run measures the same texts. */
    static final long ADDRESS_SEED = 15;
    /**
     * The held-out MMLU questions of the routing data: text a router must send on, full of names of
     * historical and fictional people, which the flagged share measures against.
     */
    static final String EXAM_SPLIT = "exam-questions.test";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT_JSON = new ObjectMapper();

    @ParentCommand
    private EvalCommand parent;

    @Parameters(
            arity = "0..*",
            paramLabel = "FILE.jsonl",
            description = "Labelled files to evaluate instead of the data folders' splits.")
    private List<Path> files = new ArrayList<>();

    @Option(
            names = "--data",
            split = ",",
            paramLabel = "DIR",
            description = "Folders with *.dev.jsonl and *.test.jsonl splits; missing ones are skipped"
                    + " (default: ../shared/data/privacy,datasets/privacy).")
    private List<Path> dataDirs =
            new ArrayList<>(List.of(Path.of("../shared/data/privacy"), Path.of("datasets/privacy")));

    @Option(
            names = "--splits",
            split = ",",
            paramLabel = "NAME",
            description = "Keep only splits whose name contains one of these (e.g. wnut17,gum.test,addresses).")
    private List<String> splitFilter = new ArrayList<>();

    @Option(
            names = "--peers",
            paramLabel = "DIR",
            description = "Peer predictions: DIR/<peer>/<split>.jsonl, one line per input line"
                    + " (benchmarks/peers/privacy/run.js writes them).")
    private @Nullable Path peers;

    @Option(
            names = "--addresses",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Texts in the generated address test set (0 leaves it out; default: ${DEFAULT-VALUE}).")
    private int addresses;

    @Option(
            names = "--write-generated",
            paramLabel = "DIR",
            description = "Also write the generated address test set as DIR/" + ADDRESS_SPLIT + ".jsonl.")
    private @Nullable Path writeGenerated;

    @Option(
            names = "--exam-questions",
            defaultValue = "datasets/routing/mmlu-heldout.jsonl",
            paramLabel = "FILE",
            description = "Exam questions ({\"prompt\": ...} lines) scored as the split " + EXAM_SPLIT
                    + ": every span flagged high or restricted counts as a false alarm (default: ${DEFAULT-VALUE};"
                    + " skipped when missing).")
    private Path examQuestions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    private @Nullable Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the tables as Markdown.")
    private @Nullable Path markdown;

    @Override
    public void run() {
        if (addresses < 0) {
            throw new IllegalArgumentException("--addresses must be 0 or more, was " + addresses);
        }
        Console console = parent.console();
        Map<String, List<LabelledText>> splits = splits(console);
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("no splits to evaluate: none of " + dataDirs
                    + " has *.dev.jsonl or *.test.jsonl files"
                    + (splitFilter.isEmpty() ? "" : " matching " + splitFilter)
                    + "; pass --data DIR or FILE.jsonl");
        }
        Map<String, PeerPredictions> peerSets = peers == null ? Map.of() : PeerPredictions.readAll(peers, splits);
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        List<SplitResult> results = new ArrayList<>();
        for (Map.Entry<String, List<LabelledText>> split : withPools(splits).entrySet()) {
            Map<String, SystemResult> systems = new LinkedHashMap<>();
            systems.put(
                    TANDEM, evaluate(split.getKey(), TANDEM, PrivacyScanners.defaults(), split.getValue(), progress));
            for (Map.Entry<String, PeerPredictions> peer : peerSets.entrySet()) {
                if (peer.getValue().covers(split.getKey())) {
                    systems.put(
                            peer.getKey(),
                            evaluate(
                                    split.getKey(),
                                    peer.getKey(),
                                    peer.getValue().scanner(),
                                    split.getValue(),
                                    progress));
                }
            }
            results.add(new SplitResult(split.getKey(), split.getValue().size(), systems));
        }
        progress.done();
        String tables = PrivacyEvalTables.markdown(results);
        console.out().print(tables);
        write(markdown, tables);
        if (json != null) {
            try {
                JSON.writeValue(json.toFile(), PrivacyEvalTables.json(results));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
            }
            console.out().println("wrote " + json);
        }
        if (markdown != null) {
            console.out().println("wrote " + markdown);
        }
    }

    private Map<String, List<LabelledText>> splits(Console console) {
        Map<String, List<LabelledText>> splits = new LinkedHashMap<>();
        if (!files.isEmpty()) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no such file: " + file);
                }
                splits.put(file.getFileName().toString().replaceFirst("\\.jsonl$", ""), read(file));
            }
            return splits;
        }
        if (Files.isRegularFile(examQuestions) && selected(EXAM_SPLIT)) {
            splits.put(EXAM_SPLIT, examQuestions(examQuestions));
        }
        for (Path dir : dataDirs) {
            if (!Files.isDirectory(dir)) {
                console.err().println("skipping " + dir + ": no such folder");
                continue;
            }
            try (Stream<Path> listing = Files.list(dir)) {
                for (Path file : listing.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.matches(".+\\.(dev|test)\\.jsonl") && selected(name.replaceFirst("\\.jsonl$", ""))) {
                        splits.put(name.replaceFirst("\\.jsonl$", ""), read(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
            Path resources = dir.resolve("resources");
            if (addresses > 0 && Files.isDirectory(resources) && selected(ADDRESS_SPLIT)) {
                List<AddressSetGenerator.Sample> samples = AddressSetGenerator.load(resources)
                        .generate(AddressSetGenerator.Split.TEST, addresses, ADDRESS_SEED);
                List<LabelledText> generated = AddressSetGenerator.labelled(samples);
                splits.put(ADDRESS_SPLIT, generated);
                if (writeGenerated != null) {
                    writeJsonl(writeGenerated.resolve(ADDRESS_SPLIT + ".jsonl"), generated);
                    console.out().println("wrote " + writeGenerated.resolve(ADDRESS_SPLIT + ".jsonl"));
                }
            }
        }
        return splits;
    }

    private boolean selected(String split) {
        return splitFilter.isEmpty() || splitFilter.stream().anyMatch(split::contains);
    }

    /** The splits, then pooled rows: English test (WNUT-17 + GUM), the target set. */
    private static Map<String, List<LabelledText>> withPools(Map<String, List<LabelledText>> splits) {
        Map<String, List<LabelledText>> all = new LinkedHashMap<>(splits);
        if (splits.containsKey("wnut17.test") && splits.containsKey("gum.test")) {
            List<LabelledText> english = new ArrayList<>(splits.get("wnut17.test"));
            english.addAll(splits.get("gum.test"));
            all.put(PrivacyEvalTables.ENGLISH_TEST, english);
        }
        return all;
    }

    private static SystemResult evaluate(
            String split, String system, PrivacyScanner scanner, List<LabelledText> texts, ProgressBar progress) {
        // Both matchings score the same detections: scan each text once.
        Map<String, List<EntitySpan>> scanned = new IdentityHashMap<>();
        int[] done = {0};
        PrivacyScanner once = ScoredTypes.detected(text -> scanned.computeIfAbsent(text, t -> {
            List<EntitySpan> spans = scanner.scan(t);
            progress.update(split + " " + system, ++done[0], texts.size());
            return spans;
        }));
        List<LabelledText> gold = texts.stream().map(ScoredTypes::gold).toList();
        PrivacyEvaluationReport partial = PrivacyEvaluation.of(once, ScoredTypes.levels(), SpanMatching.HALF_OVERLAP)
                .evaluate(gold);
        PrivacyEvaluationReport exact = PrivacyEvaluation.of(once, ScoredTypes.levels(), SpanMatching.EXACT)
                .evaluate(gold);
        return new SystemResult(partial, exact);
    }

    private static List<LabelledText> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return PrivacyEvaluation.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The prompts of a routing file, without gold spans. */
    private static List<LabelledText> examQuestions(Path file) {
        List<LabelledText> texts = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    texts.add(new LabelledText(
                            COMPACT_JSON.readTree(line).path("prompt").asText(), List.of()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return texts;
    }

    private static void writeJsonl(Path file, List<LabelledText> texts) {
        StringBuilder out = new StringBuilder();
        for (LabelledText text : texts) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", text.text());
            List<Map<String, Object>> spans = new ArrayList<>();
            for (EntitySpan span : text.spans()) {
                // Ordered keys, so that the same set gives the same bytes (Map.of's order varies per run).
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("type", span.type().name());
                fields.put("start", span.start());
                fields.put("end", span.end());
                spans.add(fields);
            }
            line.put("spans", spans);
            try {
                out.append(COMPACT_JSON.writeValueAsString(line)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        write(file, out.toString());
    }

    private static void write(@Nullable Path file, String content) {
        if (file == null) {
            return;
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One system's reports on one split, under partial and exact matching. */
    record SystemResult(PrivacyEvaluationReport partial, PrivacyEvaluationReport exact) {

        TypeMetrics partialOf(EntityType type) {
            return partial.metrics(type);
        }

        TypeMetrics exactOf(EntityType type) {
            return exact.metrics(type);
        }
    }

    /** All systems on one split. */
    record SplitResult(String split, int texts, Map<String, SystemResult> systems) {}
}
