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
import java.util.List;

/**
 * A prompt with what each model did on it, read from a JSON Lines file where each line is either
 * {@code {"prompt": "...", "small_correct": true, "large_correct": true}} or {@code {"prompt": "...",
 * "label": "local|remote"}}. A {@code local} label reads as both models correct, {@code remote} as only
 * the large one correct. Other fields (such as {@code id} or {@code task}) are ignored.
 *
 * @param fromLabel whether the line gave a {@code label} rather than both outcomes
 */
public record LabelledPrompt(String prompt, boolean smallCorrect, boolean largeCorrect, boolean fromLabel) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED_PROBLEMS = 10;

    public LabelledPrompt {
        requireNonNull(prompt, "prompt");
    }

    /**
     * Reads a labelled JSONL file; blank lines are skipped.
     *
     * @param requireOutcomes whether every line must carry both {@code small_correct} and {@code
     *     large_correct} (evaluation needs them; calibration also takes labels)
     * @throws IllegalArgumentException listing the first bad lines, each with its line number
     */
    public static List<LabelledPrompt> read(Path file, boolean requireOutcomes) {
        List<LabelledPrompt> prompts = new ArrayList<>();
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
                    prompts.add(parse(line, requireOutcomes));
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
        boolean hasSmall = node.has("small_correct");
        boolean hasLarge = node.has("large_correct");
        if (hasSmall || hasLarge || requireOutcomes) {
            if (!node.path("small_correct").isBoolean()
                    || !node.path("large_correct").isBoolean()) {
                throw new IllegalArgumentException(
                        "\"small_correct\" and \"large_correct\" must both be true or false");
            }
            return new LabelledPrompt(
                    prompt,
                    node.get("small_correct").asBoolean(),
                    node.get("large_correct").asBoolean(),
                    false);
        }
        String label = node.path("label").asText("");
        return switch (label) {
            case "local" -> new LabelledPrompt(prompt, true, true, true);
            case "remote" -> new LabelledPrompt(prompt, false, true, true);
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
