package dev.tandem.cli.setup;

import dev.langchain4j.model.chat.ChatModel;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.LocalModels;
import dev.tandem.local.ModelInfo;
import dev.tandem.local.ModelMemoryBudget;
import dev.tandem.local.TerminalProgressBar;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.local.hub.HuggingFaceHub;
import dev.tandem.local.hub.ModelDownloadException;
import dev.tandem.local.hub.RepoId;
import dev.tandem.policy.Policy;
import dev.tandem.policy.Secret;
import dev.tandem.policy.TierSpec;
import dev.tandem.remote.MaxTokensField;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Builds the router the CLI uses: one tier for every tier the policy declares.
 *
 * <ul>
 *   <li>A local tier runs the model its spec names (a folder or a Hugging Face id, pulled on first use
 *       with progress), else {@code TANDEM_LOCAL_MODEL}, else a tiny model forged with random weights
 *       into the cache, which the notices say plainly before the first answer. Models load on the
 *       first request that needs them.
 *   <li>A remote tier uses its spec's base URL, model, key and timeouts. A tier named {@code remote}
 *       whose spec gives no base URL (as in the presets) takes {@code OPENAI_BASE_URL}, {@code
 *       OPENAI_API_KEY} and {@code TANDEM_REMOTE_MODEL}. A remote tier with neither is not configured:
 *       the router runs offline for it, and the notices say so.
 * </ul>
 */
public final class RouterSetup implements AutoCloseable {

    public static final String DEFAULT_REMOTE_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String FORGED_MODEL_FOLDER = "forged-qwen2-tiny";

    /** The tier that the OPENAI_* variables configure when the policy does not. */
    static final String ENVIRONMENT_REMOTE_TIER = "remote";

    /** Remote models served through Chat Completions take at least this much context today. */
    private static final int REMOTE_CONTEXT_WINDOW = 128_000;

    private static final int MAX_NEW_TOKENS = 256;

    /** The local model a chat's first run downloads when none is configured and the hub answers. */
    public static final String DEFAULT_LOCAL_MODEL = "tjake/Qwen2.5-0.5B-Instruct-JQ4";

    /** How long a chat's first run waits for the hub before it forges the demo model instead. */
    private static final Duration HUB_PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final TandemRouter router;
    // Null for a policy with remote tiers only: there is no local model to manage.
    private final @Nullable LocalModels localModels;
    private final List<String> notices;

    /**
     * The cap on the local models' weights that {@code TANDEM_LOCAL_MEMORY_CAP} gives: bytes, or a number
     * with {@code k}, {@code m} or {@code g} (binary units), such as {@code 2g} or {@code 1536m}.
     *
     * @throws IllegalArgumentException naming the variable and the value when it is not such a size
     */
    static long memoryCap(String value) {
        java.util.regex.Matcher size =
                java.util.regex.Pattern.compile("(\\d{1,12})([kKmMgG]?)").matcher(value.trim());
        if (!size.matches() || Long.parseLong(size.group(1)) == 0) {
            throw new IllegalArgumentException("TANDEM_LOCAL_MEMORY_CAP must be a size such as 2g, 1536m or"
                    + " 1073741824 (bytes), was '" + value + "'");
        }
        long number = Long.parseLong(size.group(1));
        return switch (size.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> number << 10;
            case "m" -> number << 20;
            case "g" -> number << 30;
            default -> number;
        };
    }

    private RouterSetup(TandemRouter router, @Nullable LocalModels localModels, List<String> notices) {
        this.router = router;
        this.localModels = localModels;
        this.notices = notices;
    }

    /**
     * Builds the router. No model is loaded yet.
     *
     * @param listeners receive the events of every request
     */
    public static RouterSetup fromEnvironment(Environment environment, Policy policy, List<TandemListener> listeners) {
        return fromEnvironment(environment, policy, listeners, UnaryOperator.identity());
    }

    /**
     * Builds the router, passing each remote tier through {@code remoteTier} first: the web chat wraps it to
     * show the person the exact text that left the machine.
     */
    public static RouterSetup fromEnvironment(
            Environment environment, Policy policy, List<TandemListener> listeners, UnaryOperator<Tier> remoteTier) {
        return fromEnvironment(environment, policy, listeners, remoteTier, FirstRun.FORGE);
    }

