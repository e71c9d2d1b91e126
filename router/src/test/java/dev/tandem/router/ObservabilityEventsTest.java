package dev.tandem.router;

import static dev.tandem.router.ObservabilityFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.event.AttemptEvent;
import dev.tandem.core.event.CompletedEvent;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.EscalationEvent;
import dev.tandem.core.event.FailedEvent;
import dev.tandem.core.event.FallbackEvent;
import dev.tandem.core.event.RedactionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObservabilityEventsTest {

    private final ObservabilityFixture fixture = new ObservabilityFixture();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final TandemListener recorder = new TandemListener() {
        @Override
        public void onDecision(DecisionEvent event) {
            events.add(event);
        }

        @Override
        public void onAttempt(AttemptEvent event) {
            events.add(event);
        }

        @Override
        public void onCompleted(CompletedEvent event) {
            events.add(event);
        }

        @Override
        public void onFailed(FailedEvent event) {
            events.add(event);
        }

        @Override
        public void onRedaction(RedactionEvent event) {
            events.add(event);
        }

        @Override
        public void onFallback(FallbackEvent event) {
            events.add(event);
        }

        @Override
        public void onEscalation(EscalationEvent event) {
            events.add(event);
        }
    };

    @Test
    void emitsDecisionRedactionAttemptFallbackAttemptCompletedInThatOrder() {
        TandemRouter router = fixture.router(recorder);

        router.chat(request("r1", "FAIL now. " + ObservabilityFixture.PERSONAL_PROMPT));

        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly(
                        "DecisionEvent",
                        "RedactionEvent",
                        "AttemptEvent",
                        "FallbackEvent",
                        "AttemptEvent",
                        "CompletedEvent");
        RedactionEvent redaction = (RedactionEvent) events.get(1);
        assertThat(redaction.tier()).isEqualTo("remote");
        assertThat(redaction.counts()).containsEntry(EntityType.EMAIL, 1).containsEntry(EntityType.CREDIT_CARD, 1);
        assertThat(redaction.total()).isEqualTo(2);
        FallbackEvent fallback = (FallbackEvent) events.get(3);
        assertThat(fallback.fromTier()).isEqualTo("remote");
        assertThat(fallback.toTier()).isEqualTo("local");
        assertThat(fallback.failureType()).isEqualTo("TierAuthenticationException");
        assertThat(((AttemptEvent) events.get(2)).attempt().redacted()).isTrue();
        assertThat(((AttemptEvent) events.get(4)).attempt().tier()).isEqualTo("local");
        assertThat(events)
                .allSatisfy(event -> assertThat(event.toString())
                        .doesNotContain(ObservabilityFixture.EMAIL)
                        .doesNotContain(ObservabilityFixture.CARD));
        assertThat(fixture.remoteReceived).hasSize(1).noneMatch(text -> text.contains(ObservabilityFixture.EMAIL));
    }

    @Test
    void anAnswerWithoutTroubleHasNoRedactionOrFallbackEvents() {
        TandemRouter router = fixture.router(recorder);

        router.chat(request("r2", "hello"));

        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("DecisionEvent", "AttemptEvent", "CompletedEvent");
    }

    @Test
    void whenEveryTierFailsTheFallbackComesBetweenTheAttemptsAndFailedEndsTheRequest() {
        TandemRouter router = fixture.router(recorder);

        assertThatThrownBy(() -> router.chat(request("r3", "FAIL BOTH"))).isInstanceOf(NoRouteAvailableException.class);

        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("DecisionEvent", "AttemptEvent", "FallbackEvent", "AttemptEvent", "FailedEvent");
    }

    @Test
    void logsEachDecisionAtInfoWithRuleNamesAndCountsButNoValues() {
        TandemRouter router = fixture.router();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            router.chat(request("logged-1", ObservabilityFixture.PERSONAL_PROMPT, tenant("acme")));
        } finally {
            System.setErr(original);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log)
                .contains("INFO dev.tandem.decisions")
                .contains("request logged-1 tenant=acme target=remote route=remote remote_allowed=true")
                .contains("rules=[everything-remote, redact-before-remote]")
                .contains("EMAIL=1")
                .doesNotContain(ObservabilityFixture.EMAIL)
                .doesNotContain(ObservabilityFixture.CARD)
                .doesNotContain("charged twice");
    }

    private static dev.tandem.core.request.CallerMetadata tenant(String tenant) {
        return dev.tandem.core.request.CallerMetadata.builder().tenant(tenant).build();
    }
}
