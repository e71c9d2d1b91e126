package dev.tandem.spring;

import dev.tandem.core.internal.Urls;
import dev.tandem.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tandem.*} properties that configure the auto-configured {@code TandemRouter}.
 *
 * <pre>{@code
 * tandem:
 *   policy:
 *     location: classpath:tandem.yaml        # or inline: |  ...YAML...   (default: the privacy-first preset)
 *   local:
 *     model-dir: /models/Qwen2.5-0.5B-Instruct-JQ4
 *   remote:
 *     base-url: https://api.openai.com/v1
 *     api-key: ${OPENAI_API_KEY}
 *     model: gpt-4o-mini
 * }</pre>
 *
 * <p>Without {@code tandem.remote.base-url} and {@code tandem.remote.api-key} there is no remote tier:
 * Tandem runs offline and every decision says what would have gone remote. The API key never appears
 * in {@code toString}.
 */
@ConfigurationProperties(prefix = "tandem")
public class TandemProperties {

    /** Whether to auto-configure the Tandem router. */
    private boolean enabled = true;

    private final Policy policy = new Policy();
    private final Local local = new Local();
    private final Remote remote = new Remote();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Local getLocal() {
        return local;
    }

    public Remote getRemote() {
        return remote;
    }

    @Override
    public String toString() {
        return "TandemProperties[enabled=" + enabled + ", " + policy + ", " + local + ", " + remote + "]";
    }

    /** Which routing policy to use: a file, inline YAML, or a built-in preset. */
    public static class Policy {

        /**
         * Where the policy YAML lives: a Spring resource location such as {@code classpath:tandem.yaml} or
         * {@code file:/etc/tandem/tandem.yaml}, or a plain file path. Not together with inline.
         */
        private @Nullable String location;

        /** The policy YAML itself, written into application.yaml. Not together with location. */
        private @Nullable String inline;

        /**
         * The built-in preset used when neither location nor inline is set: privacy-first, cost-first,
         * latency-first, quality-first or offline-only.
         */
        private String preset = PolicyLoader.DEFAULT_PRESET;

        public @Nullable String getLocation() {
            return location;
        }

        public void setLocation(@Nullable String location) {
            this.location = location;
        }

        public @Nullable String getInline() {
            return inline;
        }

        public void setInline(@Nullable String inline) {
            this.inline = inline;
        }

        public String getPreset() {
            return preset;
        }

        public void setPreset(String preset) {
            this.preset = preset;
        }

        @Override
        public String toString() {
            return "policy[location=" + location + ", inline=" + (inline == null ? "no" : "yes") + ", preset=" + preset
                    + "]";
        }
    }

    /** The local tier: a Jlama model folder, loaded in process on the first request that needs it. */
    public static class Local {

        /** The tier name the policy uses for the local model. */
        private String tier = "local";

        /**
         * The model folder: config.json, tokenizer.json, tokenizer_config.json (with a chat template) and
         * model.safetensors.
         */
        private @Nullable Path modelDir;

        /**
         * Forge a tiny model with random weights into model-dir when it holds no model. For demos and tests
         * only: the forged model produces random text.
         */
        private boolean forgeIfMissing = false;

        /** The most tokens one local answer may have. */
        private int maxNewTokens = 256;

        /** Load the model at startup instead of on the first request. */
        private boolean warmUp = false;

        public String getTier() {
            return tier;
        }

        public void setTier(String tier) {
            this.tier = tier;
        }

        public @Nullable Path getModelDir() {
            return modelDir;
        }

        public void setModelDir(@Nullable Path modelDir) {
            this.modelDir = modelDir;
        }

        public boolean isForgeIfMissing() {
            return forgeIfMissing;
        }

        public void setForgeIfMissing(boolean forgeIfMissing) {
            this.forgeIfMissing = forgeIfMissing;
        }

        public int getMaxNewTokens() {
            return maxNewTokens;
        }

        public void setMaxNewTokens(int maxNewTokens) {
            this.maxNewTokens = maxNewTokens;
        }

        public boolean isWarmUp() {
            return warmUp;
        }

        public void setWarmUp(boolean warmUp) {
            this.warmUp = warmUp;
        }

        @Override
        public String toString() {
            return "local[tier=" + tier + ", model-dir=" + modelDir + ", forge-if-missing=" + forgeIfMissing
                    + ", max-new-tokens=" + maxNewTokens + ", warm-up=" + warmUp + "]";
        }
    }

    /** The remote tier: any OpenAI-compatible Chat Completions endpoint. */
    public static class Remote {

        /** The tier name the policy uses for the remote model. */
        private String tier = "remote";

        /**
         * The endpoint, such as https://api.openai.com/v1. Unset together with api-key: no remote tier
         * (offline mode).
         */
        private @Nullable String baseUrl;

        /** The API key, sent as a bearer token. Never logged. */
        private @Nullable String apiKey;

        /** The remote model name. */
        private String model = "gpt-4o-mini";

        /** The largest prompt plus answer, in tokens, that the remote model takes. */
        private int contextWindow = 128_000;

        /** How long one remote call may take in all. */
        private Duration timeout = Duration.ofSeconds(60);

        /**
         * Lets the API key go over plain http to a host other than this machine (a network you trust); by
         * default such a base-url with a key fails at startup.
         */
        private boolean allowCleartextCredentials;

        public String getTier() {
            return tier;
        }

        public void setTier(String tier) {
            this.tier = tier;
        }

        public @Nullable String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(@Nullable String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public @Nullable String getApiKey() {
            return apiKey;
        }

        public void setApiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
        }

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public int getContextWindow() {
            return contextWindow;
        }

        public void setContextWindow(int contextWindow) {
            this.contextWindow = contextWindow;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public boolean isAllowCleartextCredentials() {
            return allowCleartextCredentials;
        }

        public void setAllowCleartextCredentials(boolean allowCleartextCredentials) {
            this.allowCleartextCredentials = allowCleartextCredentials;
        }

        /** True when an endpoint or a key is set. */
        public boolean isConfigured() {
            return (baseUrl != null && !baseUrl.isBlank()) || (apiKey != null && !apiKey.isBlank());
        }

        @Override
        public String toString() {
            return "remote[tier=" + tier + ", base-url=" + (baseUrl == null ? null : Urls.withoutSecrets(baseUrl))
                    + ", api-key="
                    + (apiKey == null ? "unset" : "****") + ", model=" + model + ", context-window="
                    + contextWindow + ", timeout=" + timeout + "]";
        }
    }
}
