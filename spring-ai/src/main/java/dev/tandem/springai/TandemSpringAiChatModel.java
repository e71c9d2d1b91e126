package dev.tandem.springai;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.util.Optional;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A Spring AI {@link ChatModel} backed by a {@link TandemRouter}: each prompt is assessed, routed to the
 * local or a remote tier per the policy, redacted and restored, exactly as a LangChain4j call on the router.
 * Use it through Spring AI's {@code ChatClient}, which also runs the tool-calling loop:
 *
 * <pre>{@code
 * ChatModel chatModel = TandemSpringAiChatModel.of(router);
 * String answer = ChatClient.create(chatModel)
 *         .prompt()
 *         .user("What is the weather in Oslo?")
 *         .tools(new WeatherTools())
 *         .call()
 *         .content();
 * }</pre>
 *
 * <p>What is carried across:
 *
 * <ul>
 *   <li>Messages: system, user (text), assistant (text and tool calls) and tool responses. A user message
 *       with media is rejected with an {@link IllegalArgumentException}: the adapter passes text only.
 *   <li>Options: model, temperature, top-p, top-k, max tokens, frequency and presence penalties, stop
 *       sequences, and the tool definitions of {@link ToolCallingChatOptions}. The model returns the tool
 *       calls the chosen tier asked for; it never runs tools itself (Spring AI 2.0's {@code ChatClient}
 *       does, with its {@code ToolCallingAdvisor}).
 *   <li>The response: text, tool calls, finish reason, token usage, model and id, and the routing metadata
 *       ({@link TandemResponseMetadata}: tier, reasons, redactions) under {@link #ROUTING_METADATA_KEY} in
 *       {@code ChatResponse.getMetadata()}.
 *   <li>Streaming: each partial text from the router is one {@code ChatResponse} in the {@link Flux}; the
 *       last one carries the tool calls, the finish reason, the usage and the routing metadata. An error
 *       ends the {@code Flux} with Tandem's exception ({@code TandemException} and its subtypes).
 *       Cancelling the subscription cancels the routed stream.
 * </ul>
 *
 * <p>Thread-safe when the router is, which it is.
 */
public final class TandemSpringAiChatModel implements ChatModel {

    /** The key of the {@link TandemResponseMetadata} in each response's {@code ChatResponseMetadata}. */
    public static final String ROUTING_METADATA_KEY = "tandem";

    private final TandemRouter router;
    private final ToolCallingChatOptions defaultOptions;

    private TandemSpringAiChatModel(TandemRouter router, ToolCallingChatOptions defaultOptions) {
        this.router = router;
        this.defaultOptions = defaultOptions;
    }

    /** A chat model over {@code router}, with no default options (the tiers' own defaults apply). */
    public static TandemSpringAiChatModel of(TandemRouter router) {
        return of(router, DefaultToolCallingChatOptions.builder().build());
    }

    /**
     * A chat model over {@code router} whose {@code defaultOptions} apply to each prompt unless the prompt
     * sets its own.
     */
    public static TandemSpringAiChatModel of(TandemRouter router, ToolCallingChatOptions defaultOptions) {
        return new TandemSpringAiChatModel(
                requireNonNull(router, "router"), requireNonNull(defaultOptions, "defaultOptions"));
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        requireNonNull(prompt, "prompt");
        return SpringAiConversions.toSpringAi(router.chat(SpringAiConversions.toLangChain4j(prompt, defaultOptions)));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        requireNonNull(prompt, "prompt");
        dev.langchain4j.model.chat.request.ChatRequest request =
                SpringAiConversions.toLangChain4j(prompt, defaultOptions);
        return Flux.create(sink -> {
            // Cancelling the subscription stops the tier (local generation included): nobody reads the rest.
            StreamingHandle handle =
                    router.chat(TandemRequest.of(request, CallerMetadata.none()), new SinkHandler(sink));
            sink.onCancel(handle::cancel);
        });
    }

    /** ChatClient starts from these and adds a prompt's own options and tools. */
    @Override
    public ChatOptions getOptions() {
        return defaultOptions;
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return defaultOptions;
    }

    /** The routing metadata of a response from this model, if it has any. */
    public static Optional<TandemResponseMetadata> routing(ChatResponse response) {
        return Optional.ofNullable(response.getMetadata().get(ROUTING_METADATA_KEY));
    }

    @Override
    public String toString() {
        return "TandemSpringAiChatModel[" + router + "]";
    }

    /** Forwards the router's stream to the Flux; the router calls exactly one terminal method. */
    private record SinkHandler(FluxSink<ChatResponse> sink) implements StreamingChatResponseHandler {

        @Override
        public void onPartialResponse(String partialResponse) {
            sink.next(SpringAiConversions.partial(partialResponse));
        }

        @Override
        public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse completeResponse) {
            sink.next(SpringAiConversions.finalChunk(completeResponse));
            sink.complete();
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }
    }
}
