package dev.tandem.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void hidesUserInfoQueryAndFragmentEvenInTextThatIsNotAValidUrl() {
        assertThat(Urls.withoutSecrets("https://bob:hunter2@example.com/v1")).isEqualTo("https://***@example.com/v1");
        assertThat(Urls.withoutSecrets("https://example.com/v1?api_key=sk-123#x"))
                .isEqualTo("https://example.com/v1?***");
        assertThat(Urls.withoutSecrets("http://bob:pa ss^@exa mple.com/v1?k=v"))
                .isEqualTo("http://***@exa mple.com/v1?***");
        assertThat(Urls.withoutSecrets("https://api.openai.com/v1")).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void loopbackMeansLocalhostOrALoopbackIpLiteralNeverALookedUpName() {
        assertThat(Urls.isLoopbackHost("localhost")).isTrue();
        assertThat(Urls.isLoopbackHost("api.localhost")).isTrue();
        assertThat(Urls.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(Urls.isLoopbackHost("127.10.0.7")).isTrue();
        assertThat(Urls.isLoopbackHost("::1")).isTrue();
        assertThat(Urls.isLoopbackHost("[::1]")).isTrue();

        assertThat(Urls.isLoopbackHost("10.0.0.5")).isFalse();
        assertThat(Urls.isLoopbackHost("localhost.attacker.example")).isFalse();
        assertThat(Urls.isLoopbackHost("api.openai.com")).isFalse();
        assertThat(Urls.isLoopbackHost("0.0.0.0")).isFalse();
    }
}
