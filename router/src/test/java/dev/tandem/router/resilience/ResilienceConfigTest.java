package dev.tandem.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.tier.Locality;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void remoteDefaultsRetryAndBreakButDoNotQueue() {
        ResilienceConfig remote = ResilienceConfig.ofDefaults();

        assertThat(remote.maxAttempts()).isEqualTo(3);
        assertThat(remote.circuitBreaker()).isTrue();
        assertThat(remote.maxConcurrentCalls()).isZero();
        assertThat(remote.totalTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ResilienceConfig.defaultsFor(Locality.REMOTE)).isSameAs(remote);
    }

    @Test
    void localDefaultsRunOneGenerationAtATimeWithABoundedQueue() {
        ResilienceConfig local = ResilienceConfig.localDefaults();

        assertThat(local.maxAttempts()).isEqualTo(1);
        assertThat(local.circuitBreaker()).isFalse();
        assertThat(local.maxConcurrentCalls()).isEqualTo(1);
        assertThat(local.maxQueuedCalls()).isEqualTo(16);
        assertThat(local.queueTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fromCopiesEverySettingOfItsBase() {
        ResilienceConfig base =
                ResilienceConfig.custom().maxAttempts(5).tokensPerMinute(9_000).build();

        ResilienceConfig copy = ResilienceConfig.from(base).build();

        assertThat(copy.toString()).isEqualTo(base.toString());
    }

    @Test
    void rejectsMaxAttemptsOutOfRange() {
        assertThatThrownBy(() -> ResilienceConfig.custom().maxAttempts(0))
                .hasMessage("maxAttempts must be between 1 and 10, was 0");
    }

    @Test
    void rejectsJitterOutOfRange() {
        assertThatThrownBy(() -> ResilienceConfig.custom().jitter(1.5))
                .hasMessage("jitter must be between 0.0 and 1.0, was 1.5");
    }

    @Test
    void rejectsAZeroTimeout() {
        assertThatThrownBy(() -> ResilienceConfig.custom().totalTimeout(Duration.ZERO))
                .hasMessage("totalTimeout must be between 1 ms and 24 h, was PT0S");
    }

    @Test
    void rejectsANegativeRateLimit() {
        assertThatThrownBy(() -> ResilienceConfig.custom().requestsPerMinute(-1))
                .hasMessage("requestsPerMinute must be between 0 and 1000000000, was -1");
    }

    @Test
    void rejectsAFirstTokenTimeoutLongerThanTheTotal() {
        assertThatThrownBy(() -> ResilienceConfig.custom()
                        .totalTimeout(Duration.ofSeconds(5))
                        .firstTokenTimeout(Duration.ofSeconds(10))
                        .build())
                .hasMessage("firstTokenTimeout (PT10S) must not be longer than totalTimeout (PT5S)");
    }

    @Test
    void rejectsAMaxBackoffShorterThanTheInitialOne() {
        assertThatThrownBy(() -> ResilienceConfig.custom()
                        .initialBackoff(Duration.ofSeconds(2))
                        .maxBackoff(Duration.ofSeconds(1))
                        .build())
                .hasMessage("maxBackoff (PT1S) must not be shorter than initialBackoff (PT2S)");
    }
}
