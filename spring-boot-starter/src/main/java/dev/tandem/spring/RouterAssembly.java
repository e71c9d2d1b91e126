package dev.tandem.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.LocalModels;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Turns {@link TandemProperties} into a policy and tiers; every problem names the property to fix. */
final class RouterAssembly {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterAssembly() {}

    static Policy policy(TandemProperties.Policy properties, ResourceLoader resources) {
        String location = blankToNull(properties.getLocation());
        String inline = blankToNull(properties.getInline());
        if (location != null && inline != null) {
            throw new IllegalStateException("tandem.policy.location and tandem.policy.inline are both set; set only"
                    + " one: a policy file, or the policy YAML itself");
        }
        if (inline != null) {
            return PolicyLoader.parse(inline, "tandem.policy.inline");
        }
        if (location == null) {
            return PolicyLoader.preset(properties.getPreset());
        }
        if (!location.contains(":") || location.startsWith("/")) {
            return PolicyLoader.load(Path.of(location));
        }
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new IllegalStateException("tandem.policy.location=" + location
                    + " does not exist; use classpath:NAME.yaml, file:/path/NAME.yaml or a plain file path");
        }
        try {
            if (resource.isFile()) {
                return PolicyLoader.load(resource.getFile().toPath());
            }
            try (InputStream in = resource.getInputStream()) {
                return PolicyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tandem.policy.location=" + location, e);
        }
    }

    static LocalModels localModels(TandemProperties.Local properties) {
        Path folder = localModelFolder(properties);
        LocalModels.Builder builder = LocalModels.builder()
                .model(
                        properties.getTier(),
                        JlamaLocalModel.builder().modelDirectory(folder).maxNewTokens(properties.getMaxNewTokens()));
        if (properties.isWarmUp()) {
            builder.warmUp(properties.getTier());
        }
        return builder.build();
    }

    static Tier localTier(TandemProperties.Local properties, LocalModels models) {
        Path folder = localModelFolder(properties);
        return Tier.local(properties.getTier(), models.chatModel(properties.getTier()))
                .modelName(folder.getFileName().toString())
                .contextWindow(contextWindowOf(folder))
                .build();
    }

    static Optional<Tier> remoteTier(TandemProperties.Remote properties) {
        if (!properties.isConfigured()) {
            return Optional.empty();
        }
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                .baseUrl(Optional.ofNullable(blankToNull(properties.getBaseUrl()))
                        .orElse("https://api.openai.com/v1"))
                .apiKey(blankToNull(properties.getApiKey()))
                .modelName(properties.getModel())
                .tierName(properties.getTier())
                .callTimeout(properties.getTimeout())
                .allowCleartextCredentials(properties.isAllowCleartextCredentials())
                .build();
        return Optional.of(Tier.remote(properties.getTier(), model)
                .modelName(properties.getModel())
                .contextWindow(properties.getContextWindow())
                .build());
    }

    private static Path localModelFolder(TandemProperties.Local properties) {
        Path folder = properties.getModelDir();
        if (folder == null) {
            throw new IllegalStateException("tandem.local.model-dir is not set: point it at a model folder"
                    + " (config.json, tokenizer.json, tokenizer_config.json, model.safetensors), or also set"
                    + " tandem.local.forge-if-missing=true to forge a tiny random-weight model there for a demo");
        }
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            if (!properties.isForgeIfMissing()) {
                throw new IllegalStateException("tandem.local.model-dir=" + folder + " is not a model folder: it has"
                        + " no config.json. Point it at a folder with config.json, tokenizer.json,"
                        + " tokenizer_config.json and model.safetensors, or set tandem.local.forge-if-missing=true"
                        + " to forge a tiny random-weight model there for a demo");
            }
            ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), folder);
        }
        return folder;
    }

    /** Jlama's usable context: max_position_embeddings less two positions per extra key/value head. */
    private static int contextWindowOf(Path folder) {
        try {
            JsonNode config = JSON.readTree(folder.resolve("config.json").toFile());
            int positions = config.path("max_position_embeddings").asInt(0);
            int kvHeads = config.path("num_key_value_heads").asInt(1);
            int window = positions - 2 * Math.max(0, kvHeads - 1);
            return window > 0 ? window : Tier.DEFAULT_CONTEXT_WINDOW;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve("config.json"), e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
