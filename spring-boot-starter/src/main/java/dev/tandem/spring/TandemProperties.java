package dev.tandem.spring;

import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.internal.Urls;
import dev.tandem.policy.AuditSettings;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.MaxTokensField;
import dev.tandem.router.resilience.PartialStreamFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
 * Tandem runs offline and every decision says what would have gone remote. Further remote tiers go under
 * {@code tandem.remote-tiers.NAME} with the same keys (headers, {@code azure.*}, {@code defaults.*}, {@code
 * resilience.*}); {@code tandem.streaming}, {@code tandem.privacy.redaction} and {@code tandem.audit} apply
 * to the whole router. Every value is checked by the builder it is passed to, and a bad one fails startup
 * with its property path. API keys, header values and the {@code user} default never appear in {@code
 * toString}.
 */
@ConfigurationProperties(prefix = "tandem")
public class TandemProperties {

    /** Whether to auto-configure the Tandem router. */
    private boolean enabled = true;

    private final Policy policy = new Policy();
    private final Local local = new Local();
    private final Remote remote = new Remote();

    /**
     * Further remote tiers by name (the names the policy declares), each with the same keys as
     * tandem.remote: {@code tandem.remote-tiers.remote-eu.base-url=...}.
     */
    private final Map<String, RemoteTier> remoteTiers = new LinkedHashMap<>();

    private final Streaming streaming = new Streaming();
    private final Privacy privacy = new Privacy();
    private final Audit audit = new Audit();

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

    public Map<String, RemoteTier> getRemoteTiers() {
        return remoteTiers;
    }

    public Streaming getStreaming() {
        return streaming;
    }

    public Privacy getPrivacy() {
        return privacy;
    }

    public Audit getAudit() {
        return audit;
    }

