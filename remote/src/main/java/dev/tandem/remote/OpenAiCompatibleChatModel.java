package dev.tandem.remote;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tandem.core.exception.ModelRefusalException;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierModelNotFoundException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.internal.Urls;
import dev.tandem.core.tier.FeatureDeclaring;
import dev.tandem.core.tier.TierFeature;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ChatModel} and {@link StreamingChatModel} that calls an OpenAI-compatible Chat
 * Completions API ({@code POST {baseUrl}/chat/completions}): OpenAI itself, or any server that speaks the
 * same protocol (vLLM, llama.cpp, Ollama, LM Studio, gateways).
 *
 * <pre>{@code
 * OpenAiCompatibleChatModel remote = OpenAiCompatibleChatModel.builder()
 *         .baseUrl("https://api.openai.com/v1")
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .modelName("gpt-4o-mini")
 *         .build();
 *
 * String answer = remote.chat("Say hello");
 * Tier tier = Tier.remote(remote.tierName(), remote).modelName(remote.modelName()).build();
 * }</pre>
 *
 * <h2>What is sent</h2>
 *
 * System, user (text and images), AI (text and tool calls) and tool-result messages ({@code role: tool});
 * from the request parameters: model name (overrides the configured one), temperature, top-p, frequency and
 * presence penalties, max output tokens (as {@code max_tokens}, or {@code max_completion_tokens} for
 * reasoning models, see {@link MaxTokensField}), stop sequences, tools (with {@code strict} schemas when
 * {@link Builder#strictTools} or the tool says so), tool choice, and the response format ({@code json_object},
 * or {@code json_schema}). {@link OpenAiCompatibleRequestParameters} adds {@code seed}, {@code user},
 * {@code reasoning_effort}, {@code parallel_tool_calls} and custom body fields; the builder sets defaults for
 * them. {@code topK} is not part of the OpenAI API and is not sent. Audio, video and PDF content are refused
 * with a {@link TierRequestRejectedException} before anything is sent.
 *
 * <h2>What comes back</h2>
 *
 * The text, tool calls (arguments exactly as the model produced them; calls whose arguments are not valid
 * JSON are listed under {@link dev.tandem.core.tier.MalformedToolCalls}), {@code reasoning_content} as
 * {@code AiMessage.thinking()}, finish reason and token usage. A refusal ({@code refusal} set, no content)
 * is a {@link ModelRefusalException} carrying the refusal text.
 *
 * <h2>Azure OpenAI</h2>
 *
 * {@link Builder#azureDeployment} and {@link Builder#apiVersion} call {@code
 * {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...} with the key in {@code
 * api-key}.
 *
 * <h2>Errors</h2>
 *
 * Every failure is one of core's {@link TierException}s, thrown by {@code chat} or passed to {@link
 * StreamingChatResponseHandler#onError}; no {@code IOException} or JSON exception escapes:
 *
 * <ul>
 *   <li>HTTP 400, 413, 422 and other 4xx: {@link TierRequestRejectedException}
 *   <li>HTTP 401, 403: {@link TierAuthenticationException}
 *   <li>HTTP 404: {@link TierModelNotFoundException}
 *   <li>HTTP 408, connect, read or call timeout: {@link TierTimeoutException}
 *   <li>HTTP 429, and 503 with a {@code Retry-After} header: {@link RateLimitedException}, with the wait
 *       the server asked for when given
 *   <li>HTTP 5xx, unreachable server, reset connection, an answer that cannot be read, a stream that stops
 *       before its end: {@link TierUnavailableException}
 * </ul>
 *
 * Messages name the tier, the status, the host and the provider's error type and code, and say what to
 * do. They never contain the API key, the request, or the provider's error text (which may echo either);
 * that text is kept apart, on {@link TierException#providerMessage()}.
 *
 * <h2>Streaming</h2>
 *
 * The handler gets {@code onPartialThinking} for each piece of {@code reasoning_content}, {@code
 * onPartialResponse} for each piece of text, {@code onPartialToolCall} for each piece of tool-call arguments
 * and {@code onCompleteToolCall} once a call is whole, in order; then exactly one of {@code
 * onCompleteResponse} (full text, tool calls, finish reason, token usage) or {@code onError}. A stream that ends
 * without {@code [DONE]} and without a finish reason is an error: a truncated answer is never reported as
 * complete. Callbacks run on an OkHttp thread. If {@code onPartialResponse} throws, the stream is
 * cancelled and the handler's exception is passed to {@code onError} once; if {@code onCompleteResponse}
 * throws, the exception is logged and {@code onError} does not follow. {@code onPartialResponse(PartialResponse,
 * PartialResponseContext)} carries a handle whose {@code cancel()} closes the HTTP call; {@link #stream}
 * returns the same handle at once.
 *
 * <h2>Defaults</h2>
 *
 * Tier name {@value #DEFAULT_TIER_NAME}; connect timeout 10 s, read timeout 2 min (the longest silence
 * between bytes, including the wait for a non-streamed answer), call timeout 5 min (a whole non-streamed
 * call; streams are bounded by the read timeout only). Redirects are not followed, and OkHttp's own retry
 * on connection failures is off: one call is one HTTP request (retries are the router's job).
 *
 * <p>Instances are immutable and thread-safe; share one per endpoint and model. To share a connection
 * pool with other clients, pass an {@link OkHttpClient} to {@link Builder#httpClient}: this model derives
 * its own client from it with the timeouts above.
 */
public final class OpenAiCompatibleChatModel implements ChatModel, StreamingChatModel, FeatureDeclaring {

    /** The tier name used when none is set. */
    public static final String DEFAULT_TIER_NAME = "remote";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleChatModel.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final String baseUrl;
    private final HttpUrl endpoint;
    private final @Nullable String apiKey;
    private final String modelName;
    private final String tierName;
    private final Headers extraHeaders;
    private final OkHttpClient client;
    private final EventSource.Factory eventSources;
    private final ChatCompletionsCodec codec;
    private final ErrorMapper errors;
    private final OpenAiCompatibleRequestParameters defaults;
    private final List<ChatModelListener> listeners;
    private final Set<Capability> capabilities;
    private final boolean azure;

    private OpenAiCompatibleChatModel(Builder builder, HttpUrl baseUrl, String modelName) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.azure = builder.azureDeployment != null;
        HttpUrl.Builder endpointBuilder = HttpUrl.get(this.baseUrl).newBuilder();
        if (builder.azureDeployment != null) {
            endpointBuilder.addPathSegments("openai/deployments").addPathSegment(builder.azureDeployment);
        }
        endpointBuilder.addPathSegments("chat/completions");
        if (builder.apiVersion != null) {
            endpointBuilder.addQueryParameter("api-version", builder.apiVersion);
        }
        this.endpoint = endpointBuilder.build();
        this.apiKey = builder.apiKey;
        this.modelName = modelName;
        this.tierName = builder.tierName;
        this.extraHeaders = builder.headers.build();
        OkHttpClient base = builder.httpClient == null ? new OkHttpClient() : builder.httpClient;
        // newBuilder() keeps the connection pool and dispatcher of a shared client.
        this.client = base.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .readTimeout(builder.readTimeout)
                .callTimeout(builder.callTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                // Retries belong to the router's resilience layer; OkHttp's silent ones would multiply them
                // and hide attempts (a POST resent on a reset connection).
                .retryOnConnectionFailure(false)
                .build();
        this.eventSources = EventSources.createFactory(client);
        this.codec = new ChatCompletionsCodec(
                tierName, builder.maxTokensField, builder.strictTools, builder.strictJsonSchema);
        this.defaults = builder.defaults.modelName(modelName).build();
        this.listeners = List.copyOf(builder.listeners);
        this.capabilities = builder.jsonSchema ? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.of();
        List<String> secrets = new ArrayList<>();
        if (apiKey != null) {
            secrets.add(apiKey);
        }
        for (String name : extraHeaders.names()) {
            secrets.addAll(extraHeaders.values(name));
        }
        this.errors = new ErrorMapper(
                tierName,
                endpoint,
                builder.connectTimeout,
                builder.readTimeout,
                builder.callTimeout,
                builder.clock,
                secrets);
    }

    /** Starts a builder; {@code baseUrl} and {@code modelName} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request and waits for the whole answer.
     *
     * @throws TierException for every failure; see the class documentation for the mapping
     */
    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        String model = modelFor(chatRequest);
        Request request = request(codec.writeRequest(chatRequest, model, false), false);
        byte[] body;
        try (Response response = client.newCall(request).execute()) {
            LOG.debug("Tier {} got HTTP {} from {} for model {}", tierName, response.code(), endpoint.host(), model);
            if (!response.isSuccessful()) {
                throw errors.fromStatus(response, model);
            }
            body = response.body().bytes();
        } catch (IOException e) {
            throw errors.fromIo(e);
        }
        try {
            return codec.readResponse(body);
        } catch (UnreadableAnswerException e) {
            throw errors.unreadable(e);
        } catch (ChatCompletionsCodec.RefusedAnswer e) {
            throw errors.refused(e.refusal(), e.model() == null ? model : e.model());
        }
    }

    /**
     * Sends the request with {@code "stream": true} and returns at once; the handler is called on an
     * OkHttp thread. Failures, including a request this tier cannot send, go to {@code onError}.
     */
    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        stream(chatRequest, handler);
    }

    /**
     * Like {@link #doChat(ChatRequest, StreamingChatResponseHandler)}, and returns a handle that cancels
     * the call at any time, also before the first token (LangChain4j's own handle only comes with the
     * first token). After {@code cancel()} the HTTP call is closed and the handler hears nothing more.
     * The builder's default parameters apply as in {@code chat}; listeners are called by {@code chat} only.
     */
    public StreamingHandle stream(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        requireNonNull(handler, "handler");
        chatRequest = chatRequest.toBuilder()
                .parameters(defaults.overrideWith(chatRequest.parameters()))
                .build();
        String model = modelFor(chatRequest);
        StreamingResponseListener listener = new StreamingResponseListener(handler, codec, errors, model);
        Request request;
        try {
            request = request(codec.writeRequest(chatRequest, model, true), true);
        } catch (TierException e) {
            handler.onError(e);
            return listener.handle();
        }
        listener.attach(eventSources.newEventSource(request, listener));
        return listener.handle();
    }

    /**
     * The configured model name and the builder's defaults ({@code seed}, {@code user}, {@code
     * reasoningEffort}, custom parameters, ...), each sent unless a request sets its own.
     */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    /** The listeners given to {@link Builder#listeners}; LangChain4j calls them around each {@code chat}. */
    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    /** {@link ModelProvider#OPEN_AI} for {@code api.openai.com}, {@link ModelProvider#OTHER} otherwise. */
    @Override
    public ModelProvider provider() {
        return endpoint.host().equals("api.openai.com") ? ModelProvider.OPEN_AI : ModelProvider.OTHER;
    }

    /**
     * {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} unless {@link Builder#supportsJsonSchema(boolean)}
     * turned it off for a server that does not know {@code response_format: json_schema}.
     */
    @Override
    public Set<Capability> supportedCapabilities() {
        return capabilities;
    }

    /** Tools, JSON output and images; JSON schemas unless {@link Builder#supportsJsonSchema} turned them off. */
    @Override
    public Set<TierFeature> tierFeatures() {
        return capabilities.contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                ? Set.of(TierFeature.TOOLS, TierFeature.JSON_OUTPUT, TierFeature.JSON_SCHEMA, TierFeature.IMAGES)
                : Set.of(TierFeature.TOOLS, TierFeature.JSON_OUTPUT, TierFeature.IMAGES);
    }

    /** The base URL without a trailing slash, such as {@code https://api.openai.com/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The configured model name, such as {@code gpt-4o-mini}. */
    public String modelName() {
        return modelName;
    }

    /** The tier name used in exceptions, such as {@code remote}. */
    public String tierName() {
        return tierName;
    }

    /** Shows the base URL, model and tier; the API key is always masked. */
    @Override
    public String toString() {
        return "OpenAiCompatibleChatModel[tier=" + tierName + ", baseUrl=" + baseUrl + ", model=" + modelName
                + ", apiKey=" + (apiKey == null ? "none" : "***") + ", headers=" + extraHeaders.names() + "]";
    }

    private String modelFor(ChatRequest chatRequest) {
        String requested = chatRequest.parameters().modelName();
        return requested == null || requested.isBlank() ? modelName : requested;
    }

    private Request request(byte[] body, boolean stream) {
        Request.Builder request = new Request.Builder()
                .url(endpoint)
                .headers(extraHeaders)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(body, JSON));
        if (apiKey != null) {
            if (azure) {
                request.header("api-key", apiKey);
            } else {
                request.header("Authorization", "Bearer " + apiKey);
            }
        }
        return request.build();
    }

    /**
     * Builds an {@link OpenAiCompatibleChatModel}. Each setter checks its value at once and throws {@link
     * IllegalArgumentException} quoting it (except secrets); {@link #build()} checks that the required
     * fields are set. Not thread-safe; one builder per model.
     */
    public static final class Builder {

        private static final Pattern TIER_NAME = Pattern.compile("[a-z][a-z0-9-]*");
        private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        private static final Duration MAX_TIMEOUT = Duration.ofHours(24);

        private @Nullable HttpUrl baseUrl;
        private @Nullable String apiKey;
        private @Nullable String modelName;
        private String tierName = DEFAULT_TIER_NAME;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private @Nullable OkHttpClient httpClient;
        private final Headers.Builder headers = new Headers.Builder();
        private Clock clock = Clock.systemUTC();
        private boolean allowCleartextCredentials;
        private MaxTokensField maxTokensField = MaxTokensField.AUTO;
        private boolean strictTools;
        private boolean strictJsonSchema;
        private boolean jsonSchema = true;
        private @Nullable String azureDeployment;
        private @Nullable String apiVersion;
        private final OpenAiCompatibleRequestParameters.Builder defaults = OpenAiCompatibleRequestParameters.builder();
        private final List<ChatModelListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * The API root, with the version path and without {@code /chat/completions}, such as {@code
         * https://api.openai.com/v1} or {@code http://localhost:11434/v1}. Required; http or https, no query,
         * fragment or credentials. A trailing slash is ignored.
         */
        public Builder baseUrl(String baseUrl) {
            requireNonNull(baseUrl, "baseUrl");
            HttpUrl url = HttpUrl.parse(baseUrl.strip());
            if (url == null) {
                String scheme = baseUrl.strip().split(":", 2)[0];
                if (baseUrl.contains("://") && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                    throw new IllegalArgumentException("baseUrl '" + Urls.withoutSecrets(baseUrl)
                            + "' must use http or https, like https://api.openai.com/v1");
                }
                throw new IllegalArgumentException("baseUrl '" + Urls.withoutSecrets(baseUrl)
                        + "' is not a valid URL; expected one like https://api.openai.com/v1");
            }
            if (!url.username().isEmpty() || !url.password().isEmpty()) {
                // Not quoted: the URL carries a secret.
                throw new IllegalArgumentException("baseUrl must not carry credentials (user:password@host); pass"
                        + " the key with apiKey(...) or header(...)");
            }
            if (url.query() != null || url.fragment() != null) {
                throw new IllegalArgumentException("baseUrl '" + Urls.withoutSecrets(baseUrl)
                        + "' must not have a query or fragment; expected one like https://api.openai.com/v1");
            }
            this.baseUrl = url;
            return this;
        }

        /**
         * The key sent as {@code Authorization: Bearer <apiKey>}. Optional: leave it unset, or pass {@code
         * null}, for servers that need none. It never appears in {@code toString}, logs or exceptions.
         */
        public Builder apiKey(@Nullable String apiKey) {
            if (apiKey != null) {
                if (apiKey.isBlank()) {
                    throw new IllegalArgumentException(
                            "apiKey must not be blank; leave it unset for servers that need no key");
                }
                for (int i = 0; i < apiKey.length(); i++) {
                    char c = apiKey.charAt(i);
                    if (c <= ' ' || c >= 0x7f) {
                        throw new IllegalArgumentException("apiKey has a space, control or non-ASCII character at"
                                + " index " + i + "; check for a stray newline in the file or variable it came"
                                + " from");
                    }
                }
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The model to ask for, such as {@code gpt-4o-mini}. Required; a request may name another. */
        public Builder modelName(String modelName) {
            requireNonNull(modelName, "modelName");
            if (modelName.isBlank()) {
                throw new IllegalArgumentException("modelName '" + modelName + "' must not be blank");
            }
            this.modelName = modelName;
            return this;
        }

        /**
         * The tier name reported in exceptions; {@value #DEFAULT_TIER_NAME} by default. Like core's tier
         * names it must match {@code [a-z][a-z0-9-]*}.
         */
        public Builder tierName(String tierName) {
            requireNonNull(tierName, "tierName");
            if (!TIER_NAME.matcher(tierName).matches()) {
                throw new IllegalArgumentException(
                        "tierName '" + tierName + "' must match [a-z][a-z0-9-]*, like remote or remote-eu");
            }
            this.tierName = tierName;
            return this;
        }

        /** The limit for opening a connection; 10 s by default, between 1 ms and 24 h. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = checkTimeout("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * The longest silence between bytes, including the wait for a non-streamed answer; 2 min by default,
         * between 1 ms and 24 h.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = checkTimeout("readTimeout", readTimeout);
            return this;
        }

        /** The limit for a whole non-streamed call; 5 min by default, between 1 ms and 24 h. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = checkTimeout("callTimeout", callTimeout);
            return this;
        }

        /**
         * A client whose connection pool and dispatcher this model shares. Its timeouts are replaced by this
         * builder's, and redirects are turned off; the given client itself is not changed.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Adds a header to every request, such as {@code OpenAI-Organization}; setting a name again replaces
         * its value. The value is never shown, since it may be a secret. Use {@link #apiKey} for {@code
         * Authorization: Bearer}.
         */
        public Builder header(String name, String value) {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "header name '" + name + "' is not a valid HTTP header name (letters, digits and -)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < ' ' && c != '\t') || c >= 0x7f) {
                    throw new IllegalArgumentException("header '" + name + "' has a control or non-ASCII character"
                            + " in its value at index " + i);
                }
            }
            headers.set(name, value);
            return this;
        }

        /**
         * Lets the API key and headers go over plain {@code http://} to a host other than this machine; off by
         * default, when {@link #build()} refuses that combination since anyone on the path could read the key.
         * Turn it on only for a network you trust (a sidecar, a private link); each build then logs a warning
         * naming the tier (never the key). Loopback hosts ({@code localhost}, {@code 127.0.0.1}, {@code ::1})
         * never need it.
         */
        public Builder allowCleartextCredentials(boolean allow) {
            this.allowCleartextCredentials = allow;
            return this;
        }

        /**
         * Which field carries {@code maxOutputTokens}: {@link MaxTokensField#AUTO} (the default) sends {@code
         * max_completion_tokens} to OpenAI reasoning models ({@code o1}, {@code o3-mini}, {@code gpt-5}, ...)
         * and {@code max_tokens} to everything else.
         */
        public Builder maxTokensField(MaxTokensField maxTokensField) {
            this.maxTokensField = requireNonNull(maxTokensField, "maxTokensField");
            return this;
        }

        /**
         * Sends tool schemas with {@code strict: true} (OpenAI structured outputs for tools); off by default.
         * A tool specification's own {@code strict} wins.
         */
        public Builder strictTools(boolean strictTools) {
            this.strictTools = strictTools;
            return this;
        }

        /** Sends JSON-schema response formats with {@code strict: true}; off by default. */
        public Builder strictJsonSchema(boolean strictJsonSchema) {
            this.strictJsonSchema = strictJsonSchema;
            return this;
        }

        /**
         * Whether the server understands {@code response_format: json_schema}; true by default. Set false
         * for servers that do not, so {@code supportedCapabilities()} says so and AiServices asks for JSON in
         * the prompt instead.
         */
        public Builder supportsJsonSchema(boolean supportsJsonSchema) {
            this.jsonSchema = supportsJsonSchema;
            return this;
        }

        /**
         * Calls an Azure OpenAI deployment: requests go to {@code
         * {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...} and the key is sent
         * as {@code api-key}. Set {@code baseUrl} to the resource, like {@code
         * https://my-resource.openai.azure.com}, and set {@link #apiVersion}.
         */
        public Builder azureDeployment(String deployment) {
            requireNonNull(deployment, "azureDeployment");
            if (!deployment.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("azureDeployment '" + deployment
                        + "' is not a deployment name (letters, digits, '.', '_' and '-', up to 64)");
            }
            this.azureDeployment = deployment;
            return this;
        }

        /** Sent as the {@code api-version} query parameter, like {@code 2024-10-21}; required by Azure. */
        public Builder apiVersion(String apiVersion) {
            requireNonNull(apiVersion, "apiVersion");
            if (!apiVersion.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?|v[0-9]+|latest|preview")) {
                throw new IllegalArgumentException(
                        "apiVersion '" + apiVersion + "' is not an API version, like 2024-10-21 or 2025-01-01-preview");
            }
            this.apiVersion = apiVersion;
            return this;
        }

        /** A default {@code seed}, sent unless a request sets its own. */
        public Builder seed(Integer seed) {
            defaults.seed(requireNonNull(seed, "seed"));
            return this;
        }

        /** A default {@code user}, sent unless a request sets its own. */
        public Builder user(String user) {
            defaults.user(requireNonNull(user, "user"));
            return this;
        }

        /** A default {@code reasoning_effort}, such as {@code low}; sent unless a request sets its own. */
        public Builder reasoningEffort(String reasoningEffort) {
            defaults.reasoningEffort(requireNonNull(reasoningEffort, "reasoningEffort"));
            return this;
        }

        /** A default {@code parallel_tool_calls}, sent with tools unless a request sets its own. */
        public Builder parallelToolCalls(boolean parallelToolCalls) {
            defaults.parallelToolCalls(parallelToolCalls);
            return this;
        }

        /** Default sampling and output parameters (temperature, maxOutputTokens, ...), overridden per request. */
        public Builder defaultRequestParameters(ChatRequestParameters parameters) {
            defaults.overrideWith(requireNonNull(parameters, "parameters"));
            return this;
        }

        /** Body fields sent as they are with every request, such as {@code service_tier}. */
        public Builder customParameters(java.util.Map<String, ?> customParameters) {
            defaults.customParameters(requireNonNull(customParameters, "customParameters"));
            return this;
        }

        /** Listeners that LangChain4j calls around each {@code chat}: request, response, error. */
        public Builder listeners(List<? extends ChatModelListener> listeners) {
            requireNonNull(listeners, "listeners").forEach(l -> this.listeners.add(requireNonNull(l, "listener")));
            return this;
        }

        /** For tests: the clock that turns a {@code Retry-After} date into a wait. */
        Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the model.
         *
         * @throws IllegalStateException if {@code baseUrl} or {@code modelName} is missing, or both {@code
         *     apiKey} and an {@code Authorization} header are set
         */
        public OpenAiCompatibleChatModel build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required, like https://api.openai.com/v1");
            }
            if (modelName == null) {
                throw new IllegalStateException("modelName is required, like gpt-4o-mini");
            }
            if (azureDeployment != null && apiVersion == null) {
                throw new IllegalStateException("azureDeployment needs apiVersion, like apiVersion(\"2024-10-21\")");
            }
            if (apiKey != null && headers.get("Authorization") != null) {
                throw new IllegalStateException(
                        "both apiKey and an Authorization header are set; set only one of them");
            }
            boolean sendsCredentials = apiKey != null || headers.build().size() > 0;
            if (sendsCredentials && !baseUrl.isHttps() && !Urls.isLoopbackHost(baseUrl.host())) {
                if (!allowCleartextCredentials) {
                    throw new IllegalStateException("tier '" + tierName + "' would send its API key in clear text"
                            + " over http to " + baseUrl.host() + "; use an https:// base URL, or, on a network you"
                            + " trust, allow it explicitly (allowCleartextCredentials(true), policy key"
                            + " allow-cleartext-credentials: true, Spring property"
                            + " tandem.remote.allow-cleartext-credentials=true)");
                }
                LOG.warn(
                        "Tier {} sends its API key in clear text over http to {}, as allow-cleartext-credentials"
                                + " permits; anyone on the network path can read it",
                        tierName,
                        baseUrl.host());
            }
            return new OpenAiCompatibleChatModel(this, baseUrl, modelName);
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be between 1 ms and 24 h, was " + timeout);
            }
            return timeout;
        }
    }
}
