package dev.tandem.cli.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.Policy;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the router the CLI uses from the {@link Environment}: a local tier named {@code local} and,
 * when an endpoint is configured, a remote tier named {@code remote}. Without a local model it forges
 * a tiny one with random weights into the cache, and says so before the first answer.
 */
public final class RouterSetup implements AutoCloseable {

    public static final String DEFAULT_REMOTE_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String FORGED_MODEL_FOLDER = "forged-qwen2-tiny";

    /** Remote models served through Chat Completions take at least this much context today. */
    private static final int REMOTE_CONTEXT_WINDOW = 128_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TandemRouter router;
    private final List<AutoCloseable> resources;
    private final List<String> notices;

    private RouterSetup(TandemRouter router, List<AutoCloseable> resources, List<String> notices) {
        this.router = router;
        this.resources = resources;
        this.notices = notices;
    }

    /**
     * Builds the router. The local model is loaded on the first request that needs it.
     *
     * @param listeners receive the events of every request
     */
    public static RouterSetup fromEnvironment(Environment environment, Policy policy, List<TandemListener> listeners) {
        List<String> notices = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        TandemRouter.Builder builder = TandemRouter.builder().policy(policy);
        listeners.forEach(builder::listener);

        Path modelFolder = localModelFolder(environment, notices);
        int maxNewTokens = 256;
        LazyChatModel local = new LazyChatModel(() -> JlamaLocalModel.builder()
                .modelDirectory(modelFolder)
                .maxNewTokens(maxNewTokens)
                .build());
        resources.add(local);
        builder.tier(Tier.local("local", local)
                .modelName(modelFolder.getFileName().toString())
                .contextWindow(contextWindowOf(modelFolder))
                .build());

        Optional<OpenAiCompatibleChatModel> remote = remoteModel(environment);
        if (remote.isPresent()) {
            builder.tier(Tier.remote("remote", remote.get())
                    .modelName(remote.get().modelName())
                    .contextWindow(REMOTE_CONTEXT_WINDOW)
                    .build());
        } else {
            notices.add("No remote model is configured, so Tandem runs offline: every request is served"
                    + " locally, and each decision says what would have gone remote. Set OPENAI_BASE_URL,"
                    + " OPENAI_API_KEY and TANDEM_REMOTE_MODEL to add one.");
        }
        return new RouterSetup(builder.build(), resources, notices);
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
    public void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private static Path localModelFolder(Environment environment, List<String> notices) {
        Optional<String> configured = environment.get("TANDEM_LOCAL_MODEL");
        if (configured.isPresent()) {
            Path folder = Path.of(configured.get());
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw new IllegalArgumentException("TANDEM_LOCAL_MODEL=" + folder
                        + " is not a model folder: it has no config.json. Point it at a folder with config.json,"
                        + " tokenizer.json, tokenizer_config.json and model.safetensors.");
            }
            return folder;
        }
        Path forged = environment.cacheDirectory().resolve("models").resolve(FORGED_MODEL_FOLDER);
        if (!Files.isRegularFile(forged.resolve("model.safetensors"))) {
            forgeAtomically(forged);
        }
        notices.add("No local model is configured (TANDEM_LOCAL_MODEL), so the local tier is a tiny model"
                + " forged with random weights at " + forged + ". It produces random text. Point"
                + " TANDEM_LOCAL_MODEL at a model folder (config.json, tokenizer.json, tokenizer_config.json,"
                + " model.safetensors) for real answers.");
        return forged;
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

    private static int contextWindowOf(Path modelFolder) {
        try {
            JsonNode config = JSON.readTree(modelFolder.resolve("config.json").toFile());
            int positions = config.path("max_position_embeddings").asInt(0);
            return positions > 0 ? positions : Tier.DEFAULT_CONTEXT_WINDOW;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelFolder.resolve("config.json"), e);
        }
    }

    private static Optional<OpenAiCompatibleChatModel> remoteModel(Environment environment) {
        Optional<String> baseUrl = environment.get("OPENAI_BASE_URL");
        Optional<String> apiKey = environment.get("OPENAI_API_KEY");
        if (baseUrl.isEmpty() && apiKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OpenAiCompatibleChatModel.builder()
                .baseUrl(baseUrl.orElse(DEFAULT_BASE_URL))
                .apiKey(apiKey.orElse(null))
                .modelName(environment.get("TANDEM_REMOTE_MODEL").orElse(DEFAULT_REMOTE_MODEL))
                .build());
    }
}
