package dev.tandem.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import com.github.tjake.jlama.safetensors.tokenizer.TokenizerModel;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.exception.InvalidStructuredOutputException;
import dev.tandem.core.exception.NonRetriableTierException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.core.tier.FeatureDeclaring;
import dev.tandem.core.tier.MalformedToolCalls;
import dev.tandem.core.tier.TierFeature;
import java.io.IOError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ChatModel} that runs a Hugging Face model folder in process with Jlama 0.8.4.
 * Nothing leaves the machine, which makes it the local tier of the router.
 *
 * <pre>{@code
 * try (JlamaLocalModel local = JlamaLocalModel.builder()
 *         .modelDirectory(Path.of("/models/Qwen2.5-0.5B-Instruct-JQ4"))
 *         .maxNewTokens(200)
 *         .build()) {
 *     ChatResponse response = local.chat(ChatRequest.builder()
 *             .messages(SystemMessage.from("Answer briefly."), UserMessage.from("What is 2 + 2?"))
 *             .build());
 *     response.aiMessage().text();            // the answer
 *     response.tokenUsage().outputTokenCount(); // new tokens, at most maxNewTokens
 *     response.finishReason();                 // STOP when the model ended its turn, LENGTH when cut off
 * }
 * }</pre>
 *
 * <p><b>The folder</b> must hold {@code config.json}, {@code tokenizer.json}, {@code
 * tokenizer_config.json} with a {@code chat_template}, and {@code model.safetensors} (or {@code
 * model.safetensors.index.json} and its shards), in F32, BF16 or Jlama's pre-quantized Q4. Quantize
 * ahead of time: Jlama 0.8.4's runtime quantization is broken, so this class never asks for it. {@link
 * dev.tandem.local.forge.ModelForge} writes a tiny folder with random weights for tests and first runs.
 *
 * <p><b>Loading</b> happens in {@link Builder#build()}, so a bad folder fails at start-up rather than on
 * the first request. The JVM needs {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Requests.</b> System, user and AI text messages are rendered with the model's chat template.
 * {@code maxOutputTokens} counts new tokens only and is also capped by the model's context window; the
 * answer's {@link TokenUsage} holds the prompt tokens (BOS included) and every sampled token (the
 * end-of-turn token included), and the finish reason is {@link FinishReason#STOP} when the model ended
 * its turn and {@link FinishReason#LENGTH} when the budget ran out. {@code temperature} 0 picks the most
 * likely token every time, so the same request gives the same answer. The request's model name, top-p,
 * top-k and penalties are ignored; stop sequences and non-text content are rejected with {@link
 * TierRequestRejectedException}, and so are tools and JSON response formats unless enabled.
 *
 * <p><b>Tools and JSON answers</b> are opt-in: {@link Builder#toolCalling(boolean)} renders tool
 * specifications into the prompt and parses tool calls from the answer; {@link
 * Builder#structuredOutputAttempts(int)} asks for JSON, checks the answer against the schema and shows the
 * model its mistakes until it passes or the attempts run out ({@link InvalidStructuredOutputException}).
 * Jlama offers no hook into sampling, so decoding is not constrained by a grammar.
 *
 * <p><b>Defaults and ranges:</b> {@code maxNewTokens} 256 (at least 1), {@code temperature} 0.0 (0.0 to
 * 2.0), tier name {@code local} (lower-case, {@code [a-z][a-z0-9-]*}, as in {@code Tier}), randomness
 * from {@link RandomGenerator#getDefault()}, and a fresh temporary working directory.
 *
 * <p><b>Working directory.</b> Jlama keeps each generation's KV cache in memory-mapped files there and
 * never deletes them; this class deletes them when the generation ends, so a long run leaves nothing
 * behind. A working directory the builder created is removed by {@link #close()}; one you passed in is
 * kept, emptied of this model's files.
 *
 * <p><b>Errors.</b> Build-time problems (missing folder or files, an unreadable model, bad settings)
 * throw {@link IllegalArgumentException}. At request time, unsupported requests and prompts longer than
 * the context throw {@link TierRequestRejectedException}; engine failures throw {@link
 * TierUnavailableException} with the engine's exception as the cause. Messages never contain request
 * text.
 *
 * <p><b>Thread-safety.</b> Instances are thread-safe. Generations on one instance run one at a time
 * under a fair lock (Jlama's kernels already use the cores, and its tokenizer is not thread-safe);
 * callers queue. {@link #close()} waits for a running generation, then frees the model; later calls
 * throw {@link IllegalStateException}.
 */
public final class JlamaLocalModel
        implements ChatModel, StreamingChatModel, LocalTokenizer, AutoCloseable, FeatureDeclaring {

    public static final int DEFAULT_MAX_NEW_TOKENS = 256;
    public static final double DEFAULT_TEMPERATURE = 0.0;
    public static final String DEFAULT_TIER_NAME = "local";

    private static final double MAX_TEMPERATURE = 2.0;
    private static final Pattern TIER_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final List<String> REQUIRED_FILES =
            List.of("config.json", "tokenizer.json", "tokenizer_config.json");
    private static final String WEIGHTS = "model.safetensors";
    private static final String WEIGHTS_INDEX = "model.safetensors.index.json";

    private static final Logger log = LoggerFactory.getLogger(JlamaLocalModel.class);

    private final String tierName;
    private final String modelName;
    private final int maxNewTokens;
    private final double temperature;
    private final RandomGenerator random;
    private final AbstractModel model;
    private final PromptSupport promptSupport;
    private final TokenText tokenText;
    private final KvScratch scratch;
    private final int contextWindow;
    private final ChatRequestParameters defaultParameters;
    private final Set<Integer> endOfTurn;
    private final String chatTemplate;
    private final Executor streamingExecutor;
    private final Path modelDirectory;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final LocalTokenizer tokenCounter;
    private final boolean toolCalling;
    private final ChatPrompt.ToolRendering toolRendering;
    private final int structuredOutputAttempts;
    private final Set<TierFeature> features;
    private final List<ChatModelListener> listeners;
    private boolean closed;

    private JlamaLocalModel(Builder builder, Path modelDirectory, AbstractModel model, KvScratch scratch) {
        this.tierName = builder.tierName;
        this.modelName = builder.modelName != null ? builder.modelName : modelName(modelDirectory);
        this.maxNewTokens = builder.maxNewTokens;
        this.temperature = builder.temperature;
        this.random = builder.random;
        this.model = model;
        this.scratch = scratch;
        this.modelDirectory = modelDirectory;
        this.tokenCounter = JlamaTokenCounter.loadedOnFirstUse(() -> JlamaTokenCounter.load(modelDirectory));
        this.streamingExecutor = builder.streamingExecutor;
        this.toolCalling = builder.toolCalling;
        this.structuredOutputAttempts = builder.structuredOutputAttempts;
        this.features = builder.features();
        this.listeners = List.copyOf(builder.listeners);
        TokenizerModel tokenizer = model.getTokenizer().getModel();
        if (model.promptSupport().isEmpty()) {
            ChatTemplates.Fallback fallback = ChatTemplates.fallbackFor(modelType(modelDirectory), tokenizer);
            ChatTemplates.install(tokenizer, fallback);
            this.chatTemplate = "fallback:" + fallback.family();
            log.info(
                    "Model {} has no chat_template in tokenizer_config.json; using the {} template of its family",
                    modelName,
                    fallback.family());
        } else {
            this.chatTemplate = "model";
        }
        this.promptSupport = model.promptSupport()
                .orElseThrow(() -> new IllegalArgumentException("Model directory " + modelDirectory
                        + " has no usable chat template; add a chat_template to tokenizer_config.json."));
        this.tokenText = TokenText.of(model.getTokenizer());
        this.toolRendering = !toolCalling
                ? ChatPrompt.ToolRendering.NONE
                : tokenizer.hasToolSupport()
                        ? ChatPrompt.ToolRendering.TEMPLATE
                        : ChatPrompt.ToolRendering.SYSTEM_MESSAGE;
        Config config = model.getConfig();
        this.endOfTurn = ChatTemplates.endOfTurn(config.eosTokens, tokenizer);
        this.contextWindow = config.contextLength - 2 * (config.numberOfKeyValueHeads - 1);
        this.defaultParameters = ChatRequestParameters.builder()
                .modelName(modelName)
                .maxOutputTokens(maxNewTokens)
                .temperature(temperature)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model's name in responses: the name of its folder. */
    public String modelName() {
        return modelName;
    }

    /** The prompt the model would see for {@code request}, rendered with its chat template. */
    String prompt(ChatRequest request) {
        return prepare(request).prompt();
    }

    /** Where Jlama's KV-cache files live during a generation. */
    Path workingDirectory() {
        return scratch.directory();
    }

    /**
     * The largest prompt plus answer, in tokens. It is the model's {@code max_position_embeddings} less
     * two positions per key/value head after the first: Jlama 0.8.4 indexes its rotary-embedding table
     * with a per-head offset of two positions, so the last positions of the context would read past the
     * table's end.
     */
    public int contextWindow() {
        return contextWindow;
    }

    /**
     * The number of tokens this model's tokenizer makes of {@code text}. Counts use a tokenizer of their
     * own, loaded on the first count, so they never wait for a generation.
     */
    @Override
    public int countTokens(String text) {
        return tokenCounter.countTokens(text);
    }

    /** The model's folder. */
    public Path modelDirectory() {
        return modelDirectory;
    }

    /**
     * Where the chat template comes from: {@code model} (its tokenizer_config.json) or {@code
     * fallback:<family>} (chatml, llama3, gemma, inst or plain) when the model declares none.
     */
    public String chatTemplate() {
        return chatTemplate;
    }

    /** How much memory the model takes: weights as stored, and the KV cache per token and at full context. */
    public LocalModelMemory memory() {
        Config config = model.getConfig();
        long perToken = 2L
                * config.numberOfLayers
                * config.kvLength
                * model.getWorkingDType().size();
        return new LocalModelMemory(LocalModelFiles.weightsBytes(modelDirectory), perToken, perToken * contextWindow);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaultParameters;
    }

    /**
     * The listeners given to {@link Builder#listeners}; LangChain4j calls them around each {@code chat},
     * blocking and streaming, with the request as this tier received it.
     */
    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    /**
     * How tool specifications reach this model: {@code off} (tool calling not enabled), {@code template}
     * (the model's chat template renders them) or {@code system-message} (a Hermes-style block in the system
     * message, for templates without tools).
     */
    public String toolRendering() {
        return switch (toolRendering) {
            case NONE -> "off";
            case TEMPLATE -> "template";
            case SYSTEM_MESSAGE -> "system-message";
        };
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} when structured output is on, else none. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return structuredOutputAttempts > 0 ? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.of();
    }

    /**
     * {@code tools} with {@link Builder#toolCalling(boolean)}, {@code json-output} and {@code json-schema}
     * with {@link Builder#structuredOutputAttempts(int)}; never images. The router sends requests that
     * need something missing elsewhere, or fails them before any call, naming what is missing.
     */
    @Override
    public Set<TierFeature> tierFeatures() {
        return features;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return answer(prepare(request));
    }

    /**
     * Streams the answer: {@code onPartialResponse} receives the text of each token as soon as it is
     * sampled (never half a character: bytes of a character split across tokens are held until it is
     * whole), then {@code onCompleteResponse} the whole answer with usage, finish reason and {@link
     * LocalResponseMetadata}. Generation runs on the builder's {@code streamingExecutor}.
     *
     * <p><b>Cancellation:</b> call {@code context.streamingHandle().cancel()} from {@code
     * onPartialResponse(PartialResponse, PartialResponseContext)}, or interrupt the generating thread; the
     * generation stops before the next token and {@code onCompleteResponse} receives the text so far with
     * finish reason {@link FinishReason#OTHER}. Errors, including invalid requests, go to {@code onError}.
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Prepared prepared;
        try {
            prepared = prepare(request);
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        try {
            streamingExecutor.execute(() -> {
                if (prepared.tools().isEmpty() && prepared.json() == null) {
                    stream(prepared, handler);
                } else {
                    streamWhole(prepared, handler);
                }
            });
        } catch (RuntimeException e) {
            handler.onError(new TierUnavailableException(
                    tierName,
                    "The streaming executor refused the generation ("
                            + e.getClass().getSimpleName() + ")",
                    e));
        }
    }

    private void stream(Prepared prepared, StreamingChatResponseHandler handler) {
        TokenText.StreamDecoder decoder = tokenText.streamDecoder();
        CancellableHandle handle = new CancellableHandle();
        PartialResponseContext context = new PartialResponseContext(handle);
        ChatResponse response;
        try {
            response = execute(prepared, (token, end) -> {
                if (!end) {
                    String text = decoder.push(token);
                    if (!text.isEmpty()) {
                        handler.onPartialResponse(new PartialResponse(text), context);
                    }
                }
                return !handle.isCancelled();
            });
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        String rest = decoder.flush();
        if (!rest.isEmpty()) {
            handler.onPartialResponse(new PartialResponse(rest), context);
        }
        handler.onCompleteResponse(response);
    }

    /**
     * Tool calls and JSON answers are only known once the answer is whole (a tool call must not reach the
     * caller as text, a JSON answer may be retried), so they arrive as one partial response (the text, if
     * any), one {@code onCompleteToolCall} per call, then the complete response.
     */
    private void streamWhole(Prepared prepared, StreamingChatResponseHandler handler) {
        ChatResponse response;
        try {
            response = answer(prepared);
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        AiMessage message = response.aiMessage();
        if (message.text() != null && !message.text().isEmpty()) {
            handler.onPartialResponse(
                    new PartialResponse(message.text()), new PartialResponseContext(new CancellableHandle()));
        }
        for (int index = 0; index < message.toolExecutionRequests().size(); index++) {
            handler.onCompleteToolCall(
                    new CompleteToolCall(index, message.toolExecutionRequests().get(index)));
        }
        handler.onCompleteResponse(response);
    }

    /** A request checked, ready to render and run. */
    private record Prepared(
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            @Nullable JsonAnswer json,
            String prompt,
            int maxNew,
            float temperature) {}

    private Prepared prepare(ChatRequest request) {
        ChatRequestParameters parameters = request.parameters();
        int maxNew = requestedMaxNewTokens(parameters);
        float sampleTemperature = requestedTemperature(parameters);
        rejectUnsupported(parameters);
        ResponseFormat format = parameters.responseFormat();
        JsonAnswer json = format != null && format.type() == ResponseFormatType.JSON ? jsonAnswer(format) : null;
        List<ToolSpecification> tools = parameters.toolSpecifications();
        String prompt = render(request.messages(), tools, json);
        return new Prepared(request.messages(), tools, json, prompt, maxNew, sampleTemperature);
    }

    private JsonAnswer jsonAnswer(ResponseFormat format) {
        try {
            return JsonAnswer.of(format);
        } catch (RuntimeException e) {
            throw new TierRequestRejectedException(
                    tierName,
                    "The request's JSON schema could not be read by the local tier's validator ("
                            + e.getClass().getSimpleName() + "); simplify the schema or route the request to a"
                            + " tier that takes it.",
                    e);
        }
    }

    private String render(List<ChatMessage> messages, List<ToolSpecification> tools, @Nullable JsonAnswer json) {
        return ChatPrompt.render(
                promptSupport, messages, tools, toolRendering, json == null ? null : json.instruction(), tierName);
    }

    /** Runs a prepared request: tool calls parsed out when it offers tools, a JSON answer checked and retried. */
    private ChatResponse answer(Prepared prepared) {
        ChatResponse response =
                withToolCalls(prepared, execute(prepared.prompt(), prepared, Generation.TokenSink.NONE));
        if (prepared.json() == null || response.aiMessage().hasToolExecutionRequests()) {
            return response;
        }
        List<ChatMessage> conversation = new ArrayList<>(prepared.messages());
        int inputTokens = 0;
        int outputTokens = 0;
        for (int attempt = 1; ; attempt++) {
            inputTokens += response.tokenUsage().inputTokenCount();
            outputTokens += response.tokenUsage().outputTokenCount();
            String text = response.aiMessage().text() == null
                    ? ""
                    : response.aiMessage().text();
            JsonAnswer.Check check = prepared.json().check(text);
            if (check.passed()) {
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(check.json().orElseThrow()))
                        .metadata(((LocalResponseMetadata) response.metadata())
                                .toBuilder()
                                        .tokenUsage(new TokenUsage(inputTokens, outputTokens))
                                        .build())
                        .build();
            }
            if (attempt >= structuredOutputAttempts) {
                throw new InvalidStructuredOutputException(tierName, modelName, attempt, check.where());
            }
            // Show the model its own answer and what is wrong with it; this stays on this machine.
            conversation.add(AiMessage.from(text));
            conversation.add(UserMessage.from(JsonAnswer.correction(check)));
            String retry = render(conversation, prepared.tools(), prepared.json());
            response = withToolCalls(prepared, execute(retry, prepared, Generation.TokenSink.NONE));
            if (response.aiMessage().hasToolExecutionRequests()) {
                return response;
            }
        }
    }

    private static ChatResponse withToolCalls(Prepared prepared, ChatResponse response) {
        if (prepared.tools().isEmpty()) {
            return response;
        }
        LocalToolCalls.Parsed parsed = LocalToolCalls.parse(response.aiMessage().text());
        if (!parsed.hasCalls()) {
            return response;
        }
        AiMessage.Builder message = AiMessage.builder().toolExecutionRequests(parsed.calls());
        if (!parsed.text().isEmpty()) {
            message.text(parsed.text());
        }
        if (!parsed.malformed().isEmpty()) {
            message.attributes(Map.of(MalformedToolCalls.ATTRIBUTE, parsed.malformed()));
        }
        return ChatResponse.builder()
                .aiMessage(message.build())
                .metadata(((LocalResponseMetadata) response.metadata())
                        .toBuilder().finishReason(FinishReason.TOOL_EXECUTION).build())
                .build();
    }

    private ChatResponse execute(Prepared prepared, Generation.TokenSink sink) {
        return execute(prepared.prompt(), prepared, sink);
    }

    private ChatResponse execute(String prompt, Prepared prepared, Generation.TokenSink sink) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("JlamaLocalModel '" + modelName + "' is closed; build a new one.");
            }
            return generate(prompt, prepared.maxNew(), prepared.temperature(), sink);
        } finally {
            lock.unlock();
        }
    }

    private ChatResponse generate(String prompt, int maxNew, float sampleTemperature, Generation.TokenSink sink) {
        int[] promptTokens = encode(prompt);
        if (promptTokens.length > contextWindow) {
            throw new TierRequestRejectedException(
                    tierName,
                    "The prompt has " + promptTokens.length + " tokens, but model " + modelName + " holds "
                            + contextWindow + " in its context window. Shorten the conversation or use a model"
                            + " with a longer context.",
                    null);
        }
        int budget = Generation.budget(maxNew, promptTokens.length, contextWindow);
        UUID session = UUID.randomUUID();
        try (KvBufferCache cache = new KvBufferCache(model);
                KvBufferCache.KvBuffer kv = cache.getKvBuffer(session)) {
            Generation.Result result =
                    Generation.run(model, promptTokens, budget, sampleTemperature, random, kv, endOfTurn, sink);
            FinishReason finish = result.stopped()
                    ? FinishReason.STOP
                    : result.cancelled() ? FinishReason.OTHER : FinishReason.LENGTH;
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(tokenText.decode(result.tokens())))
                    .metadata(LocalResponseMetadata.builder()
                            .id(session.toString())
                            .modelName(modelName)
                            .tokenUsage(new TokenUsage(promptTokens.length, result.sampled()))
                            .finishReason(finish)
                            .logprobs(TokenLogprobs.of(result.logprobs(), result.entropies()))
                            .cancelled(result.cancelled())
                            .build())
                    .build();
        } catch (TandemException e) {
            throw e;
        } catch (RuntimeException | IOError e) {
            throw new TierUnavailableException(
                    tierName,
                    "Jlama failed while generating with model " + modelName + " ("
                            + e.getClass().getSimpleName()
                            + "). The model may be damaged or the machine out of memory or disk; see the cause.",
                    e);
        } finally {
            scratch.clean(session);
        }
    }

    private int[] encode(String prompt) {
        try {
            return model.encodePrompt(PromptContext.of(tokenText.toTokenizerInput(prompt)));
        } catch (RuntimeException e) {
            throw new NonRetriableTierException(
                    tierName,
                    "Jlama could not tokenize the prompt for model " + modelName + " ("
                            + e.getClass().getSimpleName() + "); see the cause.",
                    e);
        }
    }

    private int requestedMaxNewTokens(ChatRequestParameters parameters) {
        Integer requested = parameters.maxOutputTokens();
        if (requested == null) {
            return maxNewTokens;
        }
        if (requested < 1) {
            throw new TierRequestRejectedException(
                    tierName, "maxOutputTokens must be at least 1, was " + requested, null);
        }
        return requested;
    }

    private float requestedTemperature(ChatRequestParameters parameters) {
        Double requested = parameters.temperature();
        if (requested == null) {
            return (float) temperature;
        }
        if (!(requested >= 0.0 && requested <= MAX_TEMPERATURE)) {
            throw new TierRequestRejectedException(
                    tierName, "temperature must be between 0.0 and " + MAX_TEMPERATURE + ", was " + requested, null);
        }
        return requested.floatValue();
    }

    private void rejectUnsupported(ChatRequestParameters parameters) {
        List<String> unsupported = new ArrayList<>();
        if (!parameters.toolSpecifications().isEmpty() && !toolCalling) {
            unsupported.add("tools");
        }
        ResponseFormat format = parameters.responseFormat();
        if (format != null && format.type() == ResponseFormatType.JSON && structuredOutputAttempts == 0) {
            unsupported.add("a JSON response format");
        }
        if (!parameters.stopSequences().isEmpty()) {
            unsupported.add("stop sequences");
        }
        if (!unsupported.isEmpty()) {
            throw new TierRequestRejectedException(
                    tierName,
                    "The request asks for " + String.join(", ", unsupported) + ", which the local Jlama tier"
                            + " does not support. Remove them, or route the request to a tier that does (tools and"
                            + " JSON answers can be enabled with the tier builder's toolCalling and"
                            + " structuredOutputAttempts).",
                    null);
        }
    }

    /** Waits for a running generation, then frees the model's memory and the working directory. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release(model);
            scratch.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JlamaLocalModel[" + modelName + ", tier " + tierName + ", maxNewTokens " + maxNewTokens
                + ", temperature " + temperature + ", tools " + toolRendering() + ", structuredOutputAttempts "
                + structuredOutputAttempts + "]";
    }

    private static void release(AbstractModel model) {
        try {
            model.close();
            model.getWeights().close();
        } catch (Exception e) {
            log.debug("Releasing a Jlama model failed; its mapped files go with the garbage collector", e);
        }
    }

    private static String modelType(Path modelDirectory) {
        try {
            return new ObjectMapper()
                    .readTree(modelDirectory.resolve("config.json").toFile())
                    .path("model_type")
                    .asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The handle a streaming caller cancels through; checked before every next token. */
    private static final class CancellableHandle implements StreamingHandle {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    private static String modelName(Path modelDirectory) {
        Path name = modelDirectory.toAbsolutePath().normalize().getFileName();
        return name == null ? modelDirectory.toString() : name.toString();
    }

    /** Builds a {@link JlamaLocalModel}; only {@link #modelDirectory(Path)} is required. */
    public static final class Builder {
        private @Nullable Path modelDirectory;
        private @Nullable Path workingDirectory;
        private @Nullable String modelName;
        private int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
        private double temperature = DEFAULT_TEMPERATURE;
        private String tierName = DEFAULT_TIER_NAME;
        private RandomGenerator random = RandomGenerator.getDefault();
        private Executor streamingExecutor =
                command -> Thread.ofVirtual().name("tandem-jlama-stream").start(command);
        private boolean toolCalling;
        private int structuredOutputAttempts;
        private final List<ChatModelListener> listeners = new ArrayList<>();

        private Builder() {}

        /** The folder set so far, if any. */
        @Nullable
        Path directory() {
            return modelDirectory;
        }

        /** The Hugging Face model folder to run (required). */
        public Builder modelDirectory(Path modelDirectory) {
            this.modelDirectory = requireNonNull(modelDirectory, "modelDirectory");
            return this;
        }

        /**
         * What responses and errors call the model, such as its Hugging Face id ({@code acme/tiny-qwen})
         * when the folder is a cache folder named after a revision. Default: the folder's name.
         */
        public Builder modelName(String modelName) {
            requireNonNull(modelName, "modelName");
            if (modelName.isBlank()) {
                throw new IllegalArgumentException("modelName must not be blank");
            }
            this.modelName = modelName;
            return this;
        }

        /**
         * Where Jlama's KV-cache files live while a generation runs; created if missing. Default: a fresh
         * temporary folder that {@link JlamaLocalModel#close()} deletes.
         */
        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory");
            return this;
        }

        /** New tokens per answer when the request sets no {@code maxOutputTokens}; at least 1, default 256. */
        public Builder maxNewTokens(int maxNewTokens) {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("maxNewTokens must be at least 1, was " + maxNewTokens);
            }
            this.maxNewTokens = maxNewTokens;
            return this;
        }

        /** Sampling temperature when the request sets none; 0.0 (default, deterministic) to 2.0. */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0.0 && temperature <= MAX_TEMPERATURE)) {
                throw new IllegalArgumentException(
                        "temperature must be between 0.0 and " + MAX_TEMPERATURE + ", was " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** The tier name put on exceptions; default {@code local}. */
        public Builder tierName(String tierName) {
            requireNonNull(tierName, "tierName");
            if (!TIER_NAME.matcher(tierName).matches()) {
                throw new IllegalArgumentException(
                        "tierName '" + tierName + "' must match [a-z][a-z0-9-]*, like local or local-gpu");
            }
            this.tierName = tierName;
            return this;
        }

        /**
         * Where streaming generations run; default: a new virtual thread per request. Generations still
         * run one at a time per model.
         */
        public Builder streamingExecutor(Executor streamingExecutor) {
            this.streamingExecutor = requireNonNull(streamingExecutor, "streamingExecutor");
            return this;
        }

        /**
         * Lets requests carry tools: the specifications are rendered with the model's chat template when it
         * supports tools (Qwen2.5, Llama 3.1+), else as a Hermes-style block in the system message, and tool
         * calls are parsed from the answer ({@code <tool_call>} blocks, or a bare {@code {"name", "arguments"}}
         * object). Off by default, because small models call tools unreliably: with it off the tier declares
         * no {@code tools} feature and the router sends such requests elsewhere.
         */
        public Builder toolCalling(boolean enabled) {
            this.toolCalling = enabled;
            return this;
        }

        /**
         * Lets requests ask for JSON answers (JSON response formats, with or without a schema): the format is
         * asked for in the system message, the answer is checked (parsed, then validated against the schema)
         * and, when it fails, the model is shown its mistakes and asked again, up to {@code attempts} answers
         * in all; then the call fails with {@link InvalidStructuredOutputException}, and the router falls
         * back as the policy says. 0 (the default) turns it off; at most 5.
         */
        public Builder structuredOutputAttempts(int attempts) {
            if (attempts < 0 || attempts > 5) {
                throw new IllegalArgumentException(
                        "structuredOutputAttempts must be between 0 (off) and 5, was " + attempts);
            }
            this.structuredOutputAttempts = attempts;
            return this;
        }

        /** Adds LangChain4j listeners, called around each request: request, response, error. */
        public Builder listeners(List<? extends ChatModelListener> listeners) {
            requireNonNull(listeners, "listeners").forEach(l -> this.listeners.add(requireNonNull(l, "listener")));
            return this;
        }

        /** The tier features a model built now would declare, without loading it. */
        Set<TierFeature> features() {
            Set<TierFeature> features = EnumSet.noneOf(TierFeature.class);
            if (toolCalling) {
                features.add(TierFeature.TOOLS);
            }
            if (structuredOutputAttempts > 0) {
                features.add(TierFeature.JSON_OUTPUT);
                features.add(TierFeature.JSON_SCHEMA);
            }
            return Set.copyOf(features);
        }

        /**
         * The source of randomness for sampling at temperatures above 0; pass a seeded generator for
         * repeatable answers. Used under the model's lock, so it need not be thread-safe.
         */
        public Builder random(RandomGenerator random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        /**
         * Checks the folder and loads the model.
         *
         * @throws IllegalArgumentException if the folder or one of its files is missing, or Jlama cannot
         *     load it; the message names the folder and the missing files
         * @throws IllegalStateException if the JVM was started without {@code --add-modules
         *     jdk.incubator.vector}
         * @throws java.io.UncheckedIOException if the working directory cannot be created
         */
        public JlamaLocalModel build() {
            if (modelDirectory == null) {
                throw new IllegalArgumentException("modelDirectory is required: the folder of a Hugging Face"
                        + " model (config.json, tokenizer.json, tokenizer_config.json, model.safetensors),"
                        + " for example one written by ModelForge.forge(...)");
            }
            Path directory = modelDirectory;
            checkFolder(directory);
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                throw new IllegalStateException("Jlama needs the Vector API: start the JVM with"
                        + " --add-modules jdk.incubator.vector (for Maven tests, in surefire's argLine).");
            }
            JlamaRuntime.prepare();
            KvScratch scratch = KvScratch.create(workingDirectory);
            AbstractModel model;
            try {
                model = load(directory, scratch.directory());
            } catch (RuntimeException e) {
                scratch.close();
                throw e;
            }
            try {
                return new JlamaLocalModel(this, directory, model, scratch);
            } catch (RuntimeException e) {
                release(model);
                scratch.close();
                throw e;
            }
        }

        private static void checkFolder(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("Model directory " + directory
                        + (Files.exists(directory) ? " is a file, not a folder." : " does not exist.")
                        + " Point modelDirectory at a Hugging Face model folder, or forge one with"
                        + " ModelForge.forge(...).");
            }
            List<String> missing = new ArrayList<>();
            for (String file : REQUIRED_FILES) {
                if (!Files.isRegularFile(directory.resolve(file))) {
                    missing.add(file);
                }
            }
            if (!Files.isRegularFile(directory.resolve(WEIGHTS))
                    && !Files.isRegularFile(directory.resolve(WEIGHTS_INDEX))) {
                missing.add(WEIGHTS);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Model directory " + directory + " is missing "
                        + String.join(", ", missing) + ". A model folder needs config.json, tokenizer.json,"
                        + " tokenizer_config.json and model.safetensors (or model.safetensors.index.json"
                        + " with its shards); download the model again or forge one with ModelForge.");
            }
        }

        private static AbstractModel load(Path directory, Path workingDirectory) {
            if (hasI8Weights(directory)) {
                throw new IllegalArgumentException("The model in " + directory + " holds Q8 (I8) weights,"
                        + " which Jlama 0.8.4 cannot run (it has no F32 x I8 or I8 x I8 kernel). Use the F32/BF16"
                        + " model or quantize it to Q4: tandem models quantize SRC --to Q4.");
            }
            try {
                // F32 activations; I8 working quantization only applies to pre-quantized Q4 weights, and
                // no model quantization because Jlama 0.8.4's runtime Q4 path fails on the first generate.
                return ModelSupport.loadModel(
                        directory.toFile(),
                        workingDirectory.toFile(),
                        DType.F32,
                        DType.I8,
                        Optional.empty(),
                        Optional.empty());
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalArgumentException(
                        "Could not load the model in " + directory + ": " + describe(e)
                                + ". Check that the folder holds a complete model of a type Jlama supports"
                                + " (llama, qwen2, mistral, gemma, ...).",
                        e);
            }
        }

        private static boolean hasI8Weights(Path directory) {
            try {
                return ModelInfo.read(directory).weightTypes().containsKey("I8");
            } catch (RuntimeException e) {
                return false;
            }
        }

        private static String describe(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
    }
}
