package dev.tandem.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiCompatibleChatModelBuilderTest {

    private static OpenAiCompatibleChatModel.Builder valid() {
        return OpenAiCompatibleChatModel.builder()
                .baseUrl("https://api.openai.com/v1")
                .modelName("gpt-4o-mini");
    }

    @Test
    void buildsWithDefaultTierNameAndNormalisedBaseUrl() {
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.builder()
                .baseUrl("https://api.openai.com/v1/")
                .modelName("gpt-4o-mini")
                .build();

        assertThat(model.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(model.modelName()).isEqualTo("gpt-4o-mini");
        assertThat(model.tierName()).isEqualTo("remote");
        assertThat(model.defaultRequestParameters().modelName()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void toStringShowsBaseUrlModelTierAndMaskedKey() {
        OpenAiCompatibleChatModel model =
                valid().apiKey("sk-test-SECRET-123").tierName("remote-eu").build();

        String text = model.toString();

        assertThat(text)
                .contains("https://api.openai.com/v1", "gpt-4o-mini", "remote-eu", "apiKey=***")
                .doesNotContain("SECRET");
    }

    @Test
    void toStringSaysNoneWithoutKeyAndShowsHeaderNamesButNotValues() {
        OpenAiCompatibleChatModel model =
                valid().header("X-Gateway-Key", "gateway-SECRET-9").build();

        String text = model.toString();

        assertThat(text).contains("apiKey=none", "X-Gateway-Key").doesNotContain("gateway-SECRET-9");
    }

    @Test
    void reportsOpenAiProviderOnlyForOpenAiHost() {
        OpenAiCompatibleChatModel openAi = valid().build();
        OpenAiCompatibleChatModel local =
                valid().baseUrl("http://localhost:11434/v1").build();

        assertThat(openAi.provider()).isEqualTo(dev.langchain4j.model.ModelProvider.OPEN_AI);
        assertThat(local.provider()).isEqualTo(dev.langchain4j.model.ModelProvider.OTHER);
    }

    @Test
    void rejectsMissingBaseUrl() {
        OpenAiCompatibleChatModel.Builder builder =
                OpenAiCompatibleChatModel.builder().modelName("gpt-4o-mini");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("baseUrl is required, like https://api.openai.com/v1");
    }

    @Test
    void rejectsNullBaseUrl() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("baseUrl");
    }

    @Test
    void rejectsMalformedBaseUrl() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl("api.openai.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl 'api.openai.com/v1' is not a valid URL; expected one like"
                        + " https://api.openai.com/v1");
    }

    @Test
    void rejectsBaseUrlWithOtherScheme() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl("ftp://api.openai.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl 'ftp://api.openai.com/v1' must use http or https, like https://api.openai.com/v1");
    }

    @Test
    void rejectsBaseUrlWithQuery() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl("https://example.com/v1?x=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl 'https://example.com/v1?***' must not have a query or fragment; expected one"
                        + " like https://api.openai.com/v1");
    }

    @Test
    void rejectsAnUnparsableBaseUrlWithoutQuotingItsCredentials() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl("https://bob:hun ter2@exa mple.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl 'https://***@exa mple.com/v1' is not a valid URL; expected one like"
                        + " https://api.openai.com/v1");
    }

    @Test
    void refusesToSendAnApiKeyOverPlainHttpToAnotherMachine() {
        OpenAiCompatibleChatModel.Builder builder = valid().baseUrl("http://gateway.internal:8080/v1")
                .apiKey("sk-test-SECRET-123")
                .tierName("remote-eu");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tier 'remote-eu' would send its API key in clear text over http to gateway.internal;"
                        + " use an https:// base URL, or, on a network you trust, allow it explicitly"
                        + " (allowCleartextCredentials(true), policy key allow-cleartext-credentials: true, Spring"
                        + " property tandem.remote.allow-cleartext-credentials=true)")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> valid().baseUrl("http://10.0.0.5/v1")
                        .header("X-Gateway-Key", "g-SECRET")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clear text over http to 10.0.0.5");
    }

    @Test
    void plainHttpIsFineWithoutCredentialsToLoopbackOrWhenExplicitlyAllowed() {
        assertThat(valid().baseUrl("http://gateway.internal:8080/v1").build().baseUrl())
                .isEqualTo("http://gateway.internal:8080/v1");
        assertThat(valid().baseUrl("http://127.0.0.1:11434/v1")
                        .apiKey("sk-1")
                        .build()
                        .baseUrl())
                .isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(valid().baseUrl("http://[::1]:11434/v1")
                        .apiKey("sk-1")
                        .build()
                        .baseUrl())
                .isEqualTo("http://[::1]:11434/v1");
        assertThat(valid().baseUrl("http://gateway.internal:8080/v1")
                        .apiKey("sk-1")
                        .allowCleartextCredentials(true)
                        .build()
                        .baseUrl())
                .isEqualTo("http://gateway.internal:8080/v1");
    }

    @Test
    void rejectsBaseUrlWithCredentialsWithoutQuotingThem() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().baseUrl("https://bob:hunter2@example.com/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl must not carry credentials (user:password@host); pass the key with"
                        + " apiKey(...) or header(...)");
    }

    @Test
    void rejectsBlankApiKey() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().apiKey("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey must not be blank; leave it unset for servers that need no key");
    }

    @Test
    void rejectsApiKeyWithNewlineWithoutQuotingIt() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().apiKey("sk-test-SECRET-123\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey has a space, control or non-ASCII character at index 18; check for a stray"
                        + " newline in the file or variable it came from");
    }

    @Test
    void acceptsNullApiKeyAsNone() {
        OpenAiCompatibleChatModel model = valid().apiKey("sk-1").apiKey(null).build();

        assertThat(model.toString()).contains("apiKey=none");
    }

    @Test
    void rejectsMissingModelName() {
        OpenAiCompatibleChatModel.Builder builder =
                OpenAiCompatibleChatModel.builder().baseUrl("https://api.openai.com/v1");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("modelName is required, like gpt-4o-mini");
    }

    @Test
    void rejectsBlankModelName() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().modelName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("modelName ' ' must not be blank");
    }

    @Test
    void rejectsTierNameOutsideTheTierNamePattern() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().tierName("Remote EU"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tierName 'Remote EU' must match [a-z][a-z0-9-]*, like remote or remote-eu");
    }

    static Stream<Arguments> badTimeouts() {
        BiConsumer<OpenAiCompatibleChatModel.Builder, Duration> connect =
                OpenAiCompatibleChatModel.Builder::connectTimeout;
        BiConsumer<OpenAiCompatibleChatModel.Builder, Duration> read = OpenAiCompatibleChatModel.Builder::readTimeout;
        BiConsumer<OpenAiCompatibleChatModel.Builder, Duration> call = OpenAiCompatibleChatModel.Builder::callTimeout;
        return Stream.of(
                Arguments.of("connectTimeout", connect, Duration.ZERO, "PT0S"),
                Arguments.of("readTimeout", read, Duration.ofSeconds(-1), "PT-1S"),
                Arguments.of("callTimeout", call, Duration.ofNanos(1), "PT0.000000001S"),
                Arguments.of("readTimeout", read, Duration.ofHours(25), "PT25H"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("badTimeouts")
    void rejectsTimeoutOutsideOneMillisecondToOneDay(
            String name, BiConsumer<OpenAiCompatibleChatModel.Builder, Duration> setter, Duration bad, String shown) {
        OpenAiCompatibleChatModel.Builder builder = OpenAiCompatibleChatModel.builder();

        assertThatThrownBy(() -> setter.accept(builder, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " must be between 1 ms and 24 h, was " + shown);
    }

    @Test
    void rejectsNullHttpClient() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().httpClient(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("httpClient");
    }

    @Test
    void rejectsInvalidHeaderName() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().header("X Org", "acme"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header name 'X Org' is not a valid HTTP header name (letters, digits and -)");
    }

    @Test
    void rejectsHeaderValueWithControlCharacterWithoutQuotingIt() {
        assertThatThrownBy(() -> OpenAiCompatibleChatModel.builder().header("X-Key", "secret\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'X-Key' has a control or non-ASCII character in its value at index 6");
    }

    @Test
    void rejectsAuthorizationHeaderTogetherWithApiKey() {
        OpenAiCompatibleChatModel.Builder builder = valid().apiKey("sk-1").header("authorization", "Basic abc");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("both apiKey and an Authorization header are set; set only one of them");
    }
}
