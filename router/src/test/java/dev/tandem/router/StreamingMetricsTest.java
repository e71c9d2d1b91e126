package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.event.FirstTokenEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A streamed request reports its time to first token, as an event and as a per-tier timer. */
class StreamingMetricsTest {

    @Test
    void aStreamedAnswerRecordsItsTimeToFirstToken() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<FirstTokenEvent> firstTokens = new CopyOnWriteArrayList<>();
        TandemRouter router = TandemRouter.builder()
                .tier(Tier.local("local", FakeStreamingModel.answering("tiny", "Hello", " there"))
                        .build())
                .listener(TandemMetrics.builder(registry).build())
                .listener(new TandemListener() {
                    @Override
                    public void onFirstToken(FirstTokenEvent event) {
                        firstTokens.add(event);
                    }
                })
                .build();
        RecordingStreamHandler handler = new RecordingStreamHandler();

        router.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), handler);
        handler.await();

        assertThat(firstTokens).singleElement().satisfies(event -> {
            assertThat(event.tier()).isEqualTo("local");
            assertThat(event.latency()).isPositive();
        });
        Timer timer = registry.find(TandemMetrics.TIME_TO_FIRST_TOKEN)
                .tag("tier", "local")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
    }
}
