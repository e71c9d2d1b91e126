package dev.tandem.router;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.outcome.Outcome;

/**
 * The keys under which the router puts its routing into a {@code ChatModelListener}'s {@code attributes()}
 * map, so that listeners which know nothing of Tandem (OpenTelemetry, Langfuse, {@link
 * dev.tandem.router.metrics.GenAiMeters}) can tag what they record with the tier that answered.
 *
 * <pre>{@code
 * public void onResponse(ChatModelResponseContext context) {
 *     Object tier = context.attributes().get(RoutingAttributes.TIER);   // "local", "remote", ...
 * }
 * }</pre>
 *
 * <p>They are set before the router's own listeners' {@code onResponse} and {@code onError} run (not in
 * {@code onRequest}: the tier is chosen after it). On an error the tier is set only when a single tier's
 * failure ended the request.
 */
public final class RoutingAttributes {

    /** The tier that served the request, or whose failure ended it. */
    public static final String TIER = "tandem.tier";

    /** The model that answered, as the tier names it. */
    public static final String MODEL = "tandem.model";

    /** The tier's locality: {@code local} or {@code remote}. */
    public static final String LOCALITY = "tandem.locality";

    private RoutingAttributes() {}

    /** The listener the router calls first, which fills the attributes in. */
    static ChatModelListener writer() {
        return new ChatModelListener() {
            @Override
            public void onResponse(ChatModelResponseContext context) {
                if (context.chatResponse().metadata() instanceof TandemResponseMetadata routing) {
                    Outcome outcome = routing.outcome();
                    context.attributes().put(TIER, outcome.tier());
                    context.attributes().put(MODEL, outcome.model());
                    context.attributes().put(LOCALITY, outcome.locality().wireName());
                }
            }

            @Override
            public void onError(ChatModelErrorContext context) {
                if (context.error() instanceof TierException failure) {
                    context.attributes().put(TIER, failure.tier());
                } else if (context.error() instanceof NoRouteAvailableException none
                        && none.attempts().size() == 1) {
                    context.attributes().put(TIER, none.attempts().get(0).tier());
                }
            }
        };
    }
}
