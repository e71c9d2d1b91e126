package dev.tandem.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void readsDeltaSeconds() {
        Duration wait = RetryAfter.parse(" 120 ", NOW);

        assertThat(wait).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void readsHttpDateRelativeToTheClock() {
        Duration wait = RetryAfter.parse("Wed, 21 Oct 2015 07:30:30 GMT", NOW);

        assertThat(wait).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void treatsHttpDateInThePastAsNoWait() {
        Duration wait = RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW);

        assertThat(wait).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "soon", "-5", "1.5", "99999999999999999999999"})
    void ignoresMissingOrUnreadableValues(String header) {
        Duration wait = RetryAfter.parse(header, NOW);

        assertThat(wait).isNull();
    }
}
