package dev.tandem.router.difficulty.evaluation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prompt with what each model did on it, read from a JSON Lines file where each line is either
 * {@code {"prompt": "...", "small_correct": true, "large_correct": true}} or {@code {"prompt": "...",
 * "label": "local|remote"}}. A {@code local} label reads as both models correct, {@code remote} as only
 * the large one correct. An optional {@code source} (such as {@code mmlu:college_physics}) names where
 * the line comes from: calibration validates leaving whole sources out and reports per source. Other
 * fields (such as {@code id} or {@code task}) are ignored.
 *
 * @param fromLabel whether the line gave a {@code label} rather than both outcomes
 * @param source the line's {@code source}, empty when it has none
 */
public record LabelledPrompt(
        String prompt, boolean smallCorrect, boolean largeCorrect, boolean fromLabel, Optional<String> source) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED_PROBLEMS = 10;

    public LabelledPrompt {
        requireNonNull(prompt, "prompt");
        requireNonNull(source, "source");
    }

    /** A line without a source. */
    public LabelledPrompt(String prompt, boolean smallCorrect, boolean largeCorrect, boolean fromLabel) {
        this(prompt, smallCorrect, largeCorrect, fromLabel, Optional.empty());
    }

    /** What {@link #read(Path, boolean, Duplicates)} does with a prompt that appears on two lines. */
    public enum Duplicates {
        /** Keep every line (evaluation counts each). */
        KEEP,
        /** Refuse the file, naming the lines (calibration: a repeated prompt leaks across validation folds). */
        REFUSE,
        /** Keep the first line of each prompt. */
        DROP
    }

    /**
     * Reads a labelled JSONL file; blank lines are skipped.
     *
     * @param requireOutcomes whether every line must carry both {@code small_correct} and {@code
     *     large_correct} (evaluation needs them; calibration also takes labels)
     * @throws IllegalArgumentException listing the first bad lines, each with its line number
     */
    public static List<LabelledPrompt> read(Path file, boolean requireOutcomes) {
        return read(file, requireOutcomes, Duplicates.KEEP);
    }

    /**
     * As {@link #read(Path, boolean)}, deciding what a repeated prompt does.
     *
     * @throws IllegalArgumentException also for a repeated prompt under {@link Duplicates#REFUSE}, with both
     *     line numbers
     */
    public static List<LabelledPrompt> read(Path file, boolean requireOutcomes, Duplicates duplicates) {
        List<LabelledPrompt> prompts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    LabelledPrompt prompt = parse(line, requireOutcomes);
                    Integer first =
                            duplicates == Duplicates.KEEP ? null : firstLine.putIfAbsent(prompt.prompt(), number);
                    if (first == null) {
                        prompts.add(prompt);
                    } else if (duplicates == Duplicates.REFUSE) {
                        throw new IllegalArgumentException("repeats the prompt of line " + first
                                + " (a repeated prompt would be scored by a model that saw it; drop repeats with"
                                + " --drop-duplicates)");
                    }
                } catch (IllegalArgumentException e) {
                    problemCount++;
                    if (problems.size() < MAX_REPORTED_PROBLEMS) {
                        problems.add(file + ":" + number + ": " + e.getMessage());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("labelled data file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (problemCount > 0) {
            throw new IllegalArgumentException(problemCount + " bad line(s) in " + file + ":\n  "
                    + String.join("\n  ", problems)
                    + (problemCount > problems.size() ? "\n  ..." : ""));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no labelled prompt");
        }
        return List.copyOf(prompts);
    }

    /** Parses one line. */
    public static LabelledPrompt parse(String line, boolean requireOutcomes) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!node.path("prompt").isTextual() || node.get("prompt").asText().isBlank()) {
            throw new IllegalArgumentException("\"prompt\" must be a non-empty string");
        }
        String prompt = node.get("prompt").asText();
        Optional<String> source = Optional.empty();
        if (node.hasNonNull("source")) {
            if (!node.get("source").isTextual() || node.get("source").asText().isBlank()) {
                throw new IllegalArgumentException("\"source\" must be a non-empty string when present");
            }
            source = Optional.of(node.get("source").asText());
        }
        boolean hasSmall = node.has("small_correct");
        boolean hasLarge = node.has("large_correct");
        if (hasSmall || hasLarge || requireOutcomes) {
            for (String field : List.of("small_correct", "large_correct")) {
                if (!node.path(field).isBoolean()) {
                    throw new IllegalArgumentException(
                            "\"small_correct\" and \"large_correct\" must both be true or" + " false; \"" + field
                                    + "\" " + (node.has(field) ? "is " + node.get(field) : "is missing"));
                }
            }
            return new LabelledPrompt(
                    prompt,
                    node.get("small_correct").asBoolean(),
                    node.get("large_correct").asBoolean(),
                    false,
                    source);
        }
        String label = node.path("label").asText("");
        return switch (label) {
            case "local" -> new LabelledPrompt(prompt, true, true, true, source);
            case "remote" -> new LabelledPrompt(prompt, false, true, true, source);
            default ->
                throw new IllegalArgumentException("needs \"small_correct\" and \"large_correct\", or \"label\": "
                        + "\"local\" or \"remote\" (was " + (node.has("label") ? "'" + label + "'" : "missing") + ")");
        };
    }

    @Override
    public String toString() {
        // Prompts may hold personal data.
        return "LabelledPrompt[" + prompt.length() + " chars, small=" + smallCorrect + ", large=" + largeCorrect + "]";
    }
}
