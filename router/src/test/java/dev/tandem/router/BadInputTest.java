package dev.tandem.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each kind of bad input gets a typed error that says what is wrong, and no tier is called. */
class BadInputTest {

    private final FakeChatModel local = FakeChatModel.answering("tiny", "local");
    private final FakeChatModel remote = FakeChatModel.answering("big", "remote");
    private final TandemRouter router = TandemRouter.builder()
            .tier(Tier.local("local", local).contextWindow(2_048).build())
            .tier(Tier.remote("remote", remote).contextWindow(4_096).build())
            .build();

    @AfterEach
    void noTierWasCalled() {
        assertThat(local.received()).isEmpty();
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void rejectsARequestWithoutAUserMessage() {
        assertThatThrownBy(() -> send(ChatRequest.builder()
                        .messages(SystemMessage.from("be nice"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request r-1 has no user message; add one to ask something");
    }

    @Test
    void rejectsANullMessage() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(UserMessage.from("hi"));
        messages.add(null);

        assertThatThrownBy(() -> send(ChatRequest.builder().messages(messages).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request r-1 has a null message at index 1; remove it");
    }

    @Test
    void rejectsALoneSurrogate() {
        assertThatThrownBy(() -> send(request("broken \uD83D text")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request r-1, message 0 has invalid Unicode: a lone surrogate U+D83D at index 7; send"
                        + " well-formed text (check how it was decoded or truncated)");
    }

    @Test
    void acceptsAPairedSurrogate() {
        send(request("an emoji \uD83D\uDE00 is fine"));

        assertThat(local.received()).hasSize(1);
        local.received().clear();
    }

    @Test
    void rejectsANegativeMaxOutputTokens() {
        assertThatThrownBy(() ->
                        send(withParameters(ChatRequestParameters.builder().maxOutputTokens(-5))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(
                        "request r-1 has maxOutputTokens -5; it must be between 1 and 1000000. No tier was called.");
    }

    @Test
    void rejectsAHugeMaxOutputTokens() {
        assertThatThrownBy(() ->
                        send(withParameters(ChatRequestParameters.builder().maxOutputTokens(Integer.MAX_VALUE))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request r-1 has maxOutputTokens 2147483647; it must be between 1 and 1000000");
    }

    @Test
    void rejectsATemperatureOutOfRange() {
        assertThatThrownBy(() ->
                        send(withParameters(ChatRequestParameters.builder().temperature(7.5))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request r-1 has temperature 7.5; it must be between 0.0 and 2.0. No tier was called.");
    }

    @Test
    void rejectsANotANumberTopP() {
        assertThatThrownBy(() ->
                        send(withParameters(ChatRequestParameters.builder().topP(Double.NaN))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(
                        "request r-1 has topP NaN; it must be greater than 0.0 and at most 1.0. No tier was called.");
    }

    @Test
    void rejectsAPromptLargerThanEveryContextWindow() {
        String huge = "word ".repeat(20_000);

        assertThatThrownBy(() -> send(request(huge)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("context");
    }

    private void send(ChatRequest request) {
        router.chat(new TandemRequest("r-1", request, CallerMetadata.none()));
    }

    private static ChatRequest request(String text) {
        return ChatRequest.builder().messages(UserMessage.from(text)).build();
    }

    private static ChatRequest withParameters(
            dev.langchain4j.model.chat.request.DefaultChatRequestParameters.Builder<?> parameters) {
        return ChatRequest.builder()
                .messages(UserMessage.from("hi"))
                .parameters(parameters.build())
                .build();
    }
}
