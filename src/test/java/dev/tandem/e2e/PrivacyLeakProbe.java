package dev.tandem.e2e;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.metrics.TandemMetrics;
import dev.tandem.router.redact.Redactor;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs the router over generated texts in its own JVM, with slf4j-simple at debug on stderr, and
 * prints to stdout every string the router produces about those requests: toString of events,
 * assessments, decisions, outcomes and redactions, exception messages, and every meter. The test
 * that starts it checks that no detected value appears in either stream.
 */
public final class PrivacyLeakProbe {

    static final int TEXTS = 40;
    static final long SEED = 11;
    static final List<String> EXTRA = List.of(
            "Write to jane.doe@example.com or call +1 650 253 0000 about Mr. John Smith's account.",
            "Dr. Marie Dubois lives at 12 Rue de Rivoli, her IBAN is FR7630006000011234567890189.");

    private PrivacyLeakProbe() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        Policy everythingRemote = PolicyLoader.parse("""
                name: everything-remote
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                assessment:
                  privacy:
                    redaction: {CREDIT_CARD: mask, IBAN: hash, PERSON: pseudonym}
                default:
                  redact-then-remote: {tier: remote}
                """, "everything-remote.yaml");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TandemListener printer = new EventPrinter(out);
        try (OpenAiStub remote = new OpenAiStub()) {
            remote.answers("Noted <EMAIL_1>, <PERSON_1> and <CREDIT_CARD_1>.");
            TandemRouter router = router(everythingRemote, remote, new InstantLocalModel(), registry, printer);
            for (String prompt : prompts()) {
                ChatResponse response = router.chat(UserMessage.from(prompt));
                TandemResponseMetadata routing = TandemResponseMetadata.from(response);
                out.println("METADATA " + routing);
                out.println("ASSESSMENT " + routing.assessment());
                out.println("DECISION " + routing.decision());
                out.println("OUTCOME " + routing.outcome());
                ChatRequest request =
                        ChatRequest.builder().messages(UserMessage.from(prompt)).build();
                var findings = routing.assessment().privacy().findings();
                out.println("REDACTION "
                        + Redactor.redact(request, findings, routing.decision().redaction()));
                out.println("REDACTION "
                        + Redactor.redact(
                                request,
                                findings,
                                RedactionPlan.of(routing.assessment().privacy().types())));
                out.println("SCAN " + PrivacyScanners.defaults().scan(prompt));
            }

            remote.fails(500);
            ChatModel brokenLocal = new ChatModel() {
                @Override
                public ChatResponse doChat(ChatRequest request) {
                    throw new IllegalStateException("local engine crashed");
                }
            };
            TandemRouter failing = router(everythingRemote, remote, brokenLocal, registry, printer);
            TandemRouter privacyFirst =
                    router(PolicyLoader.preset("privacy-first"), remote, brokenLocal, registry, printer);
            TandemRouter blocking = TandemRouter.builder()
                    .policy(PolicyLoader.parse(
                            "name: r\ntiers: {remote: {locality: remote}}\ndefault: {route: {tier: remote}}\n",
                            "r.yaml"))
                    .tier(Tier.remote("remote", remoteModel(remote)).build())
                    .redaction(EntityType.CREDIT_CARD, RedactionMethod.BLOCK)
                    .redaction(EntityType.of("IBAN"), RedactionMethod.BLOCK)
                    .redaction(EntityType.of("US_SSN"), RedactionMethod.BLOCK)
                    .redaction(EntityType.of("SECRET"), RedactionMethod.BLOCK)
                    .build();
            for (String prompt : prompts()) {
                for (TandemRouter each : List.of(failing, privacyFirst, blocking)) {
                    try {
                        each.chat(UserMessage.from(prompt));
                    } catch (RuntimeException e) {
                        printThrowable(out, e);
                    }
                }
            }
        }
        for (Meter meter : registry.getMeters()) {
            StringBuilder line = new StringBuilder("METER " + meter.getId());
            for (Measurement measurement : meter.measure()) {
                line.append(' ').append(measurement);
            }
            out.println(line);
        }
        out.println("PROBE DONE");
    }

    static List<String> prompts() {
        List<String> prompts = new java.util.ArrayList<>(EXTRA);
        RestrictedTexts.generate(TEXTS, SEED).forEach(text -> prompts.add(text.prompt()));
        return prompts;
    }

    private static void printThrowable(PrintStream out, Throwable e) {
        out.println("EXCEPTION " + e + " MESSAGE " + e.getMessage());
        for (Throwable suppressed : e.getSuppressed()) {
            printThrowable(out, suppressed);
        }
        if (e.getCause() != null && e.getCause() != e) {
            printThrowable(out, e.getCause());
        }
    }

    private static OpenAiCompatibleChatModel remoteModel(OpenAiStub remote) {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl(remote.baseUrl())
                .apiKey(OpenAiStub.API_KEY)
                .modelName(OpenAiStub.MODEL)
                .build();
    }

    private static TandemRouter router(
            Policy policy, OpenAiStub remote, ChatModel local, SimpleMeterRegistry registry, TandemListener printer) {
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", local).build())
                .tier(Tier.remote("remote", remoteModel(remote)).build())
                .listener(TandemMetrics.of(registry))
                .listener(printer)
                .build();
    }

    /** Prints every event's {@code toString}. */
    private record EventPrinter(PrintStream out) implements TandemListener {
        @Override
        public void onDecision(DecisionEvent event) {
            out.println("EVENT " + event);
        }

        @Override
        public void onAttempt(AttemptEvent event) {
            out.println("EVENT " + event);
        }

        @Override
        public void onCompleted(CompletedEvent event) {
            out.println("EVENT " + event);
        }

        @Override
        public void onFailed(FailedEvent event) {
            out.println("EVENT " + event);
        }

        @Override
        public void onRedaction(RedactionEvent event) {
            out.println("EVENT " + event);
        }

        @Override
        public void onFallback(FallbackEvent event) {
            out.println("EVENT " + event);
        }
    }
}
