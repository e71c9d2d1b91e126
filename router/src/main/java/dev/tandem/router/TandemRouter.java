package dev.tandem.router;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.RequestRefusedException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.LocalTokenizer;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.spi.RemoteConsent;
import dev.tandem.core.spi.TierHealth;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.core.tier.TierFeature;
import dev.tandem.policy.AssessmentSettings;
import dev.tandem.policy.AuditSettings;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.TierDeclaration;
import dev.tandem.policy.budget.BudgetStore;
import dev.tandem.privacy.PolicyPrivacy;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.assess.SpecialistSignals;
import dev.tandem.router.audit.AuditConfig;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.decide.PolicyDecider;
import dev.tandem.router.decide.TierPin;
import dev.tandem.router.difficulty.DifficultyEstimators;
import dev.tandem.router.distill.DistillationLog;
import dev.tandem.router.execute.Executor;
import dev.tandem.router.execute.StreamInterruptedException;
import dev.tandem.router.execute.StreamingExecutor;
import dev.tandem.router.internal.DecisionLog;
import dev.tandem.router.internal.ListenerDispatcher;
import dev.tandem.router.learn.AnswerCheck;
import dev.tandem.router.resilience.Resilience;
import dev.tandem.router.resilience.ResilienceSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ChatModel} that serves each request on a local or a remote tier, as a policy
 * says. Every request runs through four stages: <b>assess</b> (personal data, difficulty, script,
 * tokens), <b>decide</b> (the first matching policy rule), <b>execute</b> (the chosen tier, then its
 * fallbacks; redacted for remote tiers) and <b>respond</b> (originals restored, routing attached).
 *
 * <pre>{@code
 * TandemRouter router = TandemRouter.builder()
 *         .policy(PolicyLoader.load(Path.of("tandem.yaml")))   // default: the privacy-first preset
 *         .tier(Tier.local("local", localModel).build())
 *         .tier(Tier.remote("remote", remoteModel).build())      // optional: without it, Tandem runs offline
 *         .listener(new TandemListener() {})
 *         .build();
 *
 * ChatResponse response = router.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build());
 * TandemResponseMetadata routing = TandemResponseMetadata.from(response);
 * }</pre>
 *
 * <p>Per-caller metadata (tenant, tags, deadline, classification) goes in with {@link
 * #chat(TandemRequest)}, or through {@link #forCaller(CallerMetadata)} to get a {@code ChatModel} bound
 * to one caller, for {@code AiServices}.
 *
 * <p>A request either gets an answer or a {@link TandemException}: {@code InvalidRequestException}
 * before any tier is called, or {@code NoRouteAvailableException} listing every attempt. Thread-safe.
 *
 * <p>It is also a {@code StreamingChatModel}: {@link #chat(TandemRequest, StreamingChatResponseHandler)}
 * streams with the same routing, falls back before the first token, and returns a handle that cancels.
 * Timeouts, retries, circuit breakers, bulkheads and rate limits come from {@link
 * Builder#resilience(ResilienceSettings)}; docs/failure-handling.md describes them.
 */
public final class TandemRouter implements ChatModel, StreamingChatModel, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TandemRouter.class);

    /** Shadow calls run off the caller's path, one virtual thread each. */
    private static final java.util.concurrent.Executor SHADOW_THREADS =
            command -> Thread.ofVirtual().name("tandem-shadow").start(command);

    private final Supplier<Policy> livePolicy;
    // The policy of the request this thread is assessing and deciding: read once per request, so that a
    // reload between assessment and decision cannot mix two policies.
    private final ThreadLocal<@Nullable Policy> requestPolicy = new ThreadLocal<>();
    private final Supplier<Policy> policy;
    // The policy the last request ran under: a different one marks a switch in the audit logs.
    private final AtomicReference<Policy> policyInForce;
    private final List<AuditLog> ownedAudits = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Tier> tiers;
    private final Assessor assessor;
    private final PolicyDecider decider;
    private final Executor executor;
    private final StreamingExecutor streamingExecutor;
    private final Resilience resilience;
    private final ListenerDispatcher listeners;
    private final List<ChatModelListener> chatModelListeners;
    private final List<AuditLog> audits;
    private final Optional<DistillationLog> distillation;
    private final TrafficLearning learning;
    private final Clock clock;

    private TandemRouter(Builder builder) {
        this.livePolicy = builder.policySource != null ? builder.policySource : constant(builder.policy);
        this.policy = () -> {
            Policy pinned = requestPolicy.get();
            return pinned != null ? pinned : livePolicy.get();
        };
        this.tiers = Map.copyOf(builder.tiers);
        this.clock = builder.clock;
        this.distillation = Optional.ofNullable(builder.distillation);
        List<TandemListener> allListeners = new ArrayList<>(builder.listeners);
        Policy initial = policy.get();
        this.policyInForce = new AtomicReference<>(initial);
        // The policy's audit log applies unless the application registered one itself.
        if (initial.audit().isPresent() && allListeners.stream().noneMatch(AuditLog.class::isInstance)) {
            AuditSettings audit = initial.audit().get();
            AuditConfig.Builder config = AuditConfig.custom(audit.file())
                    .maxBytes(audit.maxBytes())
                    .keep(audit.keep())
                    .refuseWhenUnwritable(audit.refuseWhenUnwritable());
            audit.hmacKey().ifPresent(key -> config.hmacKey(key.reveal().getBytes(StandardCharsets.UTF_8)));
            audit.checkpoint().ifPresent(config::checkpointFile);
            AuditLog opened = AuditLog.open(config.build());
            ownedAudits.add(opened);
            allListeners.add(opened);
        }
        this.listeners = new ListenerDispatcher(allListeners);
        // The routing writer goes first, so every listener's onResponse/onError sees the tier in attributes().
        this.chatModelListeners = builder.chatModelListeners.isEmpty()
                ? List.of()
                : Stream.concat(Stream.of(RoutingAttributes.writer()), builder.chatModelListeners.stream())
                        .toList();
        // An audit log registered as a listener also gets each text to hash; events never carry text.
        this.audits = allListeners.stream()
                .filter(AuditLog.class::isInstance)
                .map(AuditLog.class::cast)
                .toList();
        audits.forEach(audit -> audit.onFailure(listeners::dispatch));
        PolicyPrivacySource privacy = new PolicyPrivacySource(policy, builder.privacyScanner);
        privacy.get(); // builds the policy's recognizers now rather than on the first request
        DifficultyEstimator explicitDifficulty = builder.difficultyEstimator;
        this.assessor = new Assessor(
                privacy,
                explicitDifficulty != null
                        ? () -> explicitDifficulty
                        : new PolicyDifficultySource(policy, localTokenizer(builder.tiers.values())),
                new PolicySpecialistSource(policy, tiers));
        this.resilience = Resilience.create(builder.resilience, tiers, clock, listeners::dispatch);
        TierHealth configuredHealth = builder.tierHealth;
        TierHealth breakers = resilience.health();
        // Without an explicit store, the decider opens the store the policy in force names (memory or Redis),
        // so a reloaded budgets.store applies from the next request; it closes what it opened.
        PolicyDecider.Builder deciderBuilder = PolicyDecider.builder(policy)
                .tiers(tiers)
                .clock(clock)
                .tierHealth(tier -> configuredHealth.isHealthy(tier) && breakers.isHealthy(tier))
                .budgetEvents(listeners::dispatch);
        if (builder.budgetStore != null) {
            deciderBuilder.budgetStore(builder.budgetStore);
        }
        builder.redaction.forEach(deciderBuilder::redaction);
        this.decider = deciderBuilder.build();
        this.executor = new Executor(tiers, clock, listeners, resilience, builder.remoteConsent);
        this.learning = new TrafficLearning(
                policy,
                tiers,
                builder.answerChecks,
                decider,
                builder.learningExecutor,
                builder.random,
                clock,
                call -> audits.forEach(audit -> audit.onShadowCall(call)));
        learning.problem(initial).ifPresent(problem -> {
            throw new IllegalStateException("Cannot build the router: " + problem);
        });
        this.streamingExecutor = new StreamingExecutor(
                tiers, clock, listeners, resilience, () -> privacy.get().scanner(), builder.remoteConsent);
    }

    /** The tokenizer of the first local tier (in the order tiers were added) whose model has one. */
    private static Optional<LocalTokenizer> localTokenizer(Collection<Tier> tiers) {
        return tiers.stream()
                .filter(tier -> !tier.isRemote() && tier.chatModel() instanceof LocalTokenizer)
                .map(tier -> (LocalTokenizer) tier.chatModel())
                .findFirst();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Routes one request with its caller metadata. */
    public ChatResponse chat(TandemRequest request) {
        requestPolicy.set(policyForThisRequest());
        try {
            return chatUnderOnePolicy(request);
        } finally {
            requestPolicy.remove();
        }
    }

    private ChatResponse chatUnderOnePolicy(TandemRequest request) {
        auditReceived(request);
        Assessment assessment;
        Decision decision;
        try {
            assessment = assess(request);
            decision = TierPin.apply(request, decide(request, assessment), tiers);
        } catch (TandemException e) {
            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), e));
            throw e;
        }
        listeners.dispatch(new DecisionEvent(request.id(), clock.instant(), assessment, decision));
        DecisionLog.log(request, assessment, decision);
        try {
            return execute(request, assessment, decision);
        } catch (RuntimeException e) {
            TandemException failure = asTandem(request, e);
            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), failure));
            throw failure;
        }
    }

    /**
     * {@code error} inside the {@link TandemException} tree: an unexpected exception (a bug in a listener
     * or a redaction step, say) is named by its type only, as its message may quote the request.
     */
    private static TandemException asTandem(TandemRequest request, RuntimeException error) {
        if (error instanceof TandemException tandem) {
            return tandem;
        }
        log.warn(
                "Request {} failed unexpectedly with {}",
                request.id(),
                error.getClass().getName());
        return new TandemException("Request " + request.id() + " failed unexpectedly ("
                + error.getClass().getSimpleName() + ")");
    }

    /**
     * Refuses the request when an audit log that must not miss records cannot write them; otherwise hands
     * the request's text to each audit log to hash.
     */
    private void auditReceived(TandemRequest request) {
        for (AuditLog audit : audits) {
            if (audit.config().refuseWhenUnwritable() && !audit.probe()) {
                throw new RequestRefusedException(
                        request.id(),
                        "audit",
                        "the audit log cannot be written and refuse-when-unwritable is on; requests are refused"
                                + " until it can (see the tandem.audit.failures metric and the audit health)");
            }
        }
        audits.forEach(audit -> audit.requestReceived(request));
    }

    /** The one audit record of a request that ended without a completed or failed event. */
    private void auditEnded(TandemRequest request, String status, @Nullable Throwable error) {
        String errorType = error == null ? null : error.getClass().getSimpleName();
        audits.forEach(audit -> audit.ended(request.id(), status, errorType));
    }

    /** A handle that also records the cancellation in the audit log (once, whichever handle cancels). */
    private StreamingHandle auditingCancel(TandemRequest request, StreamingHandle inner) {
        if (audits.isEmpty()) {
            return inner;
        }
        return new StreamingHandle() {
            @Override
            public void cancel() {
                // Recorded first, so an error the cancellation itself causes is not taken for the ending.
                auditEnded(request, "cancelled", null);
                inner.cancel();
            }

            @Override
            public boolean isCancelled() {
                return inner.isCancelled();
            }
        };
    }

    /** Runs a decided request on its tiers and records the answer (audit, distillation, budgets, events). */
    private ChatResponse execute(TandemRequest request, Assessment assessment, Decision decision) {
        Executor.Execution execution = executor.execute(request, assessment, decision);
        ChatResponse answer = execution.response();
        TandemResponseMetadata metadata = TandemResponseMetadata.builder()
                .id(request.id())
                .modelName(execution.outcome().model())
                .tokenUsage(answer.tokenUsage())
                .finishReason(answer.finishReason())
                .requestId(request.id())
                .assessment(assessment)
                .decision(decision)
                .outcome(execution.outcome())
                .build();
        audits.forEach(audit -> audit.answered(request.id(), textOf(answer)));
        distillation.ifPresent(log -> log.offer(request, assessment, execution.outcome(), textOf(answer)));
        decider.record(request, assessment, execution.outcome());
        learning.answered(
                request,
                assessment,
                decision,
                execution.outcome(),
                answer.aiMessage().text());
        listeners.dispatch(new CompletedEvent(request.id(), clock.instant(), decision, execution.outcome()));
        return ChatResponse.builder()
                .aiMessage(answer.aiMessage())
                .metadata(metadata)
                .build();
    }

    /** Routes a LangChain4j request with no caller metadata. */
    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return chat(TandemRequest.of(chatRequest, CallerMetadata.none()));
    }

    /**
     * Streams a LangChain4j request with no caller metadata. The handler's {@code
     * onPartialResponse(PartialResponse, PartialResponseContext)} carries a handle that cancels the
     * stream; see {@link #chat(TandemRequest, StreamingChatResponseHandler)}.
     */
    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        chat(TandemRequest.of(chatRequest, CallerMetadata.none()), handler);
    }

    /**
     * Streams one request with its caller metadata, and returns a handle that cancels it at any time (the
     * tier stops, local generation included, and the handler hears nothing more).
     *
     * <p>The handler gets the answer's text in order (placeholders restored), then exactly one of {@code
     * onCompleteResponse} (with {@link TandemResponseMetadata}) or {@code onError}: {@code
     * InvalidRequestException} or a policy refusal before any tier is called, {@code
     * NoRouteAvailableException} when every tier failed before its first token, or {@link
     * StreamInterruptedException} (with the partial text) when the answer stopped half-way and no tier
     * continued it. Callbacks come from one virtual thread per request.
     */
    public StreamingHandle chat(TandemRequest request, StreamingChatResponseHandler handler) {
        requireNonNull(handler, "handler");
        requestPolicy.set(policyForThisRequest());
        try {
            return streamUnderOnePolicy(request, handler);
        } finally {
            requestPolicy.remove();
        }
    }

    private StreamingHandle streamUnderOnePolicy(TandemRequest request, StreamingChatResponseHandler handler) {
        Assessment assessment;
        Decision decision;
        try {
            auditReceived(request);
        } catch (RequestRefusedException e) {
            handler.onError(e);
            return NOT_STARTED;
        }
        try {
            assessment = assess(request);
            decision = TierPin.apply(request, decide(request, assessment), tiers);
        } catch (TandemException e) {
            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), e));
            handler.onError(e);
            return NOT_STARTED;
        }
        listeners.dispatch(new DecisionEvent(request.id(), clock.instant(), assessment, decision));
        DecisionLog.log(request, assessment, decision);
        if (decision.escalation().isPresent()) {
            return streamCheckedAnswer(request, assessment, decision, handler);
        }
        AtomicBoolean terminated = new AtomicBoolean();
        StreamingHandle started =
                streamingExecutor.execute(request, assessment, decision, new StreamingExecutor.Sink() {
                    @Override
                    public void onText(String text, StreamingHandle handle) {
                        handler.onPartialResponse(
                                new PartialResponse(text), new PartialResponseContext(auditingCancel(request, handle)));
                    }

                    @Override
                    public void onThinking(String thinking) {
                        handler.onPartialThinking(new PartialThinking(thinking));
                    }

                    @Override
                    public void onPartialToolCall(PartialToolCall partialToolCall) {
                        handler.onPartialToolCall(partialToolCall);
                    }

                    @Override
                    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
                        handler.onCompleteToolCall(completeToolCall);
                    }

                    @Override
                    public void onComplete(ChatResponse answer, Outcome outcome) {
                        if (!terminated.compareAndSet(false, true)) {
                            return;
                        }
                        TandemResponseMetadata metadata = TandemResponseMetadata.builder()
                                .id(request.id())
                                .modelName(outcome.model())
                                .tokenUsage(answer.tokenUsage())
                                .finishReason(answer.finishReason())
                                .requestId(request.id())
                                .assessment(assessment)
                                .decision(decision)
                                .outcome(outcome)
                                .build();
                        audits.forEach(audit -> audit.answered(request.id(), textOf(answer)));
                        distillation.ifPresent(log -> log.offer(request, assessment, outcome, textOf(answer)));
                        decider.record(request, assessment, outcome);
                        learning.answered(request, assessment, decision, outcome, textOf(answer));
                        listeners.dispatch(new CompletedEvent(request.id(), clock.instant(), decision, outcome));
                        try {
                            handler.onCompleteResponse(ChatResponse.builder()
                                    .aiMessage(answer.aiMessage())
                                    .metadata(metadata)
                                    .build());
                        } catch (RuntimeException e) {
                            // Exactly one terminal callback: the answer was delivered, so onError does not follow.
                            log.warn(
                                    "The streaming handler of request {} threw {} from onCompleteResponse; ignored",
                                    request.id(),
                                    e.getClass().getName());
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (!terminated.compareAndSet(false, true)) {
                            return;
                        }
                        if (error instanceof TandemException tandem) {
                            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), tandem));
                        } else {
                            auditEnded(request, "failed", error);
                        }
                        try {
                            handler.onError(error);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "The streaming handler of request {} threw {} from onError; ignored",
                                    request.id(),
                                    e.getClass().getName());
                        }
                    }
                });
        return auditingCancel(request, started);
    }

    /** The answer's text for audit and distillation; a tool-calling answer has none. */
    private static String textOf(ChatResponse answer) {
        String text = answer.aiMessage().text();
        return text == null ? "" : text;
    }

    /**
     * A local-first decision streams the answer that passed its confidence check: the cascade runs as
     * for a blocking call (the first answer is scored, and escalated when unsure), and the answer that
     * stands reaches the handler as one piece. Tokens of an answer that might be replaced are never
     * shown. Cancelling interrupts the cascade, and the handler hears nothing more.
     */
    private StreamingHandle streamCheckedAnswer(
            TandemRequest request, Assessment assessment, Decision decision, StreamingChatResponseHandler handler) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Thread> running = new AtomicReference<>();
        StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                Thread thread = running.get();
                if (cancelled.compareAndSet(false, true) && thread != null) {
                    thread.interrupt();
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        Thread cascade = Thread.ofVirtual()
                .name("tandem-cascade-" + request.id())
                .unstarted(() -> {
                    ChatResponse response;
                    try {
                        response = execute(request, assessment, decision);
                    } catch (RuntimeException e) {
                        TandemException failure = asTandem(request, e);
                        listeners.dispatch(new FailedEvent(request.id(), clock.instant(), failure));
                        if (!cancelled.get()) {
                            handler.onError(failure);
                        }
                        return;
                    }
                    String text = response.aiMessage().text();
                    if (!cancelled.get() && text != null && !text.isEmpty()) {
                        handler.onPartialResponse(
                                new PartialResponse(text), new PartialResponseContext(auditingCancel(request, handle)));
                    }
                    if (!cancelled.get()) {
                        handler.onCompleteResponse(response);
                    }
                });
        running.set(cascade);
        cascade.start();
        return auditingCancel(request, handle);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return ChatModel.super.defaultRequestParameters();
    }

    /**
     * The listeners given to {@link Builder#chatModelListener}, after one of Tandem's own that puts the
     * serving tier into each call's attributes ({@link RoutingAttributes}); LangChain4j calls them around
     * each {@code chat} on this router or its {@link #forCaller} views, with {@link TandemResponseMetadata}
     * on the response.
     */
    @Override
    public List<ChatModelListener> listeners() {
        return chatModelListeners;
    }

    @Override
    public ModelProvider provider() {
        return ChatModel.super.provider();
    }

    /**
     * {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} when every tier serves JSON schemas, so that wherever
     * the policy sends a request, the schema is honoured; otherwise none, and {@code AiServices} asks for
     * JSON in the prompt instead.
     */
    @Override
    public Set<Capability> supportedCapabilities() {
        boolean everyTier = !tiers.isEmpty()
                && tiers.values().stream().allMatch(tier -> tier.features().contains(TierFeature.JSON_SCHEMA));
        return everyTier ? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.of();
    }

    /** The guards of every tier: breaker states, health, configs. */
    public Resilience resilience() {
        return resilience;
    }

    /** A {@code ChatModel} view of this router that attaches {@code caller} to every request. */
    public ChatModel forCaller(CallerMetadata caller) {
        requireNonNull(caller, "caller");
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest chatRequest) {
                return TandemRouter.this.chat(TandemRequest.of(chatRequest, caller));
            }

            @Override
            public List<ChatModelListener> listeners() {
                return chatModelListeners;
            }

            @Override
            public Set<Capability> supportedCapabilities() {
                return TandemRouter.this.supportedCapabilities();
            }
        };
    }

    /**
     * The policy in force now; when it is not the one the previous request ran under (a watcher swapped
     * it in), each audit log records the switch, with the calibration it brings, for the report's
     * timeline. Marked here rather than by the watcher, so every application that reloads gets the marks.
     */
    private Policy policyForThisRequest() {
        Policy current = livePolicy.get();
        Policy previous = policyInForce.getAndSet(current);
        if (previous != current && !audits.isEmpty()) {
            String calibration = calibrationVersion(current);
            for (AuditLog audit : audits) {
                audit.onPolicySwitch(
                        clock.instant(), current.name(), current.rules().size(), calibration);
            }
        }
        return current;
    }

    /**
     * Which difficulty calibration {@code policy} brings: {@code built-in}, or its file's name and the
     * first 12 hex digits of the file's SHA-256, so that a refit written over the same file is a new version.
     */
    private static String calibrationVersion(Policy policy) {
        Optional<Path> file = policy.assessment().calibrationFile();
        if (file.isEmpty()) {
            return "built-in";
        }
        String name = String.valueOf(file.get().getFileName());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file.get()));
            return name + " sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (IOException e) {
            return name + " (unreadable: " + e.getClass().getSimpleName() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The assessment and decision for a request, without calling any tier: a dry run. */
    public Plan plan(TandemRequest request) {
        requestPolicy.set(livePolicy.get());
        try {
            Assessment assessment = assess(request);
            return new Plan(assessment, decide(request, assessment));
        } finally {
            requestPolicy.remove();
        }
    }

    /**
     * Stage 1. An unexpected exception (a bug in an estimator, say) becomes a {@link TandemException}
     * naming its type only: its message may quote the request.
     */
    private Assessment assess(TandemRequest request) {
        try {
            return assessor.assess(request);
        } catch (TandemException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn(
                    "Assessing request {} failed with {}",
                    request.id(),
                    e.getClass().getName());
            throw new TandemException("Request " + request.id() + " could not be assessed ("
                    + e.getClass().getSimpleName() + "); no tier was called");
        }
    }

    /**
     * Stage 2. A policy that cannot be evaluated (an unexpected exception, not a refusal) fails closed by
     * default ({@code assessment.privacy.fail-closed}): the request is served by the local tiers only, and
     * the decision says why. Without a local tier, or with {@code fail-closed: false}, it ends with a
     * {@link TandemException} and no tier is called.
     */
    private Decision decide(TandemRequest request, Assessment assessment) {
        try {
            return decider.decide(request, assessment);
        } catch (TandemException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn(
                    "Evaluating the policy for request {} failed with {}",
                    request.id(),
                    e.getClass().getName());
            String cause = "the policy could not be evaluated (" + e.getClass().getSimpleName() + ")";
            List<String> local = tiers.values().stream()
                    .filter(tier -> !tier.isRemote())
                    .map(Tier::name)
                    .toList();
            if (!policy.get().assessment().failClosed() || local.isEmpty()) {
                throw new TandemException("Request " + request.id() + ": " + cause + "; no tier was called"
                        + (local.isEmpty() ? " (no local tier to fail closed to)" : ""));
            }
            return new Decision(
                    local.get(0),
                    Locality.LOCAL,
                    local.subList(1, local.size()),
                    false,
                    List.of(new Reason(
                            "policy-failed",
                            cause + "; served by the local tiers only (assessment.privacy.fail-closed)")),
                    RedactionPlan.none());
        }
    }

    /** What {@link #plan(TandemRequest)} returns. */
    public record Plan(Assessment assessment, Decision decision) {}

    /** The policy in force now (it changes when the policy source is a watcher). */
    public Policy policy() {
        return livePolicy.get();
    }

    /**
     * Releases what the router opened itself: the policy's audit log (its file lock, so another router
     * may write the same file), the budget stores it opened for the policy (a Redis connection pool), and
     * the traffic label stores of the policy's {@code learning} section.
     * Tiers, listeners and stores the application passed in stay open: their owner closes them. Requests
     * after {@code close()} are not supported. Idempotent; a Spring context calls it when it shuts down.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (AuditLog audit : ownedAudits) {
            try {
                audit.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            decider.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        try {
            learning.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The audit logs this router writes (the policy's, or those registered as listeners). */
    public List<AuditLog> auditLogs() {
        return audits;
    }

    /** The configured tiers by name. */
    public Map<String, Tier> tiers() {
        return tiers;
    }

    /** True when the policy declares a remote tier that is not configured, so its requests stay local. */
    public boolean isOffline() {
        return policy.get().tiers().values().stream()
                .anyMatch(declared -> declared.locality() == Locality.REMOTE && !tiers.containsKey(declared.name()));
    }

    @Override
    public String toString() {
        return "TandemRouter[policy=" + policy.get().name() + ", tiers=" + tiers.values() + "]";
    }

    private static final StreamingHandle NOT_STARTED = new StreamingHandle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /**
     * The scanner and sensitivity levels of the policy in force: rebuilt only when the policy's
     * assessment settings change (a reload), so a request never waits for recognizers to compile.
     */
    private static final class PolicyPrivacySource implements Supplier<Assessor.Privacy> {
        private final Supplier<Policy> policy;
        private final PrivacyScanner base;
        private volatile @Nullable Cached cached;

        private record Cached(AssessmentSettings settings, Assessor.Privacy privacy) {}

        PolicyPrivacySource(Supplier<Policy> policy, PrivacyScanner base) {
            this.policy = policy;
            this.base = base;
        }

        @Override
        public Assessor.Privacy get() {
            AssessmentSettings settings = policy.get().assessment();
            Cached current = cached;
            if (current == null || current.settings() != settings) {
                current = new Cached(
                        settings,
                        new Assessor.Privacy(PolicyPrivacy.scanner(settings, base), PolicyPrivacy.levels(settings)));
                cached = current;
            }
            return current.privacy();
        }
    }

    /**
     * The default difficulty estimator for the policy in force: built with the router, and again when a
     * reloaded policy arrives, so that a new or rewritten calibration file takes effect with it. A
     * calibration that cannot be used then is logged and the previous estimator kept: a reload never
     * makes requests fail.
     */
    private static final class PolicyDifficultySource implements Supplier<DifficultyEstimator> {
        private final Supplier<Policy> policy;
        private final Optional<LocalTokenizer> localTokenizer;
        private volatile Cached cached;

        private record Cached(AssessmentSettings settings, DifficultyEstimator estimator) {}

        PolicyDifficultySource(Supplier<Policy> policy, Optional<LocalTokenizer> localTokenizer) {
            this.policy = policy;
            this.localTokenizer = localTokenizer;
            Policy initial = policy.get();
            // Built now, so that a missing or invalid calibration file stops the router from starting.
            this.cached = new Cached(initial.assessment(), DifficultyEstimators.forPolicy(initial, localTokenizer));
        }

        @Override
        public DifficultyEstimator get() {
            Policy current = policy.get();
            Cached known = cached;
            if (known.settings() == current.assessment()) {
                return known.estimator();
            }
            synchronized (this) {
                known = cached;
                if (known.settings() != current.assessment()) {
                    DifficultyEstimator estimator;
                    try {
                        estimator = DifficultyEstimators.forPolicy(current, localTokenizer);
                    } catch (RuntimeException e) {
                        log.warn(
                                "Policy '{}' was reloaded, but its difficulty calibration cannot be used ({});"
                                        + " the previous calibration stays in force",
                                current.name(),
                                e.getMessage());
                        estimator = known.estimator();
                    }
                    known = new Cached(current.assessment(), estimator);
                    cached = known;
                }
                return known.estimator();
            }
        }
    }

    /**
     * The language detector and token-tax tokenizers the policy in force needs: built with the router (so
     * that Lingua's models load before the first request), and again for a reloaded policy.
     */
    private static final class PolicySpecialistSource implements Supplier<SpecialistSignals> {
        private final Supplier<Policy> policy;
        private final Map<String, Tier> tiers;
        private volatile Cached cached;

        private record Cached(Policy policy, SpecialistSignals signals) {}

        PolicySpecialistSource(Supplier<Policy> policy, Map<String, Tier> tiers) {
            this.policy = policy;
            this.tiers = tiers;
            Policy initial = policy.get();
            this.cached = new Cached(initial, SpecialistSignals.forPolicy(initial, tiers));
        }

        @Override
        public SpecialistSignals get() {
            Policy current = policy.get();
            Cached known = cached;
            if (known.policy() == current) {
                return known.signals();
            }
            synchronized (this) {
                known = cached;
                if (known.policy() != current) {
                    known = new Cached(current, SpecialistSignals.forPolicy(current, tiers));
                    cached = known;
                }
                return known.signals();
            }
        }
    }

    private static Supplier<Policy> constant(Policy policy) {
        return () -> policy;
    }

    /**
     * Builds a {@link TandemRouter}. Defaults: the {@code privacy-first} preset, the pattern privacy
     * scanner, the {@link dev.tandem.router.difficulty.CalibratedDifficultyEstimator} (with the
     * policy's calibration file when it names one), the system clock, no listeners. At least the local
     * tiers the policy declares must be added; remote ones are optional (offline mode).
     */
    public static final class Builder {
        private Policy policy = PolicyLoader.preset(PolicyLoader.DEFAULT_PRESET);
        private @Nullable Supplier<Policy> policySource;
        private TierHealth tierHealth = TierHealth.allHealthy();
        private ResilienceSettings resilience = ResilienceSettings.ofDefaults();
        private @Nullable BudgetStore budgetStore;
        private final Map<String, Tier> tiers = new LinkedHashMap<>();
        private PrivacyScanner privacyScanner = PrivacyScanners.defaults();
        private RemoteConsent remoteConsent = RemoteConsent.approveAll();
        private final Map<EntityType, RedactionMethod> redaction = new LinkedHashMap<>();
        // Null: the calibrated estimator, with the policy's calibration file when it names one.
        private @Nullable DifficultyEstimator difficultyEstimator;
        private final List<TandemListener> listeners = new ArrayList<>();
        private final List<ChatModelListener> chatModelListeners = new ArrayList<>();
        private @Nullable DistillationLog distillation;
        private final Map<String, AnswerCheck> answerChecks = new LinkedHashMap<>();
        private java.util.concurrent.Executor learningExecutor = SHADOW_THREADS;
        private RandomGenerator random = new SplittableRandom();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder policy(Policy policy) {
            this.policy = requireNonNull(policy, "policy");
            this.policySource = null;
            return this;
        }

        /**
         * Reads the policy from {@code source} once per request, such as a {@code PolicyWatcher}: a
         * policy swapped in there applies from the next request on. Tiers are checked against the
         * policy in force when the router is built.
         */
        public Builder policySource(Supplier<Policy> source) {
            this.policySource = requireNonNull(source, "source");
            this.policy = requireNonNull(source.get(), "source.get()");
            return this;
        }

        /** Tells policy rules which tiers are healthy ({@code tier-unhealthy}); default: all healthy. */
        public Builder tierHealth(TierHealth health) {
            this.tierHealth = requireNonNull(health, "health");
            return this;
        }

        /**
         * Timeouts, retries, breakers, bulkheads, rate limits and the partial-stream behaviour; default
         * {@link ResilienceSettings#ofDefaults()}.
         */
        public Builder resilience(ResilienceSettings settings) {
            this.resilience = requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Where per-tenant budget counters live, whatever the policy's {@code budgets.store} says; by
         * default, the store the policy names (in memory, or Redis at {@code budgets.store.url}).
         */
        public Builder budgetStore(BudgetStore store) {
            this.budgetStore = requireNonNull(store, "store");
            return this;
        }

        /** Adds a tier; its name must be declared in the policy with the same locality. */
        public Builder tier(Tier tier) {
            requireNonNull(tier, "tier");
            if (tiers.putIfAbsent(tier.name(), tier) != null) {
                throw new IllegalArgumentException("tier '" + tier.name() + "' is added twice");
            }
            return this;
        }

        /**
         * How a type is redacted before a remote tier, overriding the policy's {@code
         * assessment.privacy.redaction}: {@code placeholder} (the default) and {@code pseudonym} are
         * restored in the answer, {@code mask} and {@code hash} are not, and {@code block} keeps every
         * request with the type away from remote tiers.
         */
        public Builder redaction(EntityType type, RedactionMethod method) {
            redaction.put(requireNonNull(type, "type"), requireNonNull(method, "method"));
            return this;
        }

        /**
         * The scanner the policy's own recognizers ({@code assessment.privacy.deny-lists}, {@code
         * patterns}, {@code allow-lists}) are added to; default: {@link PrivacyScanners#defaults()}.
         */
        /**
         * Asked before each remote call, with the redacted request as it would be sent; a denial skips the
         * tier (see {@link RemoteConsent}). Default: every call approved.
         */
        public Builder remoteConsent(RemoteConsent consent) {
            this.remoteConsent = requireNonNull(consent, "consent");
            return this;
        }

        public Builder privacyScanner(PrivacyScanner scanner) {
            this.privacyScanner = requireNonNull(scanner, "scanner");
            return this;
        }

        public Builder difficultyEstimator(DifficultyEstimator estimator) {
            this.difficultyEstimator = requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * Adds a LangChain4j {@link ChatModelListener} (OpenTelemetry, Langfuse, ...): it hears each {@code
         * chat} on the router (request, then response or error), with {@link TandemResponseMetadata} on the
         * response. Tiers keep their own listeners.
         */
        public Builder chatModelListener(ChatModelListener listener) {
            chatModelListeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        public Builder listener(TandemListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Opt-in: records prompts with the answers remote tiers gave, for fine-tuning the local model;
         * only requests with nothing personal or secret in them (see {@link DistillationLog}).
         */
        public Builder distillation(DistillationLog log) {
            this.distillation = requireNonNull(log, "log");
            return this;
        }

        /**
         * Registers a check that a policy's shadow mode can name ({@code learning.shadow.agreement: {check:
         * NAME}}) to decide whether a local and a remote answer agree.
         */
        public Builder answerCheck(String name, AnswerCheck check) {
            if (requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("an answer check needs a name");
            }
            answerChecks.put(name, requireNonNull(check, "check"));
            return this;
        }

        /**
         * Where shadow-mode calls run (the policy's {@code learning.shadow}); default: a virtual thread
         * each, at most 16 at a time. Never the caller's thread.
         */
        public Builder learningExecutor(java.util.concurrent.Executor executor) {
            this.learningExecutor = requireNonNull(executor, "executor");
            return this;
        }

        /** The randomness that samples requests for shadow mode; default: a {@link SplittableRandom}. */
        public Builder random(RandomGenerator random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws IllegalStateException naming every mismatch between the policy's tiers and the added ones
         */
        public TandemRouter build() {
            List<String> problems = new ArrayList<>();
            for (Tier tier : tiers.values()) {
                TierDeclaration declared = policy.tiers().get(tier.name());
                if (declared == null) {
                    problems.add("tier '" + tier.name() + "' is not declared in policy '" + policy.name()
                            + "' (declared: " + String.join(", ", policy.tiers().keySet()) + ")");
                } else if (declared.locality() != tier.locality()) {
                    problems.add("tier '" + tier.name() + "' is "
                            + tier.locality().wireName() + " but policy '" + policy.name() + "' declares it "
                            + declared.locality().wireName());
                }
            }
            for (TierDeclaration declared : policy.tiers().values()) {
                if (declared.locality() == Locality.LOCAL && !tiers.containsKey(declared.name())) {
                    problems.add("policy '" + policy.name() + "' needs local tier '" + declared.name()
                            + "'; add it with tier(Tier.local(\"" + declared.name() + "\", model).build())");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Cannot build the router: " + String.join("; ", problems));
            }
            return new TandemRouter(this);
        }
    }
}