    /**
     * Builds the router; with {@link FirstRun#pullDefaultModel(PrintStream)}, a local tier with no model
     * configured gets {@link #DEFAULT_LOCAL_MODEL}, pulled now with progress when the hub answers.
     */
    public static RouterSetup fromEnvironment(
            Environment environment,
            Policy policy,
            List<TandemListener> listeners,
            UnaryOperator<Tier> remoteTier,
            FirstRun firstRun) {
        List<String> notices = new ArrayList<>();
        TandemRouter.Builder builder = TandemRouter.builder().policy(policy);
        listeners.forEach(builder::listener);

        LocalModels.Builder locals = LocalModels.builder();
        environment
                .get("TANDEM_LOCAL_MEMORY_CAP")
                .map(RouterSetup::memoryCap)
                .ifPresent(cap -> locals.memoryBudget(ModelMemoryBudget.of(cap)));
        Map<TierSpec, LocalSource> localSources = new LinkedHashMap<>();
        List<String> unconfigured = new ArrayList<>();
        for (TierSpec spec : policy.tierSpecs().values()) {
            if (spec.locality() == Locality.LOCAL) {
                LocalSource source = localSource(spec, environment, firstRun, notices);
                locals.model(
                        spec.name(),
                        JlamaLocalModel.builder()
                                .modelDirectory(source.folder())
                                .modelName(source.modelName())
                                .maxNewTokens(MAX_NEW_TOKENS)
                                .toolCalling(spec.toolCalling())
                                .structuredOutputAttempts(spec.structuredOutputAttempts()));
                localSources.put(spec, source);
            } else {
                Optional<Tier> remote = remoteTier(spec, environment);
                if (remote.isPresent()) {
                    builder.tier(remoteTier.apply(remote.get()));
                } else {
                    unconfigured.add(spec.name());
                }
            }
        }
        LocalModels localModels = localSources.isEmpty() ? null : locals.build();
        if (localModels != null) {
            localSources.forEach((spec, source) -> builder.tier(localTier(spec, source, localModels)));
        }
        if (!unconfigured.isEmpty()) {
            notices.add("No endpoint is configured for remote tier " + String.join(", ", unconfigured)
                    + ", so Tandem runs offline for it: those requests are served locally, and each decision says"
                    + " what would have gone remote. Give the tier a base-url in the policy, or set OPENAI_BASE_URL,"
                    + " OPENAI_API_KEY and TANDEM_REMOTE_MODEL for the tier named 'remote'.");
        }
        return new RouterSetup(builder.build(), localModels, notices);
    }

    public TandemRouter router() {
        return router;
    }

    /** What the user should know before the first answer, one paragraph each. */
    public List<String> notices() {
        return notices;
    }

    public void printNotices(PrintStream out) {
        notices.forEach(notice -> out.println("Note: " + notice));
    }

    @Override
    public void close() {
        if (localModels != null) {
            localModels.close();
        }
    }

    /** A local tier whose model loads (and, when it is not in the cache yet, downloads) on its first request. */
    private static Tier localTier(TierSpec spec, LocalSource source, LocalModels localModels) {
        LocalModels.LazyLocalModel lazy = localModels.chatModel(spec.name());
        ChatModel model = source.pull()
                .<ChatModel>map(pull -> new PulledOnFirstUse(pull, lazy))
                .orElse(lazy);
        int context = spec.contextWindow().orElseGet(() -> {
            if (source.pull().isPresent()) {
                return Tier.DEFAULT_CONTEXT_WINDOW;
            }
            int declared = ModelInfo.read(source.folder()).contextLength();
            return declared > 0 ? declared : Tier.DEFAULT_CONTEXT_WINDOW;
        });
        return Tier.local(spec.name(), model)
                .modelName(source.modelName())
                .contextWindow(context)
                .build();
    }

    /**
     * Where a local tier's model comes from: a folder on disk, or a Hugging Face model that {@code pull}
     * downloads into {@code folder} on the first request that needs it (routing alone never does).
     *
     * @param modelName what results call the model: the Hugging Face id, else the folder's name
     */
    private record LocalSource(Path folder, String modelName, Optional<Supplier<Path>> pull) {

        static LocalSource folder(Path folder) {
            return new LocalSource(folder, folder.getFileName().toString(), Optional.empty());
        }
    }

