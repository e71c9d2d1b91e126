package dev.tandem.policy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.internal.Urls;
import dev.tandem.core.tier.Locality;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one tier, as a policy declares it. The router builds a real {@link
 * dev.tandem.core.tier.Tier} from it; this class only holds and checks the settings.
 *
 * <pre>{@code
 * TierSpec local = TierSpec.local("local").model("tjake/Qwen2.5-0.5B-Instruct-JQ4").contextWindow(32_768)
 *         .languages(List.of("en", "de")).costPerMillionTokens(0.0).build();
 * TierSpec remote = TierSpec.remote("remote").baseUrl(URI.create("https://api.openai.com/v1"))
 *         .model("gpt-4o-mini").apiKey(Secret.of(key)).pricesPerMillion(0.15, 0.60)
 *         .callTimeout(Duration.ofSeconds(60)).fallback("local").build();
 * }</pre>
 *
 * <ul>
 *   <li>{@code model}: for a local tier, a model folder or a Hugging Face id ({@code owner/name}); for a
 *       remote tier, the model name the endpoint serves. Optional.
 *   <li>{@code contextWindow}: tokens, at least 1; unset means "whatever the built tier says"
 *       ({@value dev.tandem.core.tier.Tier#DEFAULT_CONTEXT_WINDOW} by default).
 *   <li>prices: US dollars per million input and output tokens, at least 0; default 0.
 *   <li>{@code fallback}: the tier to try when this one fails and the rule names no fallback; chains
 *       must not form a cycle.
 *   <li>remote only: {@code baseUrl} (http or https), {@code apiKey} (a {@link Secret}), timeouts (positive).
 *   <li>local only: {@code languages} (ISO 639-1 codes such as {@code en}).
 * </ul>
 *
 * <p>Immutable and thread-safe; {@code toString} masks the API key.
 */
public final class TierSpec {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern AZURE_DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern API_VERSION =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?|v[0-9]+|latest|preview");
    private static final Pattern CUSTOM_PARAMETER = Pattern.compile("[a-z][a-z0-9_]*");
    /** The {@code reasoning_effort} values OpenAI documents. */
    public static final List<String> REASONING_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
    /** The values of {@code parameters.max-tokens-field}, as the remote tier's {@code MaxTokensField}. */
    public static final List<String> MAX_TOKENS_FIELDS = List.of("auto", "max-tokens", "max-completion-tokens");

    private final String name;
    private final Locality locality;
    private final Optional<String> model;
    private final List<String> languages;
    private final OptionalInt contextWindow;
    private final double inputPricePerMillion;
    private final double outputPricePerMillion;
    private final Optional<URI> baseUrl;
    private final Optional<Secret> apiKey;
    private final Optional<Duration> connectTimeout;
    private final Optional<Duration> readTimeout;
    private final Optional<Duration> callTimeout;
    private final Optional<String> fallback;
    private final boolean allowCleartextCredentials;
    private final Optional<String> azureDeployment;
    private final Optional<String> apiVersion;
    private final RemoteParameters parameters;
    private final boolean toolCalling;
    private final int structuredOutputAttempts;

    private TierSpec(Builder builder) {
        this.name = builder.name;
        this.locality = builder.locality;
        this.model = Optional.ofNullable(builder.model);
        this.languages = List.copyOf(builder.languages);
        this.contextWindow = builder.contextWindow;
        this.inputPricePerMillion = builder.inputPricePerMillion;
        this.outputPricePerMillion = builder.outputPricePerMillion;
        this.baseUrl = Optional.ofNullable(builder.baseUrl);
        this.apiKey = Optional.ofNullable(builder.apiKey);
        this.connectTimeout = Optional.ofNullable(builder.connectTimeout);
        this.readTimeout = Optional.ofNullable(builder.readTimeout);
        this.callTimeout = Optional.ofNullable(builder.callTimeout);
        this.fallback = Optional.ofNullable(builder.fallback);
        this.allowCleartextCredentials = builder.allowCleartextCredentials;
        this.toolCalling = builder.toolCalling;
        this.structuredOutputAttempts = builder.structuredOutputAttempts;
        this.azureDeployment = Optional.ofNullable(builder.azureDeployment);
        this.apiVersion = Optional.ofNullable(builder.apiVersion);
        this.parameters = new RemoteParameters(
                Optional.ofNullable(builder.seed),
                Optional.ofNullable(builder.user),
                Optional.ofNullable(builder.reasoningEffort),
                Optional.ofNullable(builder.maxTokensField),
                Optional.ofNullable(builder.parallelToolCalls),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(builder.customParameters)));
    }

    /**
     * The request defaults a remote tier sends unless a request sets its own (YAML {@code parameters}):
     * {@code seed}, {@code user}, {@code reasoning_effort}, which field carries the token cap ({@code auto},
     * {@code max-tokens} or {@code max-completion-tokens}), {@code parallel_tool_calls}, and body fields sent
     * as they are ({@code custom}).
     */
    public record RemoteParameters(
            Optional<Integer> seed,
            Optional<String> user,
            Optional<String> reasoningEffort,
            Optional<String> maxTokensField,
            Optional<Boolean> parallelToolCalls,
            java.util.Map<String, Object> custom) {}

    /** Starts a tier that runs on this machine. */
    public static Builder local(String name) {
        return new Builder(name, Locality.LOCAL);
    }

    /** Starts a tier behind an OpenAI-compatible endpoint. */
    public static Builder remote(String name) {
        return new Builder(name, Locality.REMOTE);
    }

    public static Builder of(String name, Locality locality) {
        return new Builder(name, locality);
    }

    public String name() {
        return name;
    }

    public Locality locality() {
        return locality;
    }

    public boolean isRemote() {
        return locality == Locality.REMOTE;
    }

    public Optional<String> model() {
        return model;
    }

    public List<String> languages() {
        return languages;
    }

    public OptionalInt contextWindow() {
        return contextWindow;
    }

    public double inputPricePerMillion() {
        return inputPricePerMillion;
    }

    public double outputPricePerMillion() {
        return outputPricePerMillion;
    }

    /** Estimated US dollars for a call with these token counts. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPricePerMillion + outputTokens * outputPricePerMillion) / 1_000_000.0;
    }

    public Optional<URI> baseUrl() {
        return baseUrl;
    }

    public Optional<Secret> apiKey() {
        return apiKey;
    }

    /**
     * Whether the API key may go over plain {@code http://} to a host other than this machine (YAML {@code
     * allow-cleartext-credentials}); false by default.
     */
    public boolean allowCleartextCredentials() {
        return allowCleartextCredentials;
    }

    public Optional<Duration> connectTimeout() {
        return connectTimeout;
    }

    public Optional<Duration> readTimeout() {
        return readTimeout;
    }

    public Optional<Duration> callTimeout() {
        return callTimeout;
    }

    public Optional<String> fallback() {
        return fallback;
    }

    /** Whether a local tier's model calls tools (YAML {@code tool-calling}); false by default. */
    public boolean toolCalling() {
        return toolCalling;
    }

    /**
     * How many answers a local tier's model may give for a JSON response format before the call fails (YAML
     * {@code structured-output-attempts}); 0, the default, means it does not serve JSON formats.
     */
    public int structuredOutputAttempts() {
        return structuredOutputAttempts;
    }

    /** The Azure OpenAI deployment a remote tier calls (YAML {@code azure.deployment}). */
    public Optional<String> azureDeployment() {
        return azureDeployment;
    }

    /**
     * The {@code api-version} query parameter (YAML {@code azure.api-version}); required with a deployment,
     * and sent alone for endpoints that want it without one.
     */
    public Optional<String> apiVersion() {
        return apiVersion;
    }

    /** The remote tier's request defaults (YAML {@code parameters}); all empty for local tiers. */
    public RemoteParameters parameters() {
        return parameters;
    }

    /** The name and locality, as the router checks configured tiers against the policy. */
    public TierDeclaration declaration() {
        return new TierDeclaration(name, locality);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(name);
        parts.add(locality.wireName());
        model.ifPresent(m -> parts.add("model " + m));
        baseUrl.ifPresent(u -> parts.add(Urls.withoutSecrets(u.toString())));
        apiKey.ifPresent(k -> parts.add("api-key " + k));
        contextWindow.ifPresent(c -> parts.add("context " + c));
        return "TierSpec[" + String.join(", ", parts) + "]";
    }

    /** Builds a {@link TierSpec}; each setter checks its value and names the valid range. */
    public static final class Builder {
        private final String name;
        private final Locality locality;
        private @Nullable String model;
        private final List<String> languages = new ArrayList<>();
        private OptionalInt contextWindow = OptionalInt.empty();
        private double inputPricePerMillion;
        private double outputPricePerMillion;
        private @Nullable URI baseUrl;
        private @Nullable Secret apiKey;
        private boolean allowCleartextCredentials;
        private @Nullable Duration connectTimeout;
        private @Nullable Duration readTimeout;
        private @Nullable Duration callTimeout;
        private @Nullable String fallback;
        private @Nullable String azureDeployment;
        private @Nullable String apiVersion;
        private boolean toolCalling;
        private int structuredOutputAttempts;
        private @Nullable Integer seed;
        private @Nullable String user;
        private @Nullable String reasoningEffort;
        private @Nullable String maxTokensField;
        private @Nullable Boolean parallelToolCalls;
        private final java.util.Map<String, Object> customParameters = new java.util.LinkedHashMap<>();

        private Builder(String name, Locality locality) {
            this.name = requireNonNull(name, "name");
            this.locality = requireNonNull(locality, "locality");
        }

        public Builder model(String model) {
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model;
            return this;
        }

        /** Languages the local model handles well, as ISO 639-1 codes such as {@code en}; local tiers only. */
        public Builder languages(List<String> languages) {
            requireLocality(Locality.LOCAL, "languages");
            for (String language : languages) {
                if (!LANGUAGE.matcher(language).matches()) {
                    throw new IllegalArgumentException(
                            "language '" + language + "' must be an ISO 639 code in lower case, like en or de");
                }
            }
            this.languages.addAll(languages);
            return this;
        }

        /** The context window in tokens, at least 1. */
        public Builder contextWindow(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("context-window must be at least 1, was " + tokens);
            }
            this.contextWindow = OptionalInt.of(tokens);
            return this;
        }

        /** What a local tier costs to run, in US dollars per million tokens (input and output alike). */
        public Builder costPerMillionTokens(double usd) {
            requireLocality(Locality.LOCAL, "cost-per-million-tokens");
            checkPrice("cost-per-million-tokens", usd);
            this.inputPricePerMillion = usd;
            this.outputPricePerMillion = usd;
            return this;
        }

        /** A remote tier's prices in US dollars per million input and output tokens, each at least 0. */
        public Builder pricesPerMillion(double input, double output) {
            requireLocality(Locality.REMOTE, "prices");
            checkPrice("input-price-per-million", input);
            checkPrice("output-price-per-million", output);
            this.inputPricePerMillion = input;
            this.outputPricePerMillion = output;
            return this;
        }

        /** The endpoint, such as {@code https://api.openai.com/v1}; http or https, remote tiers only. */
        public Builder baseUrl(URI url) {
            requireLocality(Locality.REMOTE, "base-url");
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "base-url must be an http or https URL with a host, like https://api.openai.com/v1");
            }
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "base-url must not carry credentials (user:password@host); put the key in api-key");
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new IllegalArgumentException("base-url '" + Urls.withoutSecrets(url.toString())
                        + "' must not have a query or fragment; expected one like https://api.openai.com/v1");
            }
            this.baseUrl = url;
            return this;
        }

        /**
         * Lets the API key go over plain {@code http://} to a host other than this machine (a trusted private
         * network); off by default, when a tier with both an {@code http://} non-loopback base URL and an API
         * key is refused.
         */
        public Builder allowCleartextCredentials(boolean allow) {
            requireLocality(Locality.REMOTE, "allow-cleartext-credentials");
            this.allowCleartextCredentials = allow;
            return this;
        }

        public Builder apiKey(Secret key) {
            requireLocality(Locality.REMOTE, "api-key");
            this.apiKey = requireNonNull(key, "key");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkTimeout("timeouts.connect", timeout);
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checkTimeout("timeouts.read", timeout);
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = checkTimeout("timeouts.call", timeout);
            return this;
        }

        /** The tier to try when this one fails and a rule names no fallback of its own. */
        public Builder fallback(String tier) {
            if (tier.equals(name)) {
                throw new IllegalArgumentException("tier '" + name + "' cannot fall back to itself");
            }
            this.fallback = tier;
            return this;
        }

        /** Lets a local tier's model call tools: they are rendered into its prompt and parsed from its answer. */
        public Builder toolCalling(boolean enabled) {
            requireLocality(Locality.LOCAL, "tool-calling");
            this.toolCalling = enabled;
            return this;
        }

        /**
         * Lets a local tier serve JSON response formats: its answer is checked against the schema and asked
         * for again with the mistakes shown, up to {@code attempts} answers; 0 (off) to 5.
         */
        public Builder structuredOutputAttempts(int attempts) {
            requireLocality(Locality.LOCAL, "structured-output-attempts");
            if (attempts < 0 || attempts > 5) {
                throw new IllegalArgumentException(
                        "structured-output-attempts must be between 0 (off) and 5, was " + attempts);
            }
            this.structuredOutputAttempts = attempts;
            return this;
        }

        /** Calls an Azure OpenAI deployment, like {@code gpt-4o-mini}; needs {@link #apiVersion}. */
        public Builder azureDeployment(String deployment) {
            requireLocality(Locality.REMOTE, "azure.deployment");
            if (!AZURE_DEPLOYMENT.matcher(deployment).matches()) {
                throw new IllegalArgumentException("azure.deployment '" + deployment
                        + "' is not a deployment name (letters, digits, '.', '_' and '-', up to 64)");
            }
            this.azureDeployment = deployment;
            return this;
        }

        /** The {@code api-version} query parameter, like {@code 2024-10-21} or {@code 2025-01-01-preview}. */
        public Builder apiVersion(String apiVersion) {
            requireLocality(Locality.REMOTE, "azure.api-version");
            if (!API_VERSION.matcher(apiVersion).matches()) {
                throw new IllegalArgumentException("azure.api-version '" + apiVersion
                        + "' is not an API version; write it like 2024-10-21 or 2025-01-01-preview");
            }
            this.apiVersion = apiVersion;
            return this;
        }

        /** A default {@code seed} for repeatable sampling. */
        public Builder seed(int seed) {
            requireLocality(Locality.REMOTE, "parameters.seed");
            this.seed = seed;
            return this;
        }

        /** A default {@code user}: an id of the end user for the provider's abuse monitoring; 1 to 256 characters. */
        public Builder user(String user) {
            requireLocality(Locality.REMOTE, "parameters.user");
            if (user.isBlank() || user.length() > 256) {
                throw new IllegalArgumentException("parameters.user must be 1 to 256 characters, was "
                        + (user.isBlank() ? "blank" : user.length() + " characters"));
            }
            this.user = user;
            return this;
        }

        /** A default {@code reasoning_effort}: one of {@link #REASONING_EFFORTS}. */
        public Builder reasoningEffort(String effort) {
            requireLocality(Locality.REMOTE, "parameters.reasoning-effort");
            if (!REASONING_EFFORTS.contains(effort)) {
                throw new IllegalArgumentException("parameters.reasoning-effort '" + effort + "' must be one of "
                        + String.join(", ", REASONING_EFFORTS));
            }
            this.reasoningEffort = effort;
            return this;
        }

        /** Which field carries the token cap: one of {@link #MAX_TOKENS_FIELDS}; default {@code auto}. */
        public Builder maxTokensField(String field) {
            requireLocality(Locality.REMOTE, "parameters.max-tokens-field");
            if (!MAX_TOKENS_FIELDS.contains(field)) {
                throw new IllegalArgumentException("parameters.max-tokens-field '" + field + "' must be one of "
                        + String.join(", ", MAX_TOKENS_FIELDS));
            }
            this.maxTokensField = field;
            return this;
        }

        /** A default {@code parallel_tool_calls}, sent with tools. */
        public Builder parallelToolCalls(boolean parallel) {
            requireLocality(Locality.REMOTE, "parameters.parallel-tool-calls");
            this.parallelToolCalls = parallel;
            return this;
        }

        /**
         * A body field sent as it is with every request, such as {@code service_tier: flex}; the name is
         * lower-case snake case and the value a string, number, boolean, list or mapping of those.
         */
        public Builder customParameter(String name, Object value) {
            requireLocality(Locality.REMOTE, "parameters.custom");
            if (!CUSTOM_PARAMETER.matcher(name).matches()) {
                throw new IllegalArgumentException("parameters.custom key '" + name
                        + "' must be a body field name in snake case, like service_tier");
            }
            customParameters.put(name, requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the tier.
         *
         * @throws IllegalArgumentException if an API key would go over plain http to another machine without
         *     {@link #allowCleartextCredentials}
         */
        public TierSpec build() {
            if (apiKey != null
                    && baseUrl != null
                    && "http".equals(baseUrl.getScheme())
                    && !Urls.isLoopbackHost(baseUrl.getHost())
                    && !allowCleartextCredentials) {
                throw new IllegalArgumentException("tier '" + name + "' would send its api-key in clear text over"
                        + " http to " + baseUrl.getHost() + "; use an https:// base-url, or, on a network you"
                        + " trust, set allow-cleartext-credentials: true");
            }
            if (azureDeployment != null && apiVersion == null) {
                throw new IllegalArgumentException("tier '" + name + "' names an azure.deployment but no"
                        + " azure.api-version, which Azure OpenAI requires; add one like api-version: 2024-10-21");
            }
            return new TierSpec(this);
        }

        private Duration checkTimeout(String key, Duration timeout) {
            requireLocality(Locality.REMOTE, "timeouts");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, was " + timeout);
            }
            return timeout;
        }

        private void requireLocality(Locality required, String key) {
            if (locality != required) {
                throw new IllegalArgumentException(
                        "'" + key + "' is only for " + required.name().toLowerCase(Locale.ROOT) + " tiers");
            }
        }

        private static void checkPrice(String key, double usd) {
            if (!(usd >= 0.0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException(key + " must be a price of at least 0, was " + usd);
            }
        }
    }
}
