package dev.tandem.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    private static final String KEY = "sk-live-acme-123";

    @TempDir
    Path folder;

    @Test
    void mapsAKeyToItsTenantByItsHashOnly() throws Exception {
        Path file = Files.writeString(
                folder.resolve("keys.txt"), "# comment\n\nacme  " + ApiKeys.sha256(KEY) + "  # ops\n");

        ApiKeys keys = ApiKeys.load(file);

        assertThat(keys.tenantOf(KEY)).contains("acme");
        assertThat(keys.tenantOf("sk-other")).isEmpty();
        assertThat(keys.required()).isTrue();
        assertThat(keys.toString()).isEqualTo("ApiKeys[1 keys, hashed]");
    }

    @Test
    void aKeyPastedInsteadOfItsHashIsRejectedWithoutQuotingIt() throws Exception {
        Path file = Files.writeString(folder.resolve("keys.txt"), "acme " + KEY + "\n");

        assertThatThrownBy(() -> ApiKeys.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":1:6: the hash must be 64 lower-case hex digits (the SHA-256 of the key, printf %s"
                        + " \"$KEY\" | sha256sum), not the key itself")
                .message()
                .doesNotContain(KEY);
    }

    @Test
    void aLineWithoutTwoFieldsIsRejectedWithItsPlace() throws Exception {
        Path file = Files.writeString(folder.resolve("keys.txt"), "acme " + ApiKeys.sha256(KEY) + "\n  lonely\n");

        assertThatThrownBy(() -> ApiKeys.load(file))
                .hasMessage(file + ":2:3: expected 'TENANT SHA256-HEX', got 1 field(s)");
    }

    @Test
    void aBadTenantNameIsRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("keys.txt"), "ac/me " + ApiKeys.sha256(KEY) + "\n");

        assertThatThrownBy(() -> ApiKeys.load(file))
                .hasMessage(file + ":1:1: tenant 'ac/me' must match [A-Za-z0-9][A-Za-z0-9._-]*");
    }

    @Test
    void theSameHashTwiceIsRejected() throws Exception {
        String hash = ApiKeys.sha256(KEY);
        Path file = Files.writeString(folder.resolve("keys.txt"), "acme " + hash + "\nglobex " + hash + "\n");

        assertThatThrownBy(() -> ApiKeys.load(file))
                .hasMessage(file + ":2:8: this hash is already listed for tenant acme");
    }

    @Test
    void aFileWithoutKeysIsRejected() throws Exception {
        Path file = Files.writeString(folder.resolve("keys.txt"), "# nothing yet\n");

        assertThatThrownBy(() -> ApiKeys.load(file))
                .hasMessage(file + ": holds no keys; add a line 'TENANT SHA256-HEX'");
    }
}
