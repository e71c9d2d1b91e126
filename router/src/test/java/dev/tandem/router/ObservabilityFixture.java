package dev.tandem.router;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.assess.MessageText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A router for observability tests: every request goes remote first with a local fallback, so that
 * redaction, fallback and failure all happen with real stages. The remote tier fails (not retriably) when
 * the prompt says {@code FAIL}; the local tier fails when it says {@code BOTH}. Each answers 10 tokens in, 5 out.
 */
public final class ObservabilityFixture {

    public static final String EMAIL = "jane.doe@example.com";
    public static final String CARD = "4111 1111 1111 1111";
    public static final String PERSONAL_PROMPT = "Mail " + EMAIL + " that card " + CARD + " was charged twice.";

    static final String POLICY = """
            name: observability-test
            tiers:
              local: { locality: local }
              remote: { locality: remote }
            rules:
              - name: everything-remote
                when: { difficulty-at-least: 0.0 }
                route: { tier: remote, fallback: [local] }
            default:
              route: { tier: local }
            """;

    /** Everything the remote tier was sent, to search for values that must not be there. */
    public final List<String> remoteReceived = new CopyOnWriteArrayList<>();

    public final StepClock clock = new StepClock();

    public TandemRouter router(TandemListener... listeners) {
        return router(PolicyLoader.parse(POLICY, "observability-test.yaml"), listeners);
    }

    /** The same two tiers under another policy, which must declare tiers {@code local} and {@code remote}. */
    public TandemRouter router(Policy policy, TandemListener... listeners) {
        return router(() -> policy, listeners);
    }

    /** The same two tiers under the policy {@code source} gives at each request (as a watcher would). */
    public TandemRouter router(Supplier<Policy> source, TandemListener... listeners) {
        TandemRouter.Builder builder = TandemRouter.builder()
                .policySource(source)
                .clock(clock)
                .tier(Tier.local("local", model("tiny-local", "BOTH", null)).build())
                .tier(Tier.remote("remote", model("big-remote", "FAIL", remoteReceived))
                        .build());
        for (TandemListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    public static TandemRequest request(String id, String prompt) {
        return request(id, prompt, CallerMetadata.none());
    }

    public static TandemRequest request(String id, String prompt, CallerMetadata caller) {
        return new TandemRequest(
                id, ChatRequest.builder().messages(UserMessage.from(prompt)).build(), caller);
    }

    private static ChatModel model(String name, String failWord, List<String> received) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String text =
                        MessageText.of(request.messages().get(request.messages().size() - 1));
                if (received != null) {
                    received.add(text);
                }
                if (text.contains(failWord)) {
                    // Not retriable, so that each failure is one attempt whatever the retry settings are.
                    throw new AuthenticationException(name + " refused the key");
                }
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(name + " answer"))
                        .modelName(name)
                        .tokenUsage(new TokenUsage(10, 5))
                        .build();
            }
        };
    }

    /** A clock that moves 10 ms forward each time it is read, so latencies are known and non-zero. */
    public static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T09:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofMillis(10));
            return now;
        }

        public synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
