package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void defaultsListenOnLoopbackWithBoundedRequests() {
        GatewayConfig config = GatewayConfig.ofDefaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.loopbackOnly()).isTrue();
        assertThat(config.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(config.maxConcurrentRequests()).isEqualTo(64);
        assertThat(config.strict()).isFalse();
    }

    @Test
    void eachSettingRejectsAValueOutOfRangeQuotingIt() {
        GatewayConfig.Builder builder = GatewayConfig.custom();

        assertThatThrownBy(() -> builder.port(70_000))
                .hasMessage("port must be in 0..65535 (0 picks a free one), got 70000");
        assertThatThrownBy(() -> builder.maxBodyBytes(10)).hasMessage("maxBodyBytes must be at least 1024, got 10");
        assertThatThrownBy(() -> builder.maxHeaderBytes(10)).hasMessage("maxHeaderBytes must be at least 1024, got 10");
        assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> builder.maxConcurrentRequests(0))
                .hasMessage("maxConcurrentRequests must be at least 1, got 0");
        assertThatThrownBy(() -> builder.shutdownGrace(Duration.ofSeconds(-1)))
                .hasMessage("shutdownGrace must not be negative, got PT-1S");
        assertThatThrownBy(() -> builder.host(" ")).hasMessage("host must not be blank; use 127.0.0.1 or 0.0.0.0");
    }

    @Test
    void anAddressBeyondLoopbackIsNotLoopbackOnly() {
        assertThat(GatewayConfig.custom().host("0.0.0.0").build().loopbackOnly())
                .isFalse();
    }
}
