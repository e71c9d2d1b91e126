package dev.tandem.router;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.policy.TierDeclaration;
import dev.tandem.router.assess.Assessor;
import dev.tandem.router.decide.PolicyDecider;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import dev.tandem.router.execute.Executor;
import dev.tandem.router.internal.ListenerDispatcher;
import dev.tandem.router.privacy.PatternPrivacyScanner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class TandemRouter implements ChatModel {

    private static final Logger LOG = LoggerFactory.getLogger(TandemRouter.class);

    private final Policy policy;
    private final Map<String, Tier> tiers;
    private final Assessor assessor;
    private final PolicyDecider decider;
    private final Executor executor;
    private final ListenerDispatcher listeners;
    private final Clock clock;

    private TandemRouter(Builder builder) {
        this.policy = builder.policy;
        this.tiers = Map.copyOf(builder.tiers);
        this.clock = builder.clock;
        this.listeners = new ListenerDispatcher(builder.listeners);
        this.assessor = new Assessor(builder.privacyScanner, builder.difficultyEstimator);
        this.decider = new PolicyDecider(policy, tiers);
        this.executor = new Executor(tiers, clock, listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Routes one request with its caller metadata. */
    public ChatResponse chat(TandemRequest request) {
        Assessment assessment;
        Decision decision;
        try {
            assessment = assessor.assess(request);
            decision = decider.decide(assessment);
        } catch (TandemException e) {
            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), e));
            throw e;
        }
        listeners.dispatch(new DecisionEvent(request.id(), clock.instant(), assessment, decision));
        LOG.debug(
                "Request {} goes to {} ({} reasons)",
                request.id(),
                decision.tier(),
                decision.reasons().size());
        try {
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
            listeners.dispatch(new CompletedEvent(request.id(), clock.instant(), decision, execution.outcome()));
            return ChatResponse.builder()
                    .aiMessage(answer.aiMessage())
                    .metadata(metadata)
                    .build();
        } catch (TandemException e) {
            listeners.dispatch(new FailedEvent(request.id(), clock.instant(), e));
            throw e;
        }
    }

    /** Routes a LangChain4j request with no caller metadata. */
    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return chat(TandemRequest.of(chatRequest, CallerMetadata.none()));
    }

    /** A {@code ChatModel} view of this router that attaches {@code caller} to every request. */
    public ChatModel forCaller(CallerMetadata caller) {
        requireNonNull(caller, "caller");
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest chatRequest) {
                return TandemRouter.this.chat(TandemRequest.of(chatRequest, caller));
            }
        };
    }

    /** The assessment and decision for a request, without calling any tier: a dry run. */
    public Plan plan(TandemRequest request) {
        Assessment assessment = assessor.assess(request);
        return new Plan(assessment, decider.decide(assessment));
    }

    /** What {@link #plan(TandemRequest)} returns. */
    public record Plan(Assessment assessment, Decision decision) {}

    public Policy policy() {
        return policy;
    }

    /** The configured tiers by name. */
    public Map<String, Tier> tiers() {
        return tiers;
    }

    /** True when the policy declares a remote tier that is not configured, so its requests stay local. */
    public boolean isOffline() {
        return policy.tiers().values().stream()
                .anyMatch(declared -> declared.locality() == Locality.REMOTE && !tiers.containsKey(declared.name()));
    }

    @Override
    public String toString() {
        return "TandemRouter[policy=" + policy.name() + ", tiers=" + tiers.values() + "]";
    }

    /**
     * Builds a {@link TandemRouter}. Defaults: the {@code privacy-first} preset, the pattern privacy
     * scanner, the heuristic difficulty estimator, the system clock, no listeners. At least the local
     * tiers the policy declares must be added; remote ones are optional (offline mode).
     */
    public static final class Builder {
        private Policy policy = PolicyLoader.preset(PolicyLoader.DEFAULT_PRESET);
        private final Map<String, Tier> tiers = new LinkedHashMap<>();
        private PrivacyScanner privacyScanner = new PatternPrivacyScanner();
        private DifficultyEstimator difficultyEstimator = new HeuristicDifficultyEstimator();
        private final List<TandemListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder policy(Policy policy) {
            this.policy = requireNonNull(policy, "policy");
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

        public Builder privacyScanner(PrivacyScanner scanner) {
            this.privacyScanner = requireNonNull(scanner, "scanner");
            return this;
        }

        public Builder difficultyEstimator(DifficultyEstimator estimator) {
            this.difficultyEstimator = requireNonNull(estimator, "estimator");
            return this;
        }

        public Builder listener(TandemListener listener) {
            listeners.add(requireNonNull(listener, "listener"));
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
