package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.router.difficulty.internal.Standardised;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learned head of the {@link CalibratedDifficultyEstimator}: a logistic regression over the
 * standardised signals (and, optionally, the prompt embedding) that gives the probability that the
 * local model answers wrongly, plus the threshold that sends a chosen share of traffic local.
 *
 * <p>{@code score = sigmoid(bias + Σ weight_i · (value_i − mean_i) / scale_i [+ embedding term])}. Each
 * term is the contribution of one signal, in log-odds, so every score is explained by its signals.
 *
 * <p>{@code tandem calibrate} writes these files; {@link #load(Path)} reads them back, and {@link
 * #builtIn(boolean)} gives the ones that ship with Tandem (learned on the team's synthetic dev set, see
 * docs/difficulty.md). The JSON format:
 *
 * <pre>{@code
 * {"format": "tandem-difficulty-calibration/1",
 *  "bias": -0.4, "threshold": 0.55, "target_local_share": 0.6,
 *  "features": [{"name": "length", "mean": 0.31, "scale": 0.12, "weight": 0.8}, ...],
 *  "embedding": {"mean": [...384], "scale": [...], "weight": [...]},     // optional
 *  "training": {"lines": 2000, "l2": 1.0, ...}}                           // informative only
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Calibration {

    /** The format tag written into every calibration file. */
    public static final String FORMAT = "tandem-difficulty-calibration/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One signal's standardisation and weight. */
    public record FeatureWeight(String name, double mean, double scale, double weight) {
        public FeatureWeight {
            requireNonNull(name, "name");
            if (!(scale > 0) || !Double.isFinite(mean) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("feature '" + name + "' needs a finite mean and weight and a"
                        + " positive scale, was mean " + mean + ", scale " + scale + ", weight " + weight);
            }
        }
    }

    /** The weights over the prompt embedding's dimensions, with their standardisation. */
    public record EmbeddingWeights(double[] mean, double[] scale, double[] weight) {
        public EmbeddingWeights {
            if (mean.length != scale.length || mean.length != weight.length || mean.length == 0) {
                throw new IllegalArgumentException("embedding mean, scale and weight must have one equal, non-zero"
                        + " length, were " + mean.length + ", " + scale.length + ", " + weight.length);
            }
            mean = mean.clone();
            scale = scale.clone();
            weight = weight.clone();
        }

        public int dimensions() {
            return weight.length;
        }

        /** The embedding's contribution to the log-odds. */
        public double logit(float[] embedding) {
            if (embedding.length != weight.length) {
                throw new IllegalArgumentException("the calibration expects embeddings of " + weight.length
                        + " dimensions, got " + embedding.length);
            }
            double sum = 0;
            for (int i = 0; i < weight.length; i++) {
                sum += weight[i] * (embedding[i] - mean[i]) / scale[i];
            }
            return sum;
        }
    }

    /**
     * The weights for one kind of prompt, in place of the main ones: a calibration scores a kind by length
     * only where its full model lost to length on held-out data, or was not validated on that kind.
     */
    public record Segment(List<FeatureWeight> features, double bias) {
        public Segment {
            features = List.copyOf(features);
            if (!Double.isFinite(bias)) {
                throw new IllegalArgumentException("segment bias must be finite, was " + bias);
            }
        }

        /** The probability of a wrong answer from these weights and the signals' normalised values. */
        public double score(List<String> names, double[] values) {
            double logit = bias;
            for (FeatureWeight feature : features) {
                int index = names.indexOf(feature.name());
                if (index < 0) {
                    throw new IllegalArgumentException("no signal " + feature.name() + " among " + names);
                }
                logit += feature.weight() * Standardised.of(values[index], feature.mean(), feature.scale());
            }
            return 1 / (1 + Math.exp(-logit));
        }
    }

    private final List<FeatureWeight> features;
    private final Map<PromptKind, Segment> segments;
    private final Optional<EmbeddingWeights> embedding;
    private final double bias;
    private final double threshold;
    private final double targetLocalShare;
    private final Map<String, Object> training;
    private final EmbeddingKind embeddingKind;

    private Calibration(
            List<FeatureWeight> features,
            Optional<EmbeddingWeights> embedding,
            double bias,
            double threshold,
            double targetLocalShare,
            Map<String, Object> training,
            Map<PromptKind, Segment> segments,
            EmbeddingKind embeddingKind) {
        this.embeddingKind = requireNonNull(embeddingKind, "embeddingKind");
        this.features = List.copyOf(features);
        this.segments = java.util.Collections.unmodifiableMap(
                new java.util.EnumMap<>(segments.isEmpty() ? new java.util.EnumMap<>(PromptKind.class) : segments));
        this.embedding = embedding;
        this.bias = bias;
        this.threshold = threshold;
        this.targetLocalShare = targetLocalShare;
        this.training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("calibration bias must be finite, was " + bias);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("calibration threshold must be in [0, 1], was " + threshold);
        }
        if (!(targetLocalShare >= 0 && targetLocalShare <= 1)) {
            throw new IllegalArgumentException("target local share must be in [0, 1], was " + targetLocalShare);
        }
        if (this.features.stream().map(FeatureWeight::name).distinct().count() != this.features.size()) {
            throw new IllegalArgumentException("calibration names a feature twice: " + this.features);
        }
    }

    /**
     * A calibration from its parts.
     *
     * @param training informative facts about the run (lines, regularisation, cross-validated metrics),
     *     written to the file as they are
     */
    public static Calibration of(
            List<FeatureWeight> features,
            Optional<EmbeddingWeights> embedding,
            double bias,
            double threshold,
            double targetLocalShare,
            Map<String, Object> training) {
        return new Calibration(
                features, embedding, bias, threshold, targetLocalShare, training, Map.of(), EmbeddingKind.FULL);
    }

    /** Returns a copy that scores these kinds of prompt with their own weights. */
    public Calibration withSegments(Map<PromptKind, Segment> segments) {
        return new Calibration(
                features, embedding, bias, threshold, targetLocalShare, training, segments, embeddingKind);
    }

    /**
     * The calibration that ships with Tandem, learned on the synthetic dev set in {@code
     * datasets/routing/dev.jsonl}: with task types and the full model's embedding head, or with prompt
     * features only.
     */
    public static Calibration builtIn(boolean withEmbedding) {
        return builtIn(withEmbedding ? "calibration-default.json" : "calibration-default-no-embedding.json");
    }

    /** The built-in calibration for an embedding: {@link #builtIn(boolean) builtIn(true)} for the full model. */
    public static Calibration builtIn(EmbeddingKind kind) {
        return kind == EmbeddingKind.FULL ? builtIn(true) : builtIn("calibration-default-static.json");
    }

    private static Calibration builtIn(String resource) {
        try (InputStream in = Calibration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the Tandem router jar");
            }
            return parse(JSON.readTree(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Reads a calibration file.
     *
     * @throws IllegalArgumentException naming the file and the field when the file is not a calibration
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Calibration load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("calibration file " + file + " does not exist; write one with"
                    + " tandem calibrate --data FILE.jsonl --out " + file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "calibration file " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration file " + file, e);
        }
        return parse(root, file.toString());
    }

    /** Writes this calibration as JSON, creating parent folders. */
    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write calibration file " + file, e);
        }
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("bias", bias);
        root.put("threshold", threshold);
        root.put("target_local_share", targetLocalShare);
        if (needsEmbedding()) {
            root.put("embedding_model", embeddingKind.id());
        }
        ArrayNode array = root.putArray("features");
        for (FeatureWeight feature : features) {
            ObjectNode node = array.addObject();
            node.put("name", feature.name());
            node.put("mean", feature.mean());
            node.put("scale", feature.scale());
            node.put("weight", feature.weight());
        }
        if (!segments.isEmpty()) {
            ArrayNode segmentArray = root.putArray("segments");
            segments.forEach((kind, segment) -> {
                ObjectNode node = segmentArray.addObject();
                node.put("kind", kind.id());
                node.put("bias", segment.bias());
                ArrayNode weights = node.putArray("features");
                for (FeatureWeight feature : segment.features()) {
                    weights.addObject()
                            .put("name", feature.name())
                            .put("mean", feature.mean())
                            .put("scale", feature.scale())
                            .put("weight", feature.weight());
                }
            });
        }
        embedding.ifPresent(weights -> {
            ObjectNode node = root.putObject("embedding");
            putArray(node, "mean", weights.mean());
            putArray(node, "scale", weights.scale());
            putArray(node, "weight", weights.weight());
        });
        root.set("training", JSON.valueToTree(training));
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
        }
    }

    public List<FeatureWeight> features() {
        return features;
    }

    public Optional<EmbeddingWeights> embedding() {
        return embedding;
    }

    public double bias() {
        return bias;
    }

    /** The score at or above which a request should go remote to keep {@link #targetLocalShare()} local. */
    public double threshold() {
        return threshold;
    }

    public double targetLocalShare() {
        return targetLocalShare;
    }

    public Map<String, Object> training() {
        return training;
    }

    /** Whether any weight needs the sentence embedding (task types or the embedding head). */
    public boolean needsEmbedding() {
        return embedding.isPresent()
                || features.stream().anyMatch(feature -> feature.name().startsWith(DifficultyFeatures.TASK_PREFIX));
    }

    /** Returns a copy with another threshold and target share (as the calibrator picks them). */
    public Calibration withThreshold(double threshold, double targetLocalShare) {
        return new Calibration(
                features, embedding, bias, threshold, targetLocalShare, training, segments, embeddingKind);
    }

    /**
     * The embedding the task types and the embedding head were learned with ({@code "embedding_model"}
     * in the file; a file without it was learned with the full model). Meaningless when the calibration
     * does not {@linkplain #needsEmbedding() need the embedding}.
     */
    public EmbeddingKind embeddingKind() {
        return embeddingKind;
    }

    /** Returns a copy marked as learned with {@code kind} (as the calibrator does). */
    public Calibration withEmbeddingKind(EmbeddingKind kind) {
        return new Calibration(features, embedding, bias, threshold, targetLocalShare, training, segments, kind);
    }

    /** The kinds of prompt scored with their own weights (by length only, as the calibrator writes them). */
    public Map<PromptKind, Segment> segments() {
        return segments;
    }

    @Override
    public String toString() {
        return "Calibration[features=" + features.size() + ", embedding="
                + embedding.map(e -> e.dimensions() + " dims").orElse("none") + ", threshold=" + threshold + "]";
    }

    private static void putArray(ObjectNode node, String name, double[] values) {
        ArrayNode array = node.putArray(name);
        for (double value : values) {
            array.add((float) value);
        }
    }

    private static Calibration parse(JsonNode root, String source) {
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(source + ": format is '" + format + "', expected '" + FORMAT
                    + "'; write the file with tandem calibrate");
        }
        List<FeatureWeight> features = featureWeights(root, source + ": ");
        Map<PromptKind, Segment> segments = new java.util.EnumMap<>(PromptKind.class);
        JsonNode segmentArray = root.path("segments");
        if (!segmentArray.isMissingNode() && !segmentArray.isArray()) {
            throw new IllegalArgumentException(source + ": segments must be an array");
        }
        for (int i = 0; i < segmentArray.size(); i++) {
            JsonNode node = segmentArray.get(i);
            String path = source + ": segments[" + i + "]";
            PromptKind kind;
            try {
                kind = PromptKind.ofId(text(node, "kind", path));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        e.getMessage().startsWith(source) ? e.getMessage() : path + ": " + e.getMessage(), e);
            }
            if (segments.put(kind, new Segment(featureWeights(node, path + "."), number(node, "bias", path))) != null) {
                throw new IllegalArgumentException(path + ": kind " + kind.id() + " has two segments");
            }
        }
        Optional<EmbeddingWeights> embedding = Optional.empty();
        if (root.hasNonNull("embedding")) {
            JsonNode node = root.get("embedding");
            embedding = Optional.of(new EmbeddingWeights(
                    doubles(node, "mean", source + ": embedding"),
                    doubles(node, "scale", source + ": embedding"),
                    doubles(node, "weight", source + ": embedding")));
        }
        Map<String, Object> training = root.has("training")
                ? JSON.convertValue(root.get("training"), new com.fasterxml.jackson.core.type.TypeReference<>() {})
                : Map.of();
        try {
            EmbeddingKind kind = root.has("embedding_model")
                    ? EmbeddingKind.fromId(text(root, "embedding_model", source))
                    : EmbeddingKind.FULL;
            return new Calibration(
                    features,
                    embedding,
                    number(root, "bias", source),
                    number(root, "threshold", source),
                    number(root, "target_local_share", source),
                    training,
                    segments,
                    kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().startsWith(source) ? e.getMessage() : source + ": " + e.getMessage(), e);
        }
    }

    private static List<FeatureWeight> featureWeights(JsonNode root, String prefix) {
        String source = prefix.endsWith(": ") ? prefix.substring(0, prefix.length() - 2) : prefix;
        List<FeatureWeight> features = new ArrayList<>();
        JsonNode array = root.path("features");
        if (!array.isArray()) {
            throw new IllegalArgumentException(prefix + "features must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String path = prefix + "features[" + i + "]";
            try {
                features.add(new FeatureWeight(
                        text(node, "name", path),
                        number(node, "mean", path),
                        number(node, "scale", path),
                        number(node, "weight", path)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        e.getMessage().startsWith(source) ? e.getMessage() : path + ": " + e.getMessage(), e);
            }
        }
        return features;
    }

    private static String text(JsonNode node, String field, String path) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " must be a string");
        }
        return node.get(field).asText();
    }

    private static double number(JsonNode node, String field, String path) {
        if (!node.path(field).isNumber()) {
            throw new IllegalArgumentException(path + "." + field + " must be a number");
        }
        return node.get(field).asDouble();
    }

    private static double[] doubles(JsonNode node, String field, String path) {
        JsonNode array = node.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException(path + "." + field + " must be an array of numbers");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new IllegalArgumentException(path + "." + field + "[" + i + "] must be a number");
            }
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
