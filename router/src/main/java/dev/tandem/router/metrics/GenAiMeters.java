package dev.tandem.router.metrics;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.router.RoutingAttributes;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j {@link ChatModelListener} that records each chat call as the OpenTelemetry GenAI
 * client metrics, on any Micrometer {@link MeterRegistry}. Attach it to the router, to a tier's model, or
 * to both (give each its own provider name):
 *
 * <pre>{@code
 * TandemRouter router = TandemRouter.builder()...chatModelListener(GenAiMeters.of(registry)).build();
 * JlamaLocalModel local = JlamaLocalModel.builder()...
 *         .listeners(List.of(GenAiMeters.builder(registry).providerName("jlama").build())).build();
 * }</pre>
 *
 * <ul>
 *   <li>{@value #OPERATION_DURATION} (timer, seconds): every call, failed ones with {@code error.type};
 *   <li>{@value #TOKEN_USAGE} (distribution summary, {@code {token}}): input and output tokens of each
 *       answered call, told apart by {@code gen_ai.token.type}.
 * </ul>
 *
 * Both carry {@code gen_ai.operation.name} ({@code chat}), {@code gen_ai.provider.name}, {@code
 * gen_ai.request.model}, {@code gen_ai.response.model} and {@code tandem.tier} (the tier that served the
 * call, from {@link RoutingAttributes}, when the listener is on the router). An unknown value is {@code
 * none}, so each meter always has the same tag keys. Histogram buckets are the ones the semantic conventions
 * advise. Tags never hold request text. Thread-safe.
 */
public final class GenAiMeters implements ChatModelListener {

    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

    private static final String NONE = TandemMetrics.NONE;
    private static final Object STARTED = new Object();
    // The bucket boundaries the OpenTelemetry GenAI semantic conventions advise.
    private static final double[] DURATION_BUCKETS_SECONDS = {
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
    };
    private static final double[] TOKEN_BUCKETS = {
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
    };

    private final MeterRegistry registry;
    private final @Nullable String providerName;

    private GenAiMeters(MeterRegistry registry, @Nullable String providerName) {
        this.registry = registry;
        this.providerName = providerName;
    }

    /** Names the provider after the model's {@link ModelProvider} ({@code openai}, ..., {@code tandem} for others). */
    public static GenAiMeters of(MeterRegistry registry) {
        return builder(registry).build();
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        context.attributes().put(STARTED, registry.config().clock().monotonicTime());
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        Tags tags = tags(context.chatRequest(), context.modelProvider(), context.attributes())
                .and("gen_ai.response.model", orNone(context.chatResponse().modelName()));
        record(context.attributes(), tags.and("error.type", NONE));
        TokenUsage usage = context.chatResponse().tokenUsage();
        if (usage != null) {
            count(tags, "input", usage.inputTokenCount());
            count(tags, "output", usage.outputTokenCount());
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        Tags tags = tags(context.chatRequest(), context.modelProvider(), context.attributes())
                .and("gen_ai.response.model", NONE)
                .and("error.type", context.error().getClass().getSimpleName());
        record(context.attributes(), tags);
    }

    private Tags tags(ChatRequest request, @Nullable ModelProvider provider, Map<Object, Object> attributes) {
        Object tier = attributes.get(RoutingAttributes.TIER);
        return Tags.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.provider.name",
                providerName != null ? providerName : providerName(provider),
                "gen_ai.request.model",
                orNone(request.parameters().modelName()),
                "tandem.tier",
                tier == null ? NONE : tier.toString());
    }

    private void record(Map<Object, Object> attributes, Tags tags) {
        if (!(attributes.get(STARTED) instanceof Long started)) {
            return;
        }
        Timer.builder(OPERATION_DURATION)
                .description("Duration of GenAI client operations")
                .tags(tags)
                .serviceLevelObjectives(durationBuckets())
                .register(registry)
                .record(registry.config().clock().monotonicTime() - started, TimeUnit.NANOSECONDS);
    }

    private void count(Tags tags, String type, @Nullable Integer tokens) {
        if (tokens == null) {
            return;
        }
        DistributionSummary.builder(TOKEN_USAGE)
                .description("Number of input and output tokens used")
                .baseUnit("{token}")
                .tags(tags.and("gen_ai.token.type", type))
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry)
                .record(tokens);
    }

    private static Duration[] durationBuckets() {
        Duration[] buckets = new Duration[DURATION_BUCKETS_SECONDS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(DURATION_BUCKETS_SECONDS[i] * 1e9));
        }
        return buckets;
    }

    private static String providerName(@Nullable ModelProvider provider) {
        if (provider == null) {
            return "tandem";
        }
        return switch (provider) {
            case OPEN_AI -> "openai";
            case AZURE_OPEN_AI -> "azure.ai.openai";
            case ANTHROPIC -> "anthropic";
            case GOOGLE_AI_GEMINI -> "gcp.gemini";
            case GOOGLE_VERTEX_AI_GEMINI -> "gcp.vertex_ai";
            case AMAZON_BEDROCK -> "aws.bedrock";
            case MISTRAL_AI -> "mistral_ai";
            case OLLAMA -> "ollama";
            default -> "tandem";
        };
    }

    private static String orNone(@Nullable String value) {
        return value == null || value.isBlank() ? NONE : value;
    }

    /** Builds {@link GenAiMeters}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private @Nullable String providerName;

        private Builder(MeterRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
        }

        /**
         * The {@code gen_ai.provider.name} to record, such as {@code jlama} for the local tier; default:
         * derived from the model's {@link ModelProvider}.
         */
        public Builder providerName(String providerName) {
            requireNonNull(providerName, "providerName");
            if (!providerName.matches("[a-z][a-z0-9._-]*")) {
                throw new IllegalArgumentException(
                        "providerName '" + providerName + "' must be lower case, like openai or jlama");
            }
            this.providerName = providerName;
            return this;
        }

        public GenAiMeters build() {
            return new GenAiMeters(registry, providerName);
        }
    }
}