    @Override
    public String toString() {
        return "TandemProperties[enabled=" + enabled + ", " + policy + ", " + local + ", " + remote + ", remote-tiers="
                + remoteTiers + ", " + privacy + ", " + audit + "]";
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

        private final Resilience resilience = new Resilience();

        public Resilience getResilience() {
            return resilience;
        }

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

    /**
     * The remote tier named by {@code tandem.remote.tier}: any OpenAI-compatible Chat Completions endpoint.
     * Further remote tiers go under {@code tandem.remote-tiers.NAME}, with the same keys.
     */
    public static class Remote extends RemoteTier {

        /** The tier name the policy uses for this remote model. */
        private String tier = "remote";

        public String getTier() {
            return tier;
        }

        public void setTier(String tier) {
            this.tier = tier;
        }

        @Override
        public String toString() {
            return "remote[tier=" + tier + ", " + super.toString() + "]";
        }
    }

    /**
     * One remote tier: an OpenAI-compatible Chat Completions endpoint, or an Azure OpenAI deployment. Every
     * value goes through {@code OpenAiCompatibleChatModel.builder()}, which checks it; a bad one fails startup
     * with the property's path.
     */
    public static class RemoteTier {

        /**
         * The endpoint, such as https://api.openai.com/v1 (for Azure: the resource, such as
         * https://my-resource.openai.azure.com). For tandem.remote, unset together with api-key: no remote
         * tier (offline mode).
         */
        private @Nullable String baseUrl;

        /** The API key, sent as a bearer token (as api-key for Azure). Never logged. */
        private @Nullable String apiKey;

        /** The remote model name. */
        private String model = "gpt-4o-mini";

        /** The largest prompt plus answer, in tokens, that the remote model takes. */
        private int contextWindow = 128_000;

        /** How long one remote call may take in all. */
        private Duration timeout = Duration.ofSeconds(60);

        /** The limit for opening a connection; 10s when unset. */
        private @Nullable Duration connectTimeout;

        /** The longest silence between bytes of an answer; 2m when unset. */
        private @Nullable Duration readTimeout;

        /**
         * Lets the API key go over plain http to a host other than this machine (a network you trust); by
         * default such a base-url with a key fails at startup.
         */
        private boolean allowCleartextCredentials;

        /**
         * Headers added to every request, such as OpenAI-Organization; values are never logged. Write names
         * with capitals or dots in brackets: {@code headers: {"[OpenAI-Organization]": org-1}}.
         */
        private final Map<String, String> headers = new LinkedHashMap<>();

        /**
         * Which request field carries the answer's token cap: auto (max_completion_tokens for o-series and
         * gpt-5 models, max_tokens for the rest), max-tokens or max-completion-tokens.
         */
        private MaxTokensField maxTokensField = MaxTokensField.AUTO;

        /** Sends tool schemas with strict: true (OpenAI structured outputs for tools). */
        private boolean strictTools;

        /** Sends JSON-schema response formats with strict: true. */
        private boolean strictJsonSchema;

        /**
         * Whether the endpoint understands response_format json_schema; false makes AiServices ask for JSON in
         * the prompt instead.
         */
        private boolean supportsJsonSchema = true;

        private final Azure azure = new Azure();
        private final Defaults defaults = new Defaults();
        private final Resilience resilience = new Resilience();

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

        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public @Nullable Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(@Nullable Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public boolean isAllowCleartextCredentials() {
            return allowCleartextCredentials;
        }

        public void setAllowCleartextCredentials(boolean allowCleartextCredentials) {
            this.allowCleartextCredentials = allowCleartextCredentials;
        }

        public Map<String, String> getHeaders() {
            return headers;
        }

        public MaxTokensField getMaxTokensField() {
            return maxTokensField;
        }

        public void setMaxTokensField(MaxTokensField maxTokensField) {
            this.maxTokensField = maxTokensField;
        }

        public boolean isStrictTools() {
            return strictTools;
        }

        public void setStrictTools(boolean strictTools) {
            this.strictTools = strictTools;
        }

        public boolean isStrictJsonSchema() {
            return strictJsonSchema;
        }

        public void setStrictJsonSchema(boolean strictJsonSchema) {
            this.strictJsonSchema = strictJsonSchema;
        }

        public boolean isSupportsJsonSchema() {
            return supportsJsonSchema;
        }

        public void setSupportsJsonSchema(boolean supportsJsonSchema) {
            this.supportsJsonSchema = supportsJsonSchema;
        }

        public Azure getAzure() {
            return azure;
        }

        public Defaults getDefaults() {
            return defaults;
        }

        public Resilience getResilience() {
            return resilience;
        }

        /** True when an endpoint or a key is set. */
        public boolean isConfigured() {
            return (baseUrl != null && !baseUrl.isBlank()) || (apiKey != null && !apiKey.isBlank());
        }

        @Override
        public String toString() {
            return "base-url=" + (baseUrl == null ? null : Urls.withoutSecrets(baseUrl)) + ", api-key="
                    + (apiKey == null ? "unset" : "****") + ", model=" + model + ", context-window=" + contextWindow
                    + ", timeout=" + timeout + ", headers=" + headers.keySet() + ", " + azure + ", " + defaults
                    + ", " + resilience;
        }
    }

    /** An Azure OpenAI deployment: requests go to {base-url}/openai/deployments/{deployment}/chat/completions. */
    public static class Azure {

        /** The deployment name; set together with api-version. */
        private @Nullable String deployment;

        /** The api-version query parameter, such as 2024-10-21. */
        private @Nullable String apiVersion;

        public @Nullable String getDeployment() {
            return deployment;
        }

        public void setDeployment(@Nullable String deployment) {
            this.deployment = deployment;
        }

        public @Nullable String getApiVersion() {
            return apiVersion;
        }

        public void setApiVersion(@Nullable String apiVersion) {
            this.apiVersion = apiVersion;
        }

        @Override
        public String toString() {
            return "azure[deployment=" + deployment + ", api-version=" + apiVersion + "]";
        }
    }

    /** Request parameters sent unless a request sets its own. Unset ones are not sent. */
    public static class Defaults {

        /** Sampling temperature, 0 to 2. */
        private @Nullable Double temperature;

        /** Nucleus sampling, 0 to 1. */
        private @Nullable Double topP;

        /** The most tokens an answer may have. */
        private @Nullable Integer maxOutputTokens;

        private @Nullable Double frequencyPenalty;

        private @Nullable Double presencePenalty;

        /** Sequences that end the answer. */
        private List<String> stopSequences = new ArrayList<>();

        /** The seed, for repeatable sampling where the provider supports it. */
        private @Nullable Integer seed;

        /** The end-user id sent as user (an opaque id, never personal data). */
        private @Nullable String user;

        /** reasoning_effort for reasoning models: minimal, low, medium or high. */
        private @Nullable String reasoningEffort;

        /** parallel_tool_calls, sent with tools. */
        private @Nullable Boolean parallelToolCalls;

        /**
         * Body fields sent as they are, such as service_tier. Values true/false become booleans and numbers
         * become numbers; nested keys become JSON objects.
         */
        private final Map<String, Object> customParameters = new LinkedHashMap<>();

        public @Nullable Double getTemperature() {
            return temperature;
        }

        public void setTemperature(@Nullable Double temperature) {
            this.temperature = temperature;
        }

        public @Nullable Double getTopP() {
            return topP;
        }

        public void setTopP(@Nullable Double topP) {
            this.topP = topP;
        }

        public @Nullable Integer getMaxOutputTokens() {
            return maxOutputTokens;
        }

        public void setMaxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
        }

        public @Nullable Double getFrequencyPenalty() {
            return frequencyPenalty;
        }

        public void setFrequencyPenalty(@Nullable Double frequencyPenalty) {
            this.frequencyPenalty = frequencyPenalty;
        }

        public @Nullable Double getPresencePenalty() {
            return presencePenalty;
        }

        public void setPresencePenalty(@Nullable Double presencePenalty) {
            this.presencePenalty = presencePenalty;
        }

        public List<String> getStopSequences() {
            return stopSequences;
        }

        public void setStopSequences(List<String> stopSequences) {
            this.stopSequences = stopSequences;
        }

        public @Nullable Integer getSeed() {
            return seed;
        }

        public void setSeed(@Nullable Integer seed) {
            this.seed = seed;
        }

        public @Nullable String getUser() {
            return user;
        }

        public void setUser(@Nullable String user) {
            this.user = user;
        }

        public @Nullable String getReasoningEffort() {
            return reasoningEffort;
        }

        public void setReasoningEffort(@Nullable String reasoningEffort) {
            this.reasoningEffort = reasoningEffort;
        }

        public @Nullable Boolean getParallelToolCalls() {
            return parallelToolCalls;
        }

        public void setParallelToolCalls(@Nullable Boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
        }

        public Map<String, Object> getCustomParameters() {
            return customParameters;
        }

        @Override
        public String toString() {
            // The user id and custom values may identify someone: only whether they are set.
            return "defaults[temperature=" + temperature + ", top-p=" + topP + ", max-output-tokens="
                    + maxOutputTokens + ", seed=" + seed + ", user=" + (user == null ? "unset" : "set")
                    + ", reasoning-effort=" + reasoningEffort + ", custom-parameters=" + customParameters.keySet()
                    + "]";
        }
    }

    /**
     * How a tier is guarded: timeouts, retries, circuit breaker, bulkhead and rate limits. Unset values keep
     * the tier's defaults (docs/resilience.md); the ranges are checked when the router is built.
     */
    public static class Resilience {

        /** The wait for the first streamed token. */
        private @Nullable Duration firstTokenTimeout;

        /** The limit for a whole call, retries included. */
        private @Nullable Duration totalTimeout;

        /** Attempts per call, 1 to 10 (remote default 3, local 1). */
        private @Nullable Integer maxAttempts;

        private @Nullable Duration initialBackoff;

        private @Nullable Duration maxBackoff;

        /** The longest Retry-After the tier waits for before falling back. */
        private @Nullable Duration maxRetryAfter;

        /** Whether a circuit breaker guards the tier (remote default on, local off). */
        private @Nullable Boolean circuitBreaker;

        /** The failure rate, in percent, that opens the breaker. */
        private @Nullable Integer failureRateThreshold;

        /** How long an open breaker waits before probing. */
        private @Nullable Duration openStateWait;

        /** Calls in flight at once; 0 for no limit. */
        private @Nullable Integer maxConcurrentCalls;

        /** Requests per minute; 0 for no limit. */
        private @Nullable Long requestsPerMinute;

        /** Tokens per minute; 0 for no limit. */
        private @Nullable Long tokensPerMinute;

        public @Nullable Duration getFirstTokenTimeout() {
            return firstTokenTimeout;
        }

        public void setFirstTokenTimeout(@Nullable Duration firstTokenTimeout) {
            this.firstTokenTimeout = firstTokenTimeout;
        }

        public @Nullable Duration getTotalTimeout() {
            return totalTimeout;
        }

        public void setTotalTimeout(@Nullable Duration totalTimeout) {
            this.totalTimeout = totalTimeout;
        }

        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public @Nullable Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(@Nullable Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public @Nullable Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(@Nullable Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public @Nullable Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        public @Nullable Boolean getCircuitBreaker() {
            return circuitBreaker;
        }

        public void setCircuitBreaker(@Nullable Boolean circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
        }

        public @Nullable Integer getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(@Nullable Integer failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public @Nullable Duration getOpenStateWait() {
            return openStateWait;
        }

        public void setOpenStateWait(@Nullable Duration openStateWait) {
            this.openStateWait = openStateWait;
        }

        public @Nullable Integer getMaxConcurrentCalls() {
            return maxConcurrentCalls;
        }

        public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
            this.maxConcurrentCalls = maxConcurrentCalls;
        }

        public @Nullable Long getRequestsPerMinute() {
            return requestsPerMinute;
        }

        public void setRequestsPerMinute(@Nullable Long requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
        }

        public @Nullable Long getTokensPerMinute() {
            return tokensPerMinute;
        }

        public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
        }

        @Override
        public String toString() {
            return "resilience[total-timeout=" + totalTimeout + ", max-attempts=" + maxAttempts
                    + ", requests-per-minute=" + requestsPerMinute + ", tokens-per-minute=" + tokensPerMinute + "]";
        }
    }

    /** What happens to a stream that fails after it has sent text. */
    public static class Streaming {

        /**
         * error (the default): the stream ends with StreamInterruptedException carrying the partial text;
         * continue: the next allowed tier continues the answer.
         */
        private PartialStreamFailure onPartialFailure = PartialStreamFailure.ERROR;

        public PartialStreamFailure getOnPartialFailure() {
            return onPartialFailure;
        }

        public void setOnPartialFailure(PartialStreamFailure onPartialFailure) {
            this.onPartialFailure = onPartialFailure;
        }
    }

    /** Privacy settings on top of the policy's assessment.privacy. */
    public static class Privacy {

        /**
         * How each entity type is redacted before a remote tier, overriding the policy's
         * assessment.privacy.redaction: placeholder, pseudonym, mask, hash or block. Keys are entity types
         * such as EMAIL or PERSON.
         */
        private final Map<String, RedactionMethod> redaction = new LinkedHashMap<>();

        public Map<String, RedactionMethod> getRedaction() {
            return redaction;
        }

        @Override
        public String toString() {
            return "privacy[redaction=" + redaction + "]";
        }
    }

    /** The tamper-evident audit log; set file to switch it on, overriding the policy's audit section. */
    public static class Audit {

        /** Where records are appended, one hash-chained JSON line per request. */
        private @Nullable Path file;

        /** The size at which the file rotates; at least 4KB. */
        private DataSize maxSize = DataSize.ofBytes(AuditSettings.DEFAULT_MAX_BYTES);

        /** How many rotated files are kept. */
        private int keep = AuditSettings.DEFAULT_KEEP;

        public @Nullable Path getFile() {
            return file;
        }

        public void setFile(@Nullable Path file) {
            this.file = file;
        }

        public DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(DataSize maxSize) {
            this.maxSize = maxSize;
        }

        public int getKeep() {
            return keep;
        }

        public void setKeep(int keep) {
            this.keep = keep;
        }

        @Override
        public String toString() {
            return "audit[file=" + file + ", max-size=" + maxSize + ", keep=" + keep + "]";
        }
    }
}
