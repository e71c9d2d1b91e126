package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.tandem.core.assessment.Difficulty;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.assessment.TaskScore;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.router.assess.MessageText;
import dev.tandem.router.difficulty.internal.LruCache;
import dev.tandem.router.difficulty.internal.PromptFeatures;
import dev.tandem.router.difficulty.internal.SentenceEmbeddings;
import dev.tandem.router.difficulty.internal.Standardised;
import dev.tandem.router.difficulty.internal.TaskClassifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The default difficulty estimator: the probability that the local model answers a request wrongly,
 * from prompt features, the task type (a local sentence embedding compared with exemplar prompts), the
 * script and the local tokenizer's tax on it, and how well the request fits the local context window —
 * weighed by a {@link Calibration} learned on labelled data.
 *
 * <pre>{@code
 * DifficultyEstimator estimator = CalibratedDifficultyEstimator.ofDefaults();
 * Difficulty difficulty = estimator.estimate(request);
 * difficulty.signals().forEach(s -> System.out.println(s.name() + " " + s.value() + " -> " + s.contribution()));
 * }</pre>
 *
 * <p>Every score is explained by its signals: the score is {@code sigmoid} of the sum of all signal
 * contributions, which are in log-odds; the {@code bias} signal is the calibration's intercept and
 * the {@code embedding} signal, when present, is the embedding head's term. See {@link
 * DifficultyFeatures} for each signal's meaning.
 *
 * <p>The task signal's sentence embedding is, by default, {@link StaticEmbeddingModel static vectors}
 * distilled from all-MiniLM-L6-v2 (about 0.1 ms per new prompt); {@link EmbeddingKind#FULL} runs
 * the model itself. The embedding loads on the first estimate that needs it (the full model: about half a second;
 * {@link #warmUp()} does it ahead of time), and prompt embeddings are kept in a bounded LRU cache.
 * With {@link DifficultyConfig.Builder#embedding(boolean) embedding off}, no model is loaded. Thread-safe.
 */
public final class CalibratedDifficultyEstimator implements DifficultyEstimator {

    /** Signal name of the calibration's intercept. */
    public static final String BIAS = "bias";
    /** Signal name of the embedding head's term. */
    public static final String EMBEDDING = "embedding";

    /** Role markers and separators that chat templates add around each message. */
    private static final int TEMPLATE_TOKENS_PER_MESSAGE = 4;

    private static final double LOG_SCALE_TOKENS = Math.log1p(4000);

    private static final Map<ClassifierKey, TaskClassifier> CLASSIFIERS = new ConcurrentHashMap<>();

    /**
     * Prompt embeddings depend only on the model and the text embedded, so estimators of the same model
     * and cache size share one cache: a recalibrated estimator (a policy reload) keeps what was embedded.
     */
    private static final Map<CacheKey, LruCache<String, float[]>> EMBEDDING_CACHES = new ConcurrentHashMap<>();

    private static final class DefaultHolder {
        static final CalibratedDifficultyEstimator INSTANCE = create(DifficultyConfig.ofDefaults());
    }

    private record ClassifierKey(EmbeddingModel model, TaskExemplars exemplars) {}

    private record CacheKey(@Nullable EmbeddingModel explicitModel, EmbeddingKind kind, int size) {}

    private final DifficultyConfig config;
    private final Calibration calibration;
    private final List<String> featureNames;
    private final int[] weightIndex;
    private final @Nullable LruCache<String, float[]> embeddings;
    private volatile @Nullable TaskClassifier classifier;

    private CalibratedDifficultyEstimator(DifficultyConfig config, Calibration calibration, List<String> names) {
        this.config = config;
        this.calibration = calibration;
        this.featureNames = names;
        this.weightIndex = calibration.features().stream()
                .mapToInt(feature -> names.indexOf(feature.name()))
                .toArray();
        this.embeddings = config.embedding()
                ? EMBEDDING_CACHES.computeIfAbsent(
                        new CacheKey(
                                config.embeddingModel().orElse(null),
                                config.embeddingKind(),
                                config.embeddingCacheSize()),
                        key -> new LruCache<>(key.size()))
                : null;
    }

    /** The estimator with {@link DifficultyConfig#ofDefaults()}, shared so its caches are too. */
    public static CalibratedDifficultyEstimator ofDefaults() {
        return DefaultHolder.INSTANCE;
    }

    /**
     * @throws IllegalArgumentException when the calibration weighs a signal this configuration does not
     *     compute (a task type that is not among the exemplars, or the embedding while it is off)
     */
    public static CalibratedDifficultyEstimator create(DifficultyConfig config) {
        requireNonNull(config, "config");
        Calibration calibration = config.calibration()
                .orElseGet(() -> !config.embedding()
                        ? Calibration.builtIn(false)
                        // A model of one's own gets the full model's calibration, as before static vectors existed.
                        : config.embeddingModel().isPresent()
                                ? Calibration.builtIn(true)
                                : Calibration.builtIn(config.embeddingKind()));
        if (!config.embedding() && calibration.needsEmbedding()) {
            throw new IllegalArgumentException("the calibration weighs task types or the embedding, but the"
                    + " embedding signal is off; turn it on, or calibrate with --no-embedding");
        }
        if (config.embedding()
                && config.embeddingModel().isEmpty()
                && calibration.needsEmbedding()
                && calibration.embeddingKind() != config.embeddingKind()) {
            throw new IllegalArgumentException("the calibration was learned with the "
                    + calibration.embeddingKind().id()
                    + " embedding, the configuration uses the "
                    + config.embeddingKind().id()
                    + " one; calibrate again with --embedding "
                    + config.embeddingKind().id());
        }
        List<String> names = signalNames(config);
        Set<String> unknown = new LinkedHashSet<>();
        List<Calibration.FeatureWeight> weighed = new ArrayList<>(calibration.features());
        calibration.segments().values().forEach(segment -> weighed.addAll(segment.features()));
        for (Calibration.FeatureWeight feature : weighed) {
            if (!names.contains(feature.name())) {
                unknown.add(feature.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the calibration weighs signals this configuration does not compute: "
                    + unknown + " (computed: " + names + "); calibrate again with these task exemplars");
        }
        return new CalibratedDifficultyEstimator(config, calibration, names);
    }

    /** The signal names a configuration computes, in order: prompt features, then one per task type. */
    public static List<String> signalNames(DifficultyConfig config) {
        List<String> names = new ArrayList<>(DifficultyFeatures.PROMPT_SIGNALS);
        if (config.embedding()) {
            config.taskExemplars().taskTypes().forEach(type -> names.add(DifficultyFeatures.TASK_PREFIX + type));
        }
        return List.copyOf(names);
    }

    public DifficultyConfig config() {
        return config;
    }

    public Calibration calibration() {
        return calibration;
    }

    /**
     * How many prompt embeddings the cache holds now. Estimators of the same embedding model and cache
     * size share the cache, so a recalibrated estimator starts with what earlier ones embedded.
     */
    public int cachedEmbeddings() {
        return embeddings == null ? 0 : embeddings.size();
    }

    /** Loads the embedding model and embeds the exemplars now rather than on the first estimate. */
    public CalibratedDifficultyEstimator warmUp() {
        if (config.embedding()) {
            classifier();
        }
        return this;
    }

    @Override
    public Difficulty estimate(TandemRequest request) {
        return score(features(request));
    }

    /** Scores a single user prompt, as the calibration and evaluation commands do. */
    public Difficulty estimate(String prompt) {
        return score(features(prompt));
    }

    /** The signals of a request, before weighing. */
    public DifficultyFeatures features(TandemRequest request) {
        List<ChatMessage> messages = request.messages();
        String last = "";
        int userTurns = 0;
        int localPromptTokens = 0;
        for (ChatMessage message : messages) {
            String text = MessageText.of(message);
            localPromptTokens += config.localTokenizer().applyAsInt(text) + TEMPLATE_TOKENS_PER_MESSAGE;
            if (message instanceof UserMessage) {
                userTurns++;
                last = text;
            }
        }
        PromptFeatures prompt = PromptFeatures.of(last);
        Integer maxOutput = request.chatRequest().parameters().maxOutputTokens();
        int expectedOutput = maxOutput != null ? maxOutput : prompt.requestedOutputTokens(config.defaultOutputTokens());
        return features(last, prompt, Math.max(0, userTurns - 1), localPromptTokens, expectedOutput);
    }

    /** The signals of a single user prompt. */
    public DifficultyFeatures features(String prompt) {
        return features(TandemRequest.of(
                ChatRequest.builder().messages(UserMessage.from(prompt)).build(), CallerMetadata.none()));
    }

    /** Weighs signals with the calibration. */
    public Difficulty score(DifficultyFeatures features) {
        if (!features.names().equals(featureNames)) {
            throw new IllegalArgumentException(
                    "features " + features.names() + " were not computed by this estimator (" + featureNames + ")");
        }
        Calibration.Segment segment = calibration.segments().get(features.kind());
        if (segment != null) {
            return scoreSegment(features, segment);
        }
        List<Signal> signals = new ArrayList<>(weightIndex.length + 2);
        double logit = calibration.bias();
        List<Calibration.FeatureWeight> weights = calibration.features();
        for (int i = 0; i < weightIndex.length; i++) {
            Calibration.FeatureWeight weight = weights.get(i);
            int index = weightIndex[i];
            double contribution =
                    weight.weight() * Standardised.of(features.values()[index], weight.mean(), weight.scale());
            logit += contribution;
            signals.add(new Signal(weight.name(), features.raw()[index], contribution));
        }
        if (calibration.embedding().isPresent()) {
            float[] embedding = features.embedding()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the calibration has an embedding head, but" + " these features carry no embedding"));
            double contribution = calibration.embedding().get().logit(embedding);
            logit += contribution;
            signals.add(new Signal(EMBEDDING, contribution, contribution));
        }
        signals.add(new Signal(BIAS, calibration.bias(), calibration.bias()));
        return new Difficulty(sigmoid(logit), signals, OptionalDouble.of(calibration.threshold()), tasks(features));
    }

    /** The task classifier's probability of each type, from the task signals (none when the embedding is off). */
    private static List<TaskScore> tasks(DifficultyFeatures features) {
        List<TaskScore> tasks = new ArrayList<>();
        List<String> names = features.names();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith(DifficultyFeatures.TASK_PREFIX)) {
                double probability = Math.max(0.0, Math.min(1.0, features.raw()[i]));
                tasks.add(new TaskScore(names.get(i).substring(DifficultyFeatures.TASK_PREFIX.length()), probability));
            }
        }
        return tasks;
    }

    /**
     * A kind of prompt the calibration weighs on its own (by length only, as calibrate writes it). The
     * signals the calibration weighs are still listed, with their values: those the segment does not
     * weigh contribute 0.
     */
    private Difficulty scoreSegment(DifficultyFeatures features, Calibration.Segment segment) {
        List<Signal> signals = new ArrayList<>(weightIndex.length + 1);
        List<Calibration.FeatureWeight> listed = new ArrayList<>(calibration.features());
        for (Calibration.FeatureWeight weight : segment.features()) {
            if (listed.stream().noneMatch(feature -> feature.name().equals(weight.name()))) {
                listed.add(weight);
            }
        }
        for (Calibration.FeatureWeight feature : listed) {
            int index = features.names().indexOf(feature.name());
            double contribution = 0;
            for (Calibration.FeatureWeight weight : segment.features()) {
                if (weight.name().equals(feature.name())) {
                    contribution =
                            weight.weight() * Standardised.of(features.values()[index], weight.mean(), weight.scale());
                }
            }
            signals.add(new Signal(feature.name(), features.raw()[index], contribution));
        }
        signals.add(new Signal(BIAS, segment.bias(), segment.bias()));
        return new Difficulty(
                segment.score(features.names(), features.values()),
                signals,
                OptionalDouble.of(calibration.threshold()),
                tasks(features));
    }

    private DifficultyFeatures features(
            String last, PromptFeatures prompt, int depth, int localPromptTokens, int expectedOutput) {
        int referenceTokens = config.referenceTokenizer().applyAsInt(last);
        int localTokens = config.localTokenizer().applyAsInt(last);
        double tax = referenceTokens == 0 ? 1.0 : localTokens / (double) referenceTokens;
        double fit = (localPromptTokens + expectedOutput) / (double) config.localContextWindow();
        double nonLatin = prompt.nonLatinShare();
        int reasoning = prompt.reasoningCues();
        int maths = prompt.mathsNotation();
        int code = prompt.codeMarkers();
        int constraints = prompt.constraints();
        int questions = prompt.questions();

        int size = featureNames.size();
        double[] raw = new double[size];
        double[] values = new double[size];
        set(raw, values, 0, referenceTokens, Math.min(1, Math.log1p(referenceTokens) / LOG_SCALE_TOKENS));
        set(raw, values, 1, questions, Math.min(1, questions / 4.0));
        set(raw, values, 2, constraints, Math.min(1, constraints / 6.0));
        set(raw, values, 3, code, Math.min(1, code / 4.0));
        set(raw, values, 4, maths, Math.min(1, maths / 4.0));
        set(raw, values, 5, reasoning, Math.min(1, reasoning / 3.0));
        set(raw, values, 6, expectedOutput, Math.min(1, Math.log1p(expectedOutput) / LOG_SCALE_TOKENS));
        set(raw, values, 7, depth, Math.min(1, depth / 8.0));
        set(raw, values, 8, nonLatin, nonLatin);
        set(raw, values, 9, tax, Math.max(0, Math.min(1, Math.log(tax) / Math.log(2) / 3.0)));
        set(raw, values, 10, fit, Math.min(2, fit));
        int quantities = prompt.quantities();
        int operations = prompt.operations();
        int steps = prompt.steps();
        int options = prompt.options();
        double optionLength = prompt.optionLength();
        set(raw, values, 11, quantities, Math.min(1, Math.log1p(quantities) / Math.log(21)));
        set(raw, values, 12, operations, Math.min(1, operations / 6.0));
        set(raw, values, 13, steps, Math.min(1, steps / 6.0));
        set(raw, values, 14, options, Math.min(1, options / 5.0));
        set(raw, values, 15, optionLength, Math.min(1, Math.log1p(optionLength) / Math.log(201)));

        Optional<float[]> embedding = Optional.empty();
        Optional<String> taskType = Optional.empty();
        if (config.embedding()) {
            TaskClassifier classifier = classifier();
            String input = SentenceEmbeddings.embeddingInput(last, config.embeddingInputChars());
            if (input.isEmpty()) {
                input = " ";
            }
            float[] vector = requireNonNull(embeddings).get(input, text -> SentenceEmbeddings.embed(model(), text));
            double[] probabilities = classifier.probabilities(vector);
            int best = 0;
            for (int t = 0; t < probabilities.length; t++) {
                set(raw, values, DifficultyFeatures.PROMPT_SIGNALS.size() + t, probabilities[t], probabilities[t]);
                if (probabilities[t] > probabilities[best]) {
                    best = t;
                }
            }
            embedding = Optional.of(vector);
            taskType = Optional.of(classifier.types().get(best));
        }
        return new DifficultyFeatures(featureNames, raw, values, embedding, taskType);
    }

    private static void set(double[] raw, double[] values, int index, double rawValue, double value) {
        raw[index] = rawValue;
        values[index] = value;
    }

    private EmbeddingModel model() {
        return config.embeddingModel()
                .orElseGet(() -> config.embeddingKind() == EmbeddingKind.STATIC
                        ? StaticEmbeddingModel.builtIn()
                        : SentenceEmbeddings.shared());
    }

    private TaskClassifier classifier() {
        TaskClassifier current = classifier;
        if (current == null) {
            current = CLASSIFIERS.computeIfAbsent(
                    new ClassifierKey(model(), config.taskExemplars()),
                    key -> TaskClassifier.build(key.model(), key.exemplars().byType()));
            classifier = current;
        }
        return current;
    }

    private static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    @Override
    public String toString() {
        return "CalibratedDifficultyEstimator[" + config + "]";
    }
}
