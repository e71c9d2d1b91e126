package dev.tandem.router.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamRestorerTest {

    @Test
    void holdsBackOnlyATailThatCanStillBecomeAPlaceholder() {
        assertThat(StreamRestorer.keepFrom("Hello <EMA")).isEqualTo(6);
        assertThat(StreamRestorer.keepFrom("Hello <")).isEqualTo(6);
        assertThat(StreamRestorer.keepFrom("Hello <EMAIL_1>")).isEqualTo(15);
        assertThat(StreamRestorer.keepFrom("a < b")).isEqualTo(5);
        assertThat(StreamRestorer.keepFrom("<email_")).isZero();
        assertThat(StreamRestorer.keepFrom("<html>")).isEqualTo(6);
        assertThat(StreamRestorer.keepFrom("no tag")).isEqualTo(6);
    }

    @Test
    void releasesALongTailThatCannotBeAPlaceholder() {
        String tail = "<" + "A".repeat(StreamRestorer.MAX_HELD);

        assertThat(StreamRestorer.keepFrom(tail)).isEqualTo(tail.length());
    }

    @Test
    void passesChunksThroughUnchangedWithoutARedaction() {
        StreamRestorer restorer = new StreamRestorer(null);

        assertThat(restorer.push("<EMA")).isEqualTo("<EMA");
        assertThat(restorer.flush()).isEmpty();
    }
}
