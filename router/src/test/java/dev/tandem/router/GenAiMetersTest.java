package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierUnavailableException;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.metrics.GenAiMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The router's ChatModelListeners: routing in the attributes, and the gen_ai.* meters recorded from them. */
class GenAiMetersTest {

    private static final Policy KEEP_LOCAL = PolicyLoader.parse("""
            name: keep-local
            tiers:
              local: {locality: local}
            rules: []
            default:
              keep-local: {}
            """, "keep-local.yaml");

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void listenersSeeTheServingTierInTheAttributesAndMetersAreTaggedWithIt() {
        List<String> heard = new CopyOnWriteArrayList<>();
        ChatModelListener spy = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                heard.add("request, tier known: " + context.attributes().containsKey(RoutingAttributes.TIER));
                clock.add(Duration.ofMillis(250));
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                heard.add("response from " + context.attributes().get(RoutingAttributes.TIER) + " "
                        + context.attributes().get(RoutingAttributes.LOCALITY) + " "
                        + context.attributes().get(RoutingAttributes.MODEL));
            }
        };
        TandemRouter router = TandemRouter.builder()
                .policy(KEEP_LOCAL)
                .tier(Tier.local("local", FakeChatModel.answering("tiny", "hello"))
                        .features(Set.of())
                        .build())
                .chatModelListener(GenAiMeters.of(registry))
                .chatModelListener(spy)
                .build();

        router.chat(UserMessage.from("hi"));

        assertThat(heard).containsExactly("request, tier known: false", "response from local local tiny");
        Timer duration = registry.get(GenAiMeters.OPERATION_DURATION)
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "tandem")
                .tag("gen_ai.request.model", "none")
                .tag("gen_ai.response.model", "tiny")
                .tag("tandem.tier", "local")
                .tag("error.type", "none")
                .timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        DistributionSummary input = registry.get(GenAiMeters.TOKEN_USAGE)
                .tag("gen_ai.token.type", "input")
                .tag("tandem.tier", "local")
                .summary();
        DistributionSummary output = registry.get(GenAiMeters.TOKEN_USAGE)
                .tag("gen_ai.token.type", "output")
                .summary();
        assertThat(input.totalAmount()).isGreaterThan(0);
        assertThat(output.totalAmount()).isEqualTo(5);
    }

    @Test
    void aFailedRequestIsTimedWithItsErrorTypeAndTheFailingTier() {
        List<Object> tiers = new CopyOnWriteArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .policy(KEEP_LOCAL)
                .tier(Tier.local(
                                "local",
                                FakeChatModel.failing(
                                        "tiny", new TierUnavailableException("local", "engine down", null)))
                        .features(Set.of())
                        .build())
                .chatModelListener(
                        GenAiMeters.builder(registry).providerName("jlama").build())
                .chatModelListener(new ChatModelListener() {
                    @Override
                    public void onError(ChatModelErrorContext context) {
                        tiers.add(context.attributes().get(RoutingAttributes.TIER));
                    }
                })
                .build();

        assertThatThrownBy(() -> router.chat(UserMessage.from("hi"))).isInstanceOf(TandemException.class);

        Timer failed = registry.get(GenAiMeters.OPERATION_DURATION)
                .tag("gen_ai.provider.name", "jlama")
                .timer();
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.getId().getTag("error.type")).isNotEqualTo("none");
        assertThat(registry.find(GenAiMeters.TOKEN_USAGE).meters()).isEmpty();
        assertThat(tiers).containsExactly("local");
        assertThat(failed.getId().getTag("tandem.tier")).isEqualTo("local");
    }

    @Test
    void aProviderNameMustBeLowerCase() {
        assertThatThrownBy(() -> GenAiMeters.builder(registry).providerName("Jlama"))
                .hasMessage("providerName 'Jlama' must be lower case, like openai or jlama");
    }
}
