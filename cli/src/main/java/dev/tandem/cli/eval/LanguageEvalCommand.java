package dev.tandem.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Console;
import dev.tandem.core.assessment.DetectedLanguage;
import dev.tandem.router.assess.LanguageDetection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem eval languages DIR}: the {@code language} condition's detector on real sentences of the
 * shared NER corpora, one language per corpus, with its accuracy and its cost per prompt.
 */
@Command(
        name = "languages",
        mixinStandardHelpOptions = true,
        description = {
            "Score the language detector behind the policy's `language` condition on real sentences: the test",
            "splits of GUM and WNUT17 (en), LER (de), NorNE Bokmål (nb) and Nynorsk (nn) in DIR (shared/data/privacy).",
            "The detector loads the languages given with --languages plus English, as a policy naming them would.",
            "Prints accuracy per language and a confusion table for sentences of at least --min-chars characters,",
            "and the median and 99th percentile cost of one detection."
        })
public final class LanguageEvalCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each corpus file and the language its sentences are written in. */
    private static final Map<String, String> CORPORA = corpora();

    @ParentCommand
    private EvalCommand parent;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder of the shared privacy corpora.")
    private Path dir;

    @Option(
            names = "--languages",
            split = ",",
            defaultValue = "de,nb,nn",
            paramLabel = "CODES",
            description = "The languages the policy names; English is always added (default: ${DEFAULT-VALUE}).")
    private List<String> languages;

    @Option(names = "--min-chars", defaultValue = "20", paramLabel = "N", description = "Shortest sentence scored.")
    private int minChars;

    @Option(names = "--per-language", defaultValue = "2000", paramLabel = "N", description = "Sentences per language.")
    private int perLanguage;

    private static Map<String, String> corpora() {
        Map<String, String> corpora = new LinkedHashMap<>();
        corpora.put("gum.test.jsonl", "en");
        corpora.put("wnut17.test.jsonl", "en");
        corpora.put("ler.test.jsonl", "de");
        corpora.put("norne-nob.test.jsonl", "nb");
        corpora.put("norne-nno.test.jsonl", "nn");
        return corpora;
    }

    @Override
    public void run() {
        Console console = parent.console();
        LanguageDetection detection = LanguageDetection.of(new LinkedHashSet<>(languages));
        Map<String, List<String>> sentences = new LinkedHashMap<>();
        CORPORA.forEach((file, language) -> {
            if (detection.languages().contains(language)) {
                List<String> texts = sentences.computeIfAbsent(language, l -> new ArrayList<>());
                for (String text : read(dir.resolve(file))) {
                    if (text.length() >= minChars && texts.size() < perLanguage) {
                        texts.add(text);
                    }
                }
            }
        });
        // Warm up so that the timings measure detection, not class loading and JIT compilation.
        sentences.values().forEach(texts -> texts.stream().limit(200).forEach(detection::detect));
        ClassificationTable table = new ClassificationTable();
        List<Long> nanos = new ArrayList<>();
        int total = sentences.values().stream().mapToInt(List::size).sum();
        ProgressBar progress = new ProgressBar(console.err(), console.interactive());
        int done = 0;
        for (Map.Entry<String, List<String>> entry : sentences.entrySet()) {
            for (String text : entry.getValue()) {
                long start = System.nanoTime();
                String predicted =
                        detection.detect(text).map(DetectedLanguage::isoCode).orElse("none");
                nanos.add(System.nanoTime() - start);
                table.add(entry.getKey(), predicted);
                if (++done % 200 == 0 || done == total) {
                    progress.update("detecting", done, total);
                }
            }
        }
        progress.done();
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        PrintStream out = console.out();
        out.printf(
                Locale.ROOT,
                "%d sentences of %d+ characters; detector languages %s%n",
                total,
                minChars,
                detection.languages());
        out.printf(
                Locale.ROOT,
                "cost per detection: p50 %.3f ms, p99 %.3f ms (one thread, after warm-up)%n",
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6);
        table.print(out, "language");
    }

    private static List<String> read(Path file) {
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    texts.add(node.path("text").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + file + " (give the folder of the shared privacy corpora)", e);
        }
        return texts;
    }

    @Override
    public String toString() {
        return "LanguageEvalCommand" + Arrays.asList(dir, languages);
    }
}
