package dev.tandem.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.LocalModels;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.AuditSettings;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.resilience.ResilienceConfig;
import dev.tandem.router.resilience.ResilienceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

    static Tier localTier(TandemProperties.Local properties, @Nullable LocalModels models) {
        Path folder = localModelFolder(properties);
        if (models == null) {
            throw new IllegalStateException("the policy declares local tier '" + properties.getTier()
                    + "' but there is no LocalModels bean; set tandem.local.model-dir");
        }
        return Tier.local(properties.getTier(), models.chatModel(properties.getTier()))
                .modelName(folder.getFileName().toString())
                .contextWindow(contextWindowOf(folder))
                .build();
    }

    /**
     * The tier built from {@code properties}, or empty when it sets neither an endpoint nor a key. Each value
     * goes through {@link OpenAiCompatibleChatModel.Builder}; a value it rejects fails with the property's
     * path ({@code prefix}) in front of the builder's message.
     */
    static Optional<Tier> remoteTier(String name, TandemProperties.RemoteTier properties, String prefix) {
        if (!properties.isConfigured()) {
            return Optional.empty();
        }
        try {
            OpenAiCompatibleChatModel.Builder builder = OpenAiCompatibleChatModel.builder()
                    .baseUrl(Optional.ofNullable(blankToNull(properties.getBaseUrl()))
                            .orElse("https://api.openai.com/v1"))
                    .apiKey(blankToNull(properties.getApiKey()))
                    .modelName(properties.getModel())
                    .tierName(name)
                    .callTimeout(properties.getTimeout())
                    .allowCleartextCredentials(properties.isAllowCleartextCredentials())
                    .maxTokensField(properties.getMaxTokensField())
                    .strictTools(properties.isStrictTools())
                    .strictJsonSchema(properties.isStrictJsonSchema())
                    .supportsJsonSchema(properties.isSupportsJsonSchema());
            Optional.ofNullable(properties.getConnectTimeout()).ifPresent(builder::connectTimeout);
            Optional.ofNullable(properties.getReadTimeout()).ifPresent(builder::readTimeout);
            properties.getHeaders().forEach(builder::header);
            TandemProperties.Azure azure = properties.getAzure();
            Optional.ofNullable(blankToNull(azure.getDeployment())).ifPresent(builder::azureDeployment);
            Optional.ofNullable(blankToNull(azure.getApiVersion())).ifPresent(builder::apiVersion);
            applyDefaults(properties.getDefaults(), builder);
            OpenAiCompatibleChatModel model = builder.build();
            return Optional.of(Tier.remote(name, model)
                    .modelName(properties.getModel())
                    .contextWindow(properties.getContextWindow())
                    .build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static void applyDefaults(TandemProperties.Defaults defaults, OpenAiCompatibleChatModel.Builder builder) {
        DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder();
        Optional.ofNullable(defaults.getTemperature()).ifPresent(parameters::temperature);
        Optional.ofNullable(defaults.getTopP()).ifPresent(parameters::topP);
        Optional.ofNullable(defaults.getMaxOutputTokens()).ifPresent(parameters::maxOutputTokens);
        Optional.ofNullable(defaults.getFrequencyPenalty()).ifPresent(parameters::frequencyPenalty);
        Optional.ofNullable(defaults.getPresencePenalty()).ifPresent(parameters::presencePenalty);
        if (!defaults.getStopSequences().isEmpty()) {
            parameters.stopSequences(defaults.getStopSequences());
        }
        builder.defaultRequestParameters(parameters.build());
        Optional.ofNullable(defaults.getSeed()).ifPresent(builder::seed);
        Optional.ofNullable(blankToNull(defaults.getUser())).ifPresent(builder::user);
        Optional.ofNullable(blankToNull(defaults.getReasoningEffort())).ifPresent(builder::reasoningEffort);
        Optional.ofNullable(defaults.getParallelToolCalls()).ifPresent(builder::parallelToolCalls);
        if (!defaults.getCustomParameters().isEmpty()) {
            builder.customParameters(JsonValues.typed(defaults.getCustomParameters()));
        }
    }

    /**
     * The tiers' guards: each tier's {@code resilience.*} on top of its locality's defaults, and what a
     * stream does when it fails half-way.
     */
    static ResilienceSettings resilience(TandemProperties properties, Map<String, Tier> tiers) {
        ResilienceSettings.Builder settings = ResilienceSettings.custom()
                .onPartialStreamFailure(properties.getStreaming().getOnPartialFailure());
        Map<String, TandemProperties.Resilience> perTier = new LinkedHashMap<>();
        perTier.put(properties.getLocal().getTier(), properties.getLocal().getResilience());
        perTier.put(properties.getRemote().getTier(), properties.getRemote().getResilience());
        properties.getRemoteTiers().forEach((name, remote) -> perTier.put(name, remote.getResilience()));
        perTier.forEach((name, resilience) -> {
            Tier tier = tiers.get(name);
            if (tier != null) {
                settings.tier(name, resilienceConfig(tier.locality(), resilience, prefixOf(properties, name)));
            }
        });
        return settings.build();
    }

    private static String prefixOf(TandemProperties properties, String tier) {
        if (tier.equals(properties.getLocal().getTier())) {
            return "tandem.local.resilience";
        }
        if (tier.equals(properties.getRemote().getTier())) {
            return "tandem.remote.resilience";
        }
        return "tandem.remote-tiers." + tier + ".resilience";
    }

    private static ResilienceConfig resilienceConfig(
            Locality locality, TandemProperties.Resilience properties, String prefix) {
        ResilienceConfig.Builder config = ResilienceConfig.from(ResilienceConfig.defaultsFor(locality));
        try {
            Optional.ofNullable(properties.getFirstTokenTimeout()).ifPresent(config::firstTokenTimeout);
            Optional.ofNullable(properties.getTotalTimeout()).ifPresent(config::totalTimeout);
            Optional.ofNullable(properties.getMaxAttempts()).ifPresent(config::maxAttempts);
            Optional.ofNullable(properties.getInitialBackoff()).ifPresent(config::initialBackoff);
            Optional.ofNullable(properties.getMaxBackoff()).ifPresent(config::maxBackoff);
            Optional.ofNullable(properties.getMaxRetryAfter()).ifPresent(config::maxRetryAfter);
            Optional.ofNullable(properties.getCircuitBreaker()).ifPresent(config::circuitBreaker);
            Optional.ofNullable(properties.getFailureRateThreshold()).ifPresent(config::failureRateThreshold);
            Optional.ofNullable(properties.getOpenStateWait()).ifPresent(config::openStateWait);
            Optional.ofNullable(properties.getMaxConcurrentCalls()).ifPresent(config::maxConcurrentCalls);
            Optional.ofNullable(properties.getRequestsPerMinute()).ifPresent(config::requestsPerMinute);
            Optional.ofNullable(properties.getTokensPerMinute()).ifPresent(config::tokensPerMinute);
            return config.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(prefix + ": " + e.getMessage(), e);
        }
    }

    /** {@code tandem.privacy.redaction}: entity type (EMAIL, PERSON, ...) to method. */
    static Map<EntityType, RedactionMethod> redaction(TandemProperties.Privacy privacy) {
        Map<EntityType, RedactionMethod> methods = new LinkedHashMap<>();
        privacy.getRedaction().forEach((type, method) -> {
            String name = type.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                methods.put(EntityType.of(name), method);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tandem.privacy.redaction." + type + ": " + e.getMessage(), e);
            }
        });
        return methods;
    }

    /** The policy with {@code tandem.audit.*} applied, when {@code tandem.audit.file} is set. */
    static Policy withAudit(Policy policy, TandemProperties.Audit audit) {
        if (audit.getFile() == null || audit.getFile().toString().isBlank()) {
            return policy;
        }
        try {
            return policy.withAudit(
                    new AuditSettings(audit.getFile(), audit.getMaxSize().toBytes(), audit.getKeep()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tandem.audit: " + e.getMessage(), e);
        }
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
