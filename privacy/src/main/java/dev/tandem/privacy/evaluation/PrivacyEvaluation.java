package dev.tandem.privacy.evaluation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.SensitivityLevels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures a {@link PrivacyScanner} against labelled texts.
 *
 * <pre>{@code
 * PrivacyEvaluationReport report = PrivacyEvaluation.of(PrivacyScanners.defaults())
 *         .evaluate(Path.of("datasets/privacy/dev.jsonl"));
 * System.out.print(report.renderTable());
 * }</pre>
 *
 * <p>Input: JSON lines {@code {"text": "...", "spans": [{"type": "EMAIL", "start": 10, "end": 29}]}},
 * offsets in UTF-16 units of the text, end exclusive; other fields are ignored.
 *
 * <p>Span metrics: a detected span matches a gold span of the same type under the {@link
 * SpanMatching} (by default, an overlap of at least half the longer span); each span matches at most
 * once, the pairs with the largest overlap first. Unmatched detections are false positives,
 * unmatched gold spans false negatives.
 *
 * <p>Request-level rates use the {@link SensitivityLevels}: a text leaks when a letter or digit of a
 * gold {@code high} or {@code restricted} span lies outside every detected {@code high} or {@code
 * restricted} span, whatever their types, because that is what privacy-first redaction would miss. A
 * false alarm is a text with no such gold span where the scan reports one. Thread-safe when the
 * scanner is.
 */
public final class PrivacyEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivacyScanner scanner;
    private final SensitivityLevels levels;
    private final SpanMatching matching;

    private PrivacyEvaluation(PrivacyScanner scanner, SensitivityLevels levels, SpanMatching matching) {
        this.scanner = requireNonNull(scanner, "scanner");
        this.levels = requireNonNull(levels, "levels");
        this.matching = requireNonNull(matching, "matching");
    }

    /** Default levels and half-overlap matching. */
    public static PrivacyEvaluation of(PrivacyScanner scanner) {
        return new PrivacyEvaluation(scanner, SensitivityLevels.ofDefaults(), SpanMatching.HALF_OVERLAP);
    }

    public static PrivacyEvaluation of(PrivacyScanner scanner, SensitivityLevels levels, SpanMatching matching) {
        return new PrivacyEvaluation(scanner, levels, matching);
    }

    public PrivacyEvaluationReport evaluate(Path jsonl) {
        try (Reader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            return evaluate(read(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read evaluation set " + jsonl + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON lines; blank lines are skipped. A malformed line fails with its line number and the
     * problem, never with its text.
     */
    public static List<LabelledText> read(Reader reader) throws IOException {
        List<LabelledText> texts = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            texts.add(parse(line, number));
        }
        return texts;
    }

    private static LabelledText parse(String line, int number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + number + " is not valid JSON (column "
                    + e.getLocation().getColumnNr() + "); expected {\"text\": ..., \"spans\": [...]}");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("line " + number + " has no string field 'text'");
        }
        List<EntitySpan> spans = new ArrayList<>();
        JsonNode spanNodes = node.get("spans");
        if (spanNodes != null && !spanNodes.isArray()) {
            throw new IllegalArgumentException("line " + number + ": 'spans' must be an array");
        }
        if (spanNodes != null) {
            int index = 0;
            for (JsonNode span : spanNodes) {
                JsonNode type = span.get("type");
                JsonNode start = span.get("start");
                JsonNode end = span.get("end");
                if (type == null
                        || !type.isTextual()
                        || start == null
                        || !start.isInt()
                        || end == null
                        || !end.isInt()) {
                    throw new IllegalArgumentException("line " + number + ", span " + index
                            + ": needs a string 'type' and integer 'start' and 'end'");
                }
                try {
                    spans.add(new EntitySpan(EntityType.of(type.asText()), start.asInt(), end.asInt(), 1.0));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + number + ", span " + index + ": " + e.getMessage(), e);
                }
                index++;
            }
        }
        try {
            return new LabelledText(text.asText(), spans);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
        }
    }

    public PrivacyEvaluationReport evaluate(List<LabelledText> texts) {
        Map<EntityType, TypeMetrics> rows = new TreeMap<>();
        int withDirect = 0;
        int leaked = 0;
        int withoutDirect = 0;
        int falseAlarms = 0;
        for (LabelledText labelled : texts) {
            List<EntitySpan> detected = scanner.scan(labelled.text());
            countSpans(labelled.spans(), detected, rows);
            List<EntitySpan> goldDirect = direct(labelled.spans());
            List<EntitySpan> detectedDirect = direct(detected);
            if (goldDirect.isEmpty()) {
                withoutDirect++;
                if (!detectedDirect.isEmpty()) {
                    falseAlarms++;
                }
            } else {
                withDirect++;
                if (!covered(labelled.text(), goldDirect, detectedDirect)) {
                    leaked++;
                }
            }
        }
        TypeMetrics overall = new TypeMetrics(EntityType.of("ALL"), 0, 0, 0);
        for (TypeMetrics row : rows.values()) {
            overall = overall.plus(row);
        }
        return new PrivacyEvaluationReport(
                texts.size(),
                List.copyOf(rows.values()),
                overall,
                withDirect,
                leaked,
                withoutDirect,
                falseAlarms,
                matching);
    }

    private record Pair(int gold, int detected, int overlap) {}

    private void countSpans(List<EntitySpan> gold, List<EntitySpan> detected, Map<EntityType, TypeMetrics> rows) {
        List<Pair> pairs = new ArrayList<>();
        for (int g = 0; g < gold.size(); g++) {
            for (int d = 0; d < detected.size(); d++) {
                int overlap = matching.match(gold.get(g), detected.get(d));
                if (overlap > 0) {
                    pairs.add(new Pair(g, d, overlap));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(Pair::overlap)
                .reversed()
                .thenComparingInt(Pair::gold)
                .thenComparingInt(Pair::detected));
        boolean[] goldMatched = new boolean[gold.size()];
        boolean[] detectedMatched = new boolean[detected.size()];
        for (Pair pair : pairs) {
            if (!goldMatched[pair.gold()] && !detectedMatched[pair.detected()]) {
                goldMatched[pair.gold()] = true;
                detectedMatched[pair.detected()] = true;
                add(rows, gold.get(pair.gold()).type(), 1, 0, 0);
            }
        }
        for (int g = 0; g < gold.size(); g++) {
            if (!goldMatched[g]) {
                add(rows, gold.get(g).type(), 0, 0, 1);
            }
        }
        for (int d = 0; d < detected.size(); d++) {
            if (!detectedMatched[d]) {
                add(rows, detected.get(d).type(), 0, 1, 0);
            }
        }
    }

    private static void add(Map<EntityType, TypeMetrics> rows, EntityType type, int tp, int fp, int fn) {
        rows.merge(type, new TypeMetrics(type, tp, fp, fn), TypeMetrics::plus);
    }

    private List<EntitySpan> direct(List<EntitySpan> spans) {
        return spans.stream()
                .filter(span -> levels.levelOf(span.type()).isAtLeast(Sensitivity.HIGH))
                .toList();
    }

    /** True when every letter and digit of every gold span lies inside some detected span. */
    static boolean covered(String text, List<EntitySpan> gold, List<EntitySpan> detected) {
        for (EntitySpan span : gold) {
            for (int i = span.start(); i < span.end(); i++) {
                if (!Character.isLetterOrDigit(text.charAt(i))) {
                    continue;
                }
                int at = i;
                if (detected.stream().noneMatch(d -> d.start() <= at && at < d.end())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PrivacyEvaluation[scanner=" + scanner + ", matching=" + matching + "]";
    }
}