    private static LocalSource localSource(
            TierSpec spec, Environment environment, FirstRun firstRun, List<String> notices) {
        Optional<String> configured = spec.model().or(() -> environment.get("TANDEM_LOCAL_MODEL"));
        String source = spec.model().isPresent() ? "tier '" + spec.name() + "' model" : "TANDEM_LOCAL_MODEL";
        if (configured.isPresent()) {
            Path folder = Path.of(configured.get());
            if (!Files.isDirectory(folder) && RepoId.looksLikeRepoId(configured.get())) {
                return hubModel(RepoId.parse(configured.get()), environment, notices);
            }
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw new IllegalArgumentException(source + " " + folder
                        + " is not a model folder: it has no config.json. Point it at a folder with config.json,"
                        + " tokenizer.json, tokenizer_config.json and model.safetensors, or at a Hugging Face id.");
            }
            return LocalSource.folder(folder);
        }
        Optional<LocalSource> pulled = defaultModel(firstRun, environment, notices);
        if (pulled.isPresent()) {
            return pulled.get();
        }
        Path forged = environment.cacheDirectory().resolve("models").resolve(FORGED_MODEL_FOLDER);
        if (!Files.isRegularFile(forged.resolve("model.safetensors"))) {
            forgeAtomically(forged);
        }
        String notice = "No local model is configured (TANDEM_LOCAL_MODEL), so the local tier is a tiny model"
                + " forged with random weights at " + forged + ". It produces random text. Point"
                + " TANDEM_LOCAL_MODEL at a model folder (config.json, tokenizer.json, tokenizer_config.json,"
                + " model.safetensors) or a Hugging Face id for real answers.";
        if (!notices.contains(notice)) {
            notices.add(notice);
        }
        return LocalSource.folder(forged);
    }

    /**
     * The default model when it is cached (any command uses it then), else on a chat's first run its
     * download when the hub answers; empty means forge. Whatever happens, the notices say it.
     */
    private static Optional<LocalSource> defaultModel(
            FirstRun firstRun, Environment environment, List<String> notices) {
        RepoId id = RepoId.parse(DEFAULT_LOCAL_MODEL);
        PrintStream out = firstRun.out != null ? firstRun.out : System.err;
        HuggingFaceHub hub = hub(environment, out);
        Optional<Path> cached = hub.cached(id);
        if (cached.isPresent()) {
            return Optional.of(new LocalSource(cached.get(), modelName(id), Optional.empty()));
        }
        if (firstRun.out == null || hub.offline()) {
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = HuggingFaceHub.builder()
                    .environment(environment.variables())
                    .cacheDirectory(environment.cacheDirectory())
                    .httpClient(new OkHttpClient.Builder()
                            .connectTimeout(HUB_PROBE_TIMEOUT)
                            .readTimeout(HUB_PROBE_TIMEOUT)
                            .callTimeout(HUB_PROBE_TIMEOUT)
                            .build())
                    .build()
                    .downloadSize(id);
        } catch (ModelDownloadException e) {
            notices.add("The model hub " + hub.endpoint() + " did not answer ("
                    + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + "), so Tandem cannot download the default local model " + modelName(id) + " now.");
            return Optional.empty();
        }
        out.printf(
                Locale.ROOT,
                "No local model is configured (TANDEM_LOCAL_MODEL), and the model hub %s answers: downloading the"
                        + " default local model %s (Qwen2.5 0.5B Instruct in Jlama's Q4 format, %,.0f MB) into %s"
                        + " once.%n",
                hub.endpoint(),
                modelName(id),
                bytes / 1e6,
                hub.modelsDirectory());
        try {
            Path folder = hub.download(id);
            notices.add("The local tier runs the default model " + modelName(id) + " from " + folder
                    + ". Set TANDEM_LOCAL_MODEL to a model folder or a Hugging Face id to choose another.");
            return Optional.of(new LocalSource(folder, modelName(id), Optional.empty()));
        } catch (ModelDownloadException e) {
            notices.add("The download of the default local model " + modelName(id) + " failed: " + e.getMessage()
                    + " Run `tandem models pull " + id.repo() + "` to resume it.");
            return Optional.empty();
        }
    }

    /** A Hugging Face model: the cached copy, else one pulled into the cache on first use, with progress. */
    private static LocalSource hubModel(RepoId id, Environment environment, List<String> notices) {
        HuggingFaceHub hub = hub(environment, System.err);
        String name = modelName(id);
        Optional<Path> cached = hub.cached(id);
        if (cached.isPresent()) {
            return new LocalSource(cached.get(), name, Optional.empty());
        }
        notices.add("Local model " + name + " is not in the cache yet; it is downloaded from " + hub.endpoint()
                + " into " + hub.modelsDirectory() + " on the first request that needs it, with progress.");
        return new LocalSource(hub.folder(id), name, Optional.of(() -> hub.download(id)));
    }

    private static HuggingFaceHub hub(Environment environment, PrintStream progress) {
        return HuggingFaceHub.builder()
                .environment(environment.variables())
                .cacheDirectory(environment.cacheDirectory())
                .progress(TerminalProgressBar.to(progress, System.console() != null))
                .build();
    }

    /** {@code owner/name}, with {@code @revision} only when it is not the default one. */
    private static String modelName(RepoId id) {
        return id.revision().equals(RepoId.DEFAULT_REVISION) ? id.repo() : id.toString();
    }

    /** Forges next to the target and moves the folder in, so an interrupted forge leaves no half model. */
    private static void forgeAtomically(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), FORGED_MODEL_FOLDER + ".");
            ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another process forged it first; identical seeds make its copy as good as ours.
                if (!Files.isRegularFile(target.resolve("model.safetensors"))) {
                    throw raced;
                }
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forge the default local model into " + target, e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Optional<Tier> remoteTier(TierSpec spec, Environment environment) {
        boolean fromEnvironment = spec.baseUrl().isEmpty() && spec.name().equals(ENVIRONMENT_REMOTE_TIER);
        Optional<String> baseUrl = spec.baseUrl().map(Object::toString);
        Optional<String> apiKey = spec.apiKey().map(Secret::reveal);
        Optional<String> model = spec.model();
        if (fromEnvironment) {
            Optional<String> environmentKey = environment.get("OPENAI_API_KEY");
            baseUrl = environment.get("OPENAI_BASE_URL").or(() -> environmentKey.map(key -> DEFAULT_BASE_URL));
            apiKey = apiKey.or(() -> environmentKey);
            model = model.or(() -> environment.get("TANDEM_REMOTE_MODEL"));
        }
        if (baseUrl.isEmpty()) {
            return Optional.empty();
        }
        OpenAiCompatibleChatModel.Builder remote = OpenAiCompatibleChatModel.builder()
                .baseUrl(baseUrl.get())
                .apiKey(apiKey.orElse(null))
                .modelName(model.orElse(DEFAULT_REMOTE_MODEL))
                .tierName(spec.name())
                .allowCleartextCredentials(spec.allowCleartextCredentials());
        spec.connectTimeout().ifPresent(remote::connectTimeout);
        spec.readTimeout().ifPresent(remote::readTimeout);
        spec.callTimeout().ifPresent(remote::callTimeout);
        spec.azureDeployment().ifPresent(remote::azureDeployment);
        spec.apiVersion().ifPresent(remote::apiVersion);
        TierSpec.RemoteParameters parameters = spec.parameters();
        parameters.seed().ifPresent(remote::seed);
        parameters.user().ifPresent(remote::user);
        parameters.reasoningEffort().ifPresent(remote::reasoningEffort);
        parameters.parallelToolCalls().ifPresent(remote::parallelToolCalls);
        parameters
                .maxTokensField()
                .ifPresent(field -> remote.maxTokensField(MaxTokensField.valueOf(
                        field.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
        if (!parameters.custom().isEmpty()) {
            remote.customParameters(parameters.custom());
        }
        OpenAiCompatibleChatModel chatModel = remote.build();
        return Optional.of(Tier.remote(spec.name(), chatModel)
                .modelName(chatModel.modelName())
                .contextWindow(spec.contextWindow().orElse(REMOTE_CONTEXT_WINDOW))
                .build());
    }

    /**
     * What a local tier with no model configured gets: a tiny model forged with random weights ({@link
     * #FORGE}, for routing and batch runs), or on a chat's first run the default model, downloaded with
     * progress when the hub answers ({@link #pullDefaultModel(PrintStream)}).
     */
    public static final class FirstRun {
        public static final FirstRun FORGE = new FirstRun(null);

        private final @Nullable PrintStream out;

        private FirstRun(@Nullable PrintStream out) {
            this.out = out;
        }

        /** Pull the default model when the hub answers, saying which and how big on {@code out} first. */
        public static FirstRun pullDefaultModel(PrintStream out) {
            return new FirstRun(out);
        }
    }
}
