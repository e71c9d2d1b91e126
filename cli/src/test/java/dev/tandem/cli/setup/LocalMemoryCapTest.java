package dev.tandem.cli.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code TANDEM_LOCAL_MEMORY_CAP}: the sizes it takes and the message for one it does not. */
class LocalMemoryCapTest {

    @Test
    void readsBytesAndBinaryUnits() {
        assertThat(RouterSetup.memoryCap("1073741824")).isEqualTo(1L << 30);
        assertThat(RouterSetup.memoryCap("2g")).isEqualTo(2L << 30);
        assertThat(RouterSetup.memoryCap("1536M")).isEqualTo(1536L << 20);
        assertThat(RouterSetup.memoryCap(" 512k ")).isEqualTo(512L << 10);
    }

    @Test
    void anythingElseIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> RouterSetup.memoryCap("2 GB"))
                .hasMessage(
                        "TANDEM_LOCAL_MEMORY_CAP must be a size such as 2g, 1536m or 1073741824 (bytes), was '2 GB'");
        assertThatThrownBy(() -> RouterSetup.memoryCap("0")).hasMessageContaining("was '0'");
    }
}
