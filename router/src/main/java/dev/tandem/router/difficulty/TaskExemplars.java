package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Example prompts for each task type, which the task-type signal compares a prompt with (through
 * all-MiniLM-L6-v2 sentence embeddings). Tandem ships ten types: {@code chit-chat}, {@code
 * factual-lookup}, {@code summarisation}, {@code translation}, {@code extraction}, {@code
 * classification}, {@code coding}, {@code maths}, {@code multi-step-reasoning} and {@code
 * creative-writing}, with twelve exemplars each.
 *
 * <pre>{@code
 * TaskExemplars exemplars = TaskExemplars.builder()
 *         .addAll(TaskExemplars.defaults())
 *         .add("legal-drafting", List.of("Draft a non-disclosure agreement between two companies."))
 *         .add("coding", List.of("Write a Terraform module for an S3 bucket."))
 *         .build();
 * }</pre>
 *
 * <p>Type names are lower-case identifiers ({@code [a-z][a-z0-9-]*}); each type needs at least one
 * exemplar. A new type carries no weight in a calibration made without it: run {@code tandem calibrate}
 * again after adding one. Immutable; equal when the types and exemplars are.
 */
public final class TaskExemplars {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String RESOURCE = "task-exemplars.json";
    private static final TaskExemplars DEFAULTS = loadDefaults();

    private final Map<String, List<String>> byType;

    private TaskExemplars(Map<String, List<String>> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** The exemplars that ship with Tandem. */
    public static TaskExemplars defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The task types, in the order they were added. */
    public List<String> taskTypes() {
        return List.copyOf(byType.keySet());
    }

    /** The exemplars of each type, in the order they were added. */
    public Map<String, List<String>> byType() {
        return byType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskExemplars that && byType.equals(that.byType);
    }

    @Override
    public int hashCode() {
        return byType.hashCode();
    }

    @Override
    public String toString() {
        return "TaskExemplars" + byType.keySet();
    }

    private static TaskExemplars loadDefaults() {
        try (InputStream in = TaskExemplars.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the Tandem router jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Builder builder = builder();
            for (Map.Entry<String, JsonNode> type : root.properties()) {
                List<String> texts = new ArrayList<>();
                type.getValue().forEach(text -> texts.add(text.asText()));
                builder.add(type.getKey(), texts);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Builds {@link TaskExemplars}; {@link #add} appends to a type that already exists. */
    public static final class Builder {
        private final Map<String, List<String>> byType = new LinkedHashMap<>();

        private Builder() {}

        /** Adds every type and exemplar of {@code exemplars}. */
        public Builder addAll(TaskExemplars exemplars) {
            exemplars.byType.forEach(this::add);
            return this;
        }

        /** Adds exemplars to a type, creating it when it is new. */
        public Builder add(String taskType, List<String> exemplars) {
            requireNonNull(taskType, "taskType");
            if (!NAME.matcher(taskType).matches()) {
                throw new IllegalArgumentException("task type '" + taskType + "' must match [a-z][a-z0-9-]*");
            }
            for (String exemplar : exemplars) {
                if (exemplar == null || exemplar.isBlank()) {
                    throw new IllegalArgumentException("task type '" + taskType + "' has a blank exemplar");
                }
            }
            byType.computeIfAbsent(taskType, type -> new ArrayList<>()).addAll(exemplars);
            return this;
        }

        /** @throws IllegalArgumentException when there is no type, or a type has no exemplar */
        public TaskExemplars build() {
            if (byType.isEmpty()) {
                throw new IllegalArgumentException("task exemplars need at least one task type");
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byType.forEach((type, texts) -> {
                if (texts.isEmpty()) {
                    throw new IllegalArgumentException(
                            "task type '" + type + "' has no exemplar; add at least one example prompt");
                }
                copy.put(type, List.copyOf(texts));
            });
            return new TaskExemplars(copy);
        }
    }
}
