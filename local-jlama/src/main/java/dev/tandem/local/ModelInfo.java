package dev.tandem.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a model folder declares, read from its files without loading the weights: architecture, parameter
 * count (from the safetensors headers), weight types, context length, tokenizer and, where the model card
 * lists them, languages.
 *
 * <pre>{@code
 * ModelInfo info = ModelInfo.read(Path.of("models/Qwen2.5-0.5B-Instruct"));
 * info.parameterCount();   // 494032768
 * }</pre>
 *
 * @param folder the model folder
 * @param architecture {@code config.json}'s {@code model_type} (llama, qwen2, ...), or "unknown"
 * @param parameterCount the number of weights in the safetensors files (a quantized model counts each
 *     weight once and leaves out its block scales)
 * @param weightTypes tensor count per stored type, such as {@code {F32=25, Q4=168}}
 * @param weightsBytes the size of the safetensors files
 * @param contextLength {@code max_position_embeddings}, or 0 when undeclared
 * @param hiddenSize {@code hidden_size}
 * @param layers {@code num_hidden_layers}
 * @param vocabSize {@code vocab_size}
 * @param tokenizer the tokenizer's model type ({@code BPE}, {@code Unigram}, ...) and whether it is byte-level
 * @param chatTemplate whether {@code tokenizer_config.json} carries a chat template
 * @param languages the languages the model card's front matter lists; empty when it lists none
 */
public record ModelInfo(
        Path folder,
        String architecture,
        long parameterCount,
        Map<String, Integer> weightTypes,
        long weightsBytes,
        int contextLength,
        int hiddenSize,
        int layers,
        int vocabSize,
        String tokenizer,
        boolean chatTemplate,
        List<String> languages) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LANGUAGE_LIST =
            Pattern.compile("(?m)^language:[ \\t]*(?:\\n((?:[ \\t]*-[ \\t]*.+\\n?)+)|(\\S.*))$");

    public ModelInfo {
        weightTypes = Map.copyOf(weightTypes);
        languages = List.copyOf(languages);
    }

    /**
     * Reads a model folder.
     *
     * @throws IllegalArgumentException if the folder has no config.json
     * @throws UncheckedIOException if a file cannot be read
     */
    public static ModelInfo read(Path folder) {
        requireNonNull(folder, "folder");
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new IllegalArgumentException("'" + folder + "' is not a model folder: it has no config.json.");
        }
        try {
            JsonNode config = JSON.readTree(folder.resolve("config.json").toFile());
            Map<String, Integer> types = new TreeMap<>();
            long parameters = 0;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".safetensors"))
                        .sorted()
                        .toList()) {
                    parameters += countParameters(file, types);
                }
            }
            String tokenizer = "none";
            Path tokenizerFile = folder.resolve("tokenizer.json");
            if (Files.isRegularFile(tokenizerFile)) {
                JsonNode model = JSON.readTree(tokenizerFile.toFile()).path("model");
                String pre = JSON.readTree(tokenizerFile.toFile())
                        .path("pre_tokenizer")
                        .toString();
                boolean byteLevel = pre.contains("ByteLevel")
                        && !model.path("byte_fallback").asBoolean(false);
                tokenizer = model.path("type").asText("unknown") + (byteLevel ? " (byte-level)" : "") + ", "
                        + model.path("vocab").size() + " tokens";
            }
            boolean template = false;
            Path tokenizerConfig = folder.resolve("tokenizer_config.json");
            if (Files.isRegularFile(tokenizerConfig)) {
                template = JSON.readTree(tokenizerConfig.toFile()).hasNonNull("chat_template");
            }
            JsonNode text = config.has("text_config") ? config.path("text_config") : config;
            return new ModelInfo(
                    folder,
                    config.path("model_type").asText("unknown"),
                    parameters,
                    types,
                    LocalModelFiles.weightsBytes(folder),
                    text.path("max_position_embeddings").asInt(0),
                    text.path("hidden_size").asInt(0),
                    text.path("num_hidden_layers").asInt(0),
                    text.path("vocab_size").asInt(0),
                    tokenizer,
                    template,
                    languages(folder.resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the model in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static long countParameters(Path file, Map<String, Integer> types) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] length = in.readNBytes(Long.BYTES);
            long headerLength =
                    ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > 100_000_000) {
                throw new IOException(
                        file.getFileName() + " is not a safetensors file (header length " + headerLength + ")");
            }
            JsonNode header = JSON.readTree(new String(in.readNBytes((int) headerLength), StandardCharsets.UTF_8));
            long count = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tensor = it.next();
                if (tensor.getKey().equals("__metadata__") || tensor.getKey().endsWith(".qb")) {
                    continue;
                }
                long elements = 1;
                for (JsonNode dimension : tensor.getValue().path("shape")) {
                    elements *= dimension.asLong();
                }
                count += elements;
                types.merge(tensor.getValue().path("dtype").asText("?"), 1, Integer::sum);
            }
            return count;
        }
    }

    // The model card's YAML front matter: "language: en" or "language:\n- en\n- de".
    private static List<String> languages(Path readme) throws IOException {
        if (!Files.isRegularFile(readme)) {
            return List.of();
        }
        String card = Files.readString(readme);
        if (!card.startsWith("---")) {
            return List.of();
        }
        int end = card.indexOf("\n---", 3);
        String frontMatter = end < 0 ? card : card.substring(0, end + 1);
        Matcher matcher = LANGUAGE_LIST.matcher(frontMatter);
        if (!matcher.find()) {
            return List.of();
        }
        Set<String> languages = new LinkedHashSet<>();
        if (matcher.group(2) != null) {
            for (String language :
                    matcher.group(2).replaceAll("[\\[\\]\"']", "").split(",")) {
                if (!language.isBlank()) {
                    languages.add(language.strip());
                }
            }
        } else {
            for (String line : matcher.group(1).split("\n")) {
                String language = line.strip().replaceFirst("^-\\s*", "").replaceAll("[\"']", "");
                if (!language.isBlank()) {
                    languages.add(language);
                }
            }
        }
        return new ArrayList<>(languages);
    }

    /** Lines for a person, as {@code tandem models info} prints them. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("folder:        " + folder);
        lines.add("architecture:  " + architecture);
        lines.add(String.format(Locale.ROOT, "parameters:    %,d (%s)", parameterCount, weightTypes));
        lines.add("weights:       " + LocalModelMemory.human(weightsBytes));
        lines.add(String.format(
                Locale.ROOT, "shape:         hidden %d, %d layers, vocabulary %d", hiddenSize, layers, vocabSize));
        lines.add("context:       " + (contextLength > 0 ? contextLength + " tokens" : "not declared"));
        lines.add("tokenizer:     " + tokenizer);
        lines.add("chat template: " + (chatTemplate ? "yes" : "no (Tandem uses the fallback of its family)"));
        lines.add("languages:     " + (languages.isEmpty() ? "not declared" : String.join(", ", languages)));
        return lines;
    }
}
