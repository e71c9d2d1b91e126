package dev.tandem.router.execute;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.FirstTokenEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.outcome.Failure;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.outcome.TokenCounts;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.spi.RemoteConsent;
import dev.tandem.core.tier.Tier;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.internal.ListenerDispatcher;
import dev.tandem.router.redact.Redaction;
import dev.tandem.router.redact.Redactor;
import dev.tandem.router.resilience.PartialStreamFailure;
import dev.tandem.router.resilience.Resilience;
import dev.tandem.router.resilience.ResilienceRefusal;
import dev.tandem.router.resilience.TierErrors;
import dev.tandem.router.resilience.TierResilience;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3 for streamed requests: tries the decision's tiers in order, like {@link Executor}, and relays
 * each tier's tokens to the caller with placeholders restored.
 *
 * <ul>
 *   <li>A failure before the first token falls back to the next tier (after the tier's own retries);
 *       the caller sees nothing of it but the attempts in the outcome.
 *   <li>A failure after some text was delivered follows {@link PartialStreamFailure}: {@code ERROR} ends
 *       with {@link StreamInterruptedException} carrying the partial text; {@code CONTINUE} asks the next
 *       allowed tier to continue from the partial answer. An answer that stopped early is never
 *       completed as if it were whole. A remote tier gets the partial answer scanned again and redacted
 *       (new findings by the plan's method, or placeholders; values the request held, in any
 *       reformatting, as in the request).
 *   <li>The first-token and total timeouts and the caller's deadline bound every wait; a stream that
 *       exceeds one is cancelled.
 *   <li>{@link StreamingHandle#cancel()} stops the tier (its stream is cancelled through its handle, a
 *       blocking tier's thread is interrupted) and no further callback reaches the caller.
 * </ul>
 *
 * <p>Each request runs on its own virtual thread, which makes every callback to the {@link Sink} in
 * order. Thread-safe.
 */
public final class StreamingExecutor {

    /** The user turn that asks the next tier to finish an interrupted answer. */
    static final String CONTINUE_PROMPT = "Your previous answer was cut off. Continue it exactly where it stopped,"
            + " without repeating anything and without any preamble.";

    private static final Logger LOG = LoggerFactory.getLogger(StreamingExecutor.class);

    private final Map<String, Tier> tiers;
    private final Clock clock;
    private final ListenerDispatcher listeners;
    private final Resilience resilience;
    private final PartialStreamFailure onPartialFailure;
    private final Supplier<PrivacyScanner> scanner;
    private final RemoteGate gate;

    /**
     * @param scanner the privacy scanner in force, which scans a partial answer before another tier is
     *     asked to continue it
     * @param consent asked before each remote call
     */
    public StreamingExecutor(
            Map<String, Tier> tiers,
            Clock clock,
            ListenerDispatcher listeners,
            Resilience resilience,
            Supplier<PrivacyScanner> scanner,
            RemoteConsent consent) {
        this.tiers = Map.copyOf(tiers);
        this.clock = requireNonNull(clock, "clock");
        this.listeners = requireNonNull(listeners, "listeners");
        this.resilience = requireNonNull(resilience, "resilience");
        this.onPartialFailure = resilience.settings().onPartialStreamFailure();
        this.scanner = requireNonNull(scanner, "scanner");
        this.gate = new RemoteGate(consent);
    }

    /** Where a routed stream goes: text in order, then exactly one of complete or error (none once cancelled). */
    public interface Sink {
        /** Restored text; {@code handle} cancels the whole routed stream. */
        void onText(String text, StreamingHandle handle);

        /** The whole answer (all text delivered, restored) and the outcome with every attempt. */
        void onComplete(ChatResponse response, Outcome outcome);

        void onError(Throwable error);

        /** A piece of the model's reasoning, as the tier streamed it. */
        default void onThinking(String thinking) {}

        /** A piece of a tool call's arguments; only when the request went unredacted. */
        default void onPartialToolCall(PartialToolCall partialToolCall) {}

        /** A whole tool call; only when the request went unredacted (else the final response carries it). */
        default void onCompleteToolCall(CompleteToolCall completeToolCall) {}
    }

    /** Starts the stream on a virtual thread and returns the handle that cancels it. */
    public StreamingHandle execute(TandemRequest request, Assessment assessment, Decision decision, Sink sink) {
        Run run = new Run(request, assessment, decision, sink);
        run.thread = Thread.ofVirtual().name("tandem-stream-" + request.id()).unstarted(run);
        run.thread.start();
        return run;
    }

    private sealed interface Signal permits Token, Thinking, ToolCallPiece, ToolCallDone, Done, Failed, Cancel {}

    private record Thinking(int attempt, String text) implements Signal {}

    private record ToolCallPiece(int attempt, PartialToolCall call) implements Signal {}

    private record ToolCallDone(int attempt, CompleteToolCall call) implements Signal {}

    private record Token(int attempt, String text) implements Signal {}

    private record Done(int attempt, ChatResponse response) implements Signal {}

    private record Failed(int attempt, Throwable error) implements Signal {}

    private record Cancel() implements Signal {}

    private sealed interface Result permits Succeeded, FailedTry, Cancelled {}

    private record Succeeded(ChatResponse response) implements Result {}

    private record FailedTry(TierException failure, boolean afterText, boolean retryable) implements Result {}

    private record Cancelled() implements Result {}

    /** One routed stream; also its caller's handle. */
    private final class Run implements Runnable, StreamingHandle {
        private final TandemRequest request;
        private final Assessment assessment;
        private final Decision decision;
        private final Sink sink;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<TierException> failures = new ArrayList<>();
        private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final StringBuilder delivered = new StringBuilder();
        private volatile @Nullable Thread thread;
        private volatile int attemptNo;

        Run(TandemRequest request, Assessment assessment, Decision decision, Sink sink) {
            this.request = request;
            this.assessment = assessment;
            this.decision = decision;
            this.sink = sink;
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                signals.add(new Cancel());
                Thread running = thread;
                if (running != null && running != Thread.currentThread()) {
                    running.interrupt();
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public void run() {
            try {
                route();
            } catch (RuntimeException e) {
                LOG.warn(
                        "Streaming request {} failed unexpectedly with {}",
                        request.id(),
                        e.getClass().getName());
                if (!cancelled.get()) {
                    // Inside the TandemException tree, so that it gets a failed event; only the type is
                    // named, as the message may quote the request.
                    sink.onError(
                            e instanceof TandemException tandem
                                    ? tandem
                                    : new TandemException("Streaming request " + request.id() + " failed unexpectedly ("
                                            + e.getClass().getSimpleName() + ")"));
                }
            }
        }

        private void route() {
            Instant started = clock.instant();
            TierException lastFailure = null;
            for (String name : decision.candidates()) {
                if (cancelled.get()) {
                    return;
                }
                Tier tier = tiers.get(name);
                announceFallback(name);
                Optional<Failure> skip = reasonToSkip(tier);
                if (skip.isPresent()) {
                    record(Attempt.skipped(name, tier.locality(), tier.modelName(), skip.get()));
                    continue;
                }
                // A continuation is text the request did not hold: a remote tier gets it scanned and redacted
                // even when the request itself needed no redaction.
                boolean continuation = !delivered.isEmpty();
                boolean redacted = tier.isRemote() && (!decision.redaction().isEmpty() || continuation);
                Redaction redaction;
                ChatRequest toSend;
                try {
                    redaction = redacted
                            ? Redactor.redact(
                                    request.chatRequest(), assessment.privacy().findings(), decision.redaction())
                            : null;
                    toSend = requestFor(redaction);
                } catch (RuntimeException e) {
                    // Fail closed: what cannot be scanned or redacted does not leave the machine.
                    record(Attempt.skipped(name, tier.locality(), tier.modelName(), RemoteGate.redactionFailed(e)));
                    continue;
                }
                Optional<Failure> gateClosed = tier.isRemote()
                        ? gate.check(request.id(), name, toSend, redaction, continuation)
                        : Optional.empty();
                if (gateClosed.isPresent()) {
                    record(Attempt.skipped(name, tier.locality(), tier.modelName(), gateClosed.get()));
                    continue;
                }
                if (redacted) {
                    announceRedaction(name);
                }
                TierResilience guard = resilience.forTier(name);
                TierResilience.Call call = new TierResilience.Call(
                        request.caller().deadline(), assessment.tokens().total(), TierResilience.RetryObserver.NONE);
                for (int tryNo = 1; ; tryNo++) {
                    if (cancelled.get()) {
                        return;
                    }
                    TierResilience.Permit permit;
                    try {
                        permit = guard.acquire(call);
                    } catch (TierException refused) {
                        if (cancelled.get()) {
                            return;
                        }
                        failures.add(refused);
                        lastFailure = refused;
                        record(
                                refused instanceof ResilienceRefusal
                                        ? Attempt.skipped(name, tier.locality(), tier.modelName(), Failure.of(refused))
                                        : Attempt.failed(
                                                name,
                                                tier.locality(),
                                                tier.modelName(),
                                                Failure.of(refused),
                                                Duration.ZERO,
                                                redacted));
                        break;
                    }
                    Instant tryStarted = clock.instant();
                    int deliveredBefore = delivered.length();
                    Result result = streamOnce(tier, toSend, redaction, guard, permit);
                    Duration latency = Duration.between(tryStarted, clock.instant());
                    switch (result) {
                        case Cancelled c -> {
                            return;
                        }
                        case Succeeded s -> {
                            TokenCounts tokens = tokensOf(s.response().tokenUsage());
                            record(Attempt.succeeded(
                                    name, tier.locality(), tier.modelName(), latency, tokens, redacted));
                            AiMessage answered = s.response().aiMessage();
                            // Tool calls, thinking and attributes pass through; the text is what was delivered.
                            ChatResponse whole = s.response().toBuilder()
                                    .aiMessage(answered.toBuilder()
                                            .text(
                                                    delivered.isEmpty() && answered.hasToolExecutionRequests()
                                                            ? null
                                                            : delivered.toString())
                                            .build())
                                    .build();
                            Outcome outcome = new Outcome(
                                    name,
                                    tier.locality(),
                                    modelNameOf(s.response(), tier),
                                    attempts,
                                    Duration.between(started, clock.instant()),
                                    tokens);
                            sink.onComplete(whole, outcome);
                            return;
                        }
                        case FailedTry f -> {
                            failures.add(f.failure());
                            lastFailure = f.failure();
                            record(Attempt.failed(
                                    name,
                                    tier.locality(),
                                    tier.modelName(),
                                    Failure.of(f.failure()),
                                    latency,
                                    redacted));
                            if (f.afterText() || delivered.length() > deliveredBefore) {
                                if (onPartialFailure == PartialStreamFailure.ERROR) {
                                    sink.onError(new StreamInterruptedException(
                                            request.id(), delivered.toString(), attempts, f.failure()));
                                    return;
                                }
                                break;
                            }
                            Optional<Duration> wait = f.retryable()
                                    ? guard.backoff(
                                            tryNo, f.failure(), request.caller().deadline())
                                    : Optional.empty();
                            if (wait.isEmpty()) {
                                break;
                            }
                            try {
                                resilience.settings().sleeper().sleep(wait.get());
                            } catch (InterruptedException e) {
                                if (cancelled.get()) {
                                    return;
                                }
                                Thread.currentThread().interrupt();
                                break;
                            }
                            continue;
                        }
                    }
                    break;
                }
            }
            if (!delivered.isEmpty() && lastFailure != null) {
                sink.onError(new StreamInterruptedException(request.id(), delivered.toString(), attempts, lastFailure));
            } else {
                sink.onError(new NoRouteAvailableException(request.id(), attempts, failures));
            }
        }

        /** The request for the next tier: the original, or a continuation of what was delivered so far. */
        private ChatRequest requestFor(@Nullable Redaction redaction) {
            ChatRequest base = redaction != null ? redaction.request() : request.chatRequest();
            if (delivered.isEmpty()) {
                return base;
            }
            String partial = delivered.toString();
            if (redaction != null) {
                // The partial answer is scanned again: a local model may have written values the request
                // held in other forms (4539-1488-0343-6467 for 4539 1488 0343 6467) or new ones.
                partial = redaction.redactText(partial, scanner.get().scan(partial));
            }
            List<ChatMessage> messages = new ArrayList<>(base.messages());
            messages.add(AiMessage.from(partial));
            messages.add(UserMessage.from(CONTINUE_PROMPT));
            return base.toBuilder().messages(messages).build();
        }

        private Result streamOnce(
                Tier tier,
                ChatRequest toSend,
                @Nullable Redaction redaction,
                TierResilience guard,
                TierResilience.Permit permit) {
            int attempt = ++attemptNo;
            Optional<Instant> deadline = request.caller().deadline();
            long now = System.nanoTime();
            Duration timeLeft = guard.timeLeft(deadline);
            long totalBy = now + Math.max(0, timeLeft.toNanos());
            long firstTokenBy =
                    now + Math.min(guard.config().firstTokenTimeout().toNanos(), Math.max(0, timeLeft.toNanos()));
            TierStream stream = new TierStream(attempt);
            StreamRestorer restorer = new StreamRestorer(redaction);
            boolean gotText = false;
            try {
                stream.start(tier, toSend);
                while (true) {
                    long waitNanos = (gotText ? totalBy : Math.min(firstTokenBy, totalBy)) - System.nanoTime();
                    if (waitNanos <= 0) {
                        stream.stop();
                        TierException timeout = !gotText && firstTokenBy < totalBy
                                ? new dev.tandem.core.exception.TierTimeoutException(
                                        tier.name(),
                                        "tier '" + tier.name() + "' sent no first token within "
                                                + guard.config().firstTokenTimeout() + " (firstTokenTimeout); it was"
                                                + " cancelled. Raise the timeout or use a faster tier.",
                                        null)
                                : guard.timedOut(deadline, "did not finish its answer");
                        return fail(permit, timeout, gotText, restorer, true);
                    }
                    Signal signal;
                    try {
                        signal = signals.poll(waitNanos, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        signal = new Cancel();
                    }
                    if (signal == null) {
                        continue;
                    }
                    switch (signal) {
                        case Cancel c -> {
                            if (cancelled.get()) {
                                stream.stop();
                                permit.abandoned();
                                return new Cancelled();
                            }
                        }
                        case Token t
                        when t.attempt() == attempt -> {
                            if (!gotText) {
                                listeners.dispatch(new FirstTokenEvent(
                                        request.id(),
                                        clock.instant(),
                                        tier.name(),
                                        Duration.ofNanos(System.nanoTime() - now)));
                            }
                            gotText = true;
                            deliver(restorer.push(t.text()));
                            if (cancelled.get()) {
                                stream.stop();
                                permit.abandoned();
                                return new Cancelled();
                            }
                        }
                        case Thinking t
                        when t.attempt() == attempt && !cancelled.get() -> {
                            String thinking = redaction == null ? t.text() : redaction.restore(t.text());
                            callSink(() -> sink.onThinking(thinking));
                        }
                        case ToolCallPiece p
                        when p.attempt() == attempt && redaction == null && !cancelled.get() ->
                            callSink(() -> sink.onPartialToolCall(p.call()));
                        case ToolCallDone d
                        when d.attempt() == attempt && redaction == null && !cancelled.get() ->
                            callSink(() -> sink.onCompleteToolCall(d.call()));
                        case Done d
                        when d.attempt() == attempt -> {
                            String text = d.response().aiMessage() == null
                                    ? null
                                    : d.response().aiMessage().text();
                            if (!gotText && text != null && !text.isEmpty()) {
                                // A tier that does not stream hands over the whole answer at the end.
                                deliver(restorer.push(text));
                            }
                            deliver(restorer.flush());
                            permit.succeeded();
                            return cancelled.get() ? new Cancelled() : new Succeeded(d.response());
                        }
                        case Failed f
                        when f.attempt() == attempt -> {
                            return fail(
                                    permit,
                                    TierErrors.translate(tier.name(), f.error()),
                                    gotText,
                                    restorer,
                                    TierResilience.isClassified(f.error()));
                        }
                        default -> {
                            // A signal of an earlier, abandoned attempt.
                        }
                    }
                }
            } catch (RuntimeException e) {
                stream.stop();
                return fail(
                        permit,
                        TierErrors.translate(tier.name(), e),
                        gotText,
                        restorer,
                        TierResilience.isClassified(e));
            }
        }

        private Result fail(
                TierResilience.Permit permit,
                TierException failure,
                boolean gotText,
                StreamRestorer restorer,
                boolean retryable) {
            permit.failed(failure);
            // Text held back for a possible placeholder is real text of the answer: deliver it.
            deliver(restorer.flush());
            return cancelled.get() ? new Cancelled() : new FailedTry(failure, gotText, retryable);
        }

        private void deliver(String text) {
            if (text.isEmpty() || cancelled.get()) {
                return;
            }
            delivered.append(text);
            callSink(() -> sink.onText(text, this));
        }

        /**
         * Calls the caller's handler; if it throws, the stream is cancelled and the handler's exception is
         * its one terminal callback ({@code onError}).
         */
        private void callSink(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn(
                        "The streaming handler of request {} threw {}; the stream is cancelled",
                        request.id(),
                        e.getClass().getName());
                boolean first = !cancelled.get();
                cancel();
                if (first) {
                    sink.onError(e);
                }
            }
        }

        private Optional<Failure> reasonToSkip(Tier tier) {
            if (tier.isRemote() && !decision.remoteAllowed()) {
                return Optional.of(new Failure(
                        "RemoteNotAllowed", "the decision keeps this request local; remote tier not called", false));
            }
            if (!delivered.isEmpty() && onPartialFailure == PartialStreamFailure.ERROR) {
                return Optional.of(new Failure("PartialAnswer", "an answer was already streamed", false));
            }
            Optional<Instant> deadline = request.caller().deadline();
            if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
                return Optional.of(
                        new Failure("DeadlineExceeded", "the caller's deadline passed before this tier", false));
            }
            return Optional.empty();
        }

        private void announceFallback(String next) {
            if (attempts.isEmpty()) {
                return;
            }
            Attempt previous = attempts.get(attempts.size() - 1);
            if (previous.status() == AttemptStatus.FAILED) {
                String failureType = previous.failure().map(Failure::type).orElse("unknown");
                listeners.dispatch(
                        new FallbackEvent(request.id(), clock.instant(), previous.tier(), next, failureType));
            }
        }

        private void announceRedaction(String tier) {
            Map<EntityType, Integer> counts = new TreeMap<>();
            assessment.privacy().findings().stream()
                    .filter(finding -> decision.redaction().covers(finding.type()))
                    .forEach(finding -> counts.merge(finding.type(), 1, Integer::sum));
            if (!counts.isEmpty()) {
                listeners.dispatch(new RedactionEvent(request.id(), clock.instant(), tier, counts));
            }
        }

        private void record(Attempt attempt) {
            attempts.add(attempt);
            listeners.dispatch(new AttemptEvent(request.id(), clock.instant(), attempt));
        }

        /** One tier call of the stream: its handler feeds the signal queue, {@link #stop} cancels it. */
        private final class TierStream implements StreamingChatResponseHandler {
            private final int attempt;
            private volatile @Nullable StreamingHandle handle;
            private volatile @Nullable Thread blockingCall;
            private volatile boolean stopped;

            TierStream(int attempt) {
                this.attempt = attempt;
            }

            void start(Tier tier, ChatRequest toSend) {
                ChatModel blocking = tier.chatModel();
                if (blocking instanceof OpenAiCompatibleChatModel remote) {
                    handle = remote.stream(toSend, this);
                } else if (blocking instanceof StreamingChatModel streaming) {
                    streaming.chat(toSend, this);
                } else {
                    blockingCall = Thread.ofVirtual().start(() -> {
                        try {
                            onCompleteResponse(blocking.chat(toSend));
                        } catch (RuntimeException e) {
                            onError(e);
                        }
                    });
                }
            }

            void stop() {
                stopped = true;
                StreamingHandle current = handle;
                if (current != null) {
                    current.cancel();
                }
                Thread call = blockingCall;
                if (call != null) {
                    call.interrupt();
                }
            }

            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handle = context.streamingHandle();
                if (stopped) {
                    // Stopped before the tier offered a handle: cancel now.
                    context.streamingHandle().cancel();
                    return;
                }
                signals.add(new Token(attempt, partial.text()));
            }

            @Override
            public void onPartialResponse(String partial) {
                if (!stopped && !partial.isEmpty()) {
                    signals.add(new Token(attempt, partial));
                }
            }

            @Override
            public void onPartialThinking(PartialThinking partialThinking) {
                if (!stopped) {
                    signals.add(new Thinking(attempt, partialThinking.text()));
                }
            }

            @Override
            public void onPartialToolCall(PartialToolCall partialToolCall) {
                if (!stopped) {
                    signals.add(new ToolCallPiece(attempt, partialToolCall));
                }
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall completeToolCall) {
                if (!stopped) {
                    signals.add(new ToolCallDone(attempt, completeToolCall));
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                signals.add(new Done(attempt, response));
            }

            @Override
            public void onError(Throwable error) {
                signals.add(new Failed(
                        attempt, error == null ? new TierUnavailableException("unknown", "no cause", null) : error));
            }
        }
    }

    private static TokenCounts tokensOf(@Nullable TokenUsage usage) {
        if (usage == null) {
            return TokenCounts.none();
        }
        return new TokenCounts(
                usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    }

    private static String modelNameOf(ChatResponse response, Tier tier) {
        String reported = response.modelName();
        return reported == null || reported.isBlank() ? tier.modelName() : reported;
    }
}
