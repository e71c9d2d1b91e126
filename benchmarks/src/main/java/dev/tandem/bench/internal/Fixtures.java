package dev.tandem.bench.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.tandem.core.spi.DifficultyEstimator;
import dev.tandem.core.tier.Tier;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.difficulty.CalibratedDifficultyEstimator;
import dev.tandem.router.difficulty.DifficultyConfig;
import dev.tandem.router.difficulty.EmbeddingKind;
import java.util.Locale;

/** The routers, policies and estimators every benchmark shares, so the bench command and JMH agree. */
public final class Fixtures {

    /** Number of rules in {@link #fiftyRulePolicy()}. */
    public static final int POLICY_RULES = 50;

    private Fixtures() {}

    /** Difficulty without the sentence embedding: prompt features and the calibration only. */
    public static CalibratedDifficultyEstimator difficultyWithoutEmbedding() {
        return CalibratedDifficultyEstimator.create(
                DifficultyConfig.custom().embedding(false).build());
    }

    /**
     * Difficulty with the default task signal (static vectors distilled from all-MiniLM-L6-v2). With
     * {@code cached} false the embedding cache is off, so every call embeds (the cost of a prompt never
     * seen before); with it on, the default cache of 4,096 prompts applies.
     */
    public static CalibratedDifficultyEstimator difficultyWithEmbedding(boolean cached) {
        return difficultyWithEmbedding(EmbeddingKind.STATIC, cached);
    }

    /** Difficulty with the task signal from {@code kind}: static vectors, or all-MiniLM-L6-v2 itself. */
    public static CalibratedDifficultyEstimator difficultyWithEmbedding(EmbeddingKind kind, boolean cached) {
        DifficultyConfig.Builder config =
                DifficultyConfig.custom().embedding(true).embeddingKind(kind);
        if (!cached) {
            config.embeddingCacheSize(0);
        }
        return CalibratedDifficultyEstimator.create(config.build()).warmUp();
    }

    /**
     * A policy of 50 rules, none of which matches the benchmark prompts until the last, so the decider
     * evaluates all of them: tenants, tag sets, headers, tenant patterns, scripts, entity types and
     * length limits, the kinds of rule a large deployment accumulates.
     */
    public static Policy fiftyRulePolicy() {
        StringBuilder yaml = new StringBuilder("""
                name: fifty-rules
                tiers:
                  local:
                    locality: local
                  remote:
                    locality: remote
                rules:
                """);
        for (int i = 1; i < POLICY_RULES; i++) {
            String when = switch (i % 7) {
                case 0 -> "{tenant: [tenant-" + i + ", partner-" + i + "]}";
                case 1 -> "{tags-any: [tag-" + i + ", team-" + i + "]}";
                case 2 -> "{headers: {x-region: \"region-" + i + "\"}}";
                case 3 -> "{tenant-matches: \"acme-" + i + "-.*\", difficulty-at-least: 0.5}";
                case 4 -> "{script: [cyrillic, arabic], prompt-tokens-over: " + (10 * i) + "}";
                case 5 -> "{entity-types: [IBAN, PAYMENT_CARD], tags-all: [billing-" + i + "]}";
                default -> "{prompt-tokens-over: " + (100_000 + i) + "}";
            };
            String action = i % 2 == 0 ? "keep-local: {}" : "route: {tier: remote, fallback: [local]}";
            yaml.append(String.format(Locale.ROOT, "  - name: rule-%02d%n    when: %s%n    %s%n", i, when, action));
        }
        yaml.append("""
                  - name: personal-data-stays-local
                    when: {sensitivity-at-least: high}
                    keep-local: {}
                default:
                  route: {tier: remote, fallback: [local]}
                """);
        return PolicyLoader.parse(yaml.toString(), "fifty-rules.yaml");
    }

    /**
     * A router whose tiers are in-memory stubs: for decision-path and memory measurements, where no tier
     * is called. The preset is {@code privacy-first}.
     */
    public static TandemRouter planningRouter(DifficultyEstimator difficulty) {
        return TandemRouter.builder()
                .policy(PolicyLoader.preset("privacy-first"))
                .tier(Tier.local("local", stubModel("local")).build())
                .tier(Tier.remote("remote", stubModel("remote")).build())
                .difficultyEstimator(difficulty)
                .build();
    }

    /**
     * A router with the {@code quality-first} preset (remote by default) whose remote tier is {@code
     * remote}; the local tier is a stub that these prompts never reach.
     */
    public static TandemRouter remoteRouter(ChatModel remote, DifficultyEstimator difficulty) {
        return TandemRouter.builder()
                .policy(PolicyLoader.preset("quality-first"))
                .tier(Tier.local("local", stubModel("local")).build())
                .tier(Tier.remote("remote", remote).build())
                .difficultyEstimator(difficulty)
                .build();
    }

    /**
     * A router with the default preset ({@code privacy-first}) whose two tiers are both {@code model}: a
     * local tier on a server on this machine (like Ollama or vLLM on localhost) and a remote one. Whichever
     * the policy picks, the same HTTP call is made, so the router's own cost under the default preset is
     * what differs from calling {@code model} directly.
     */
    public static TandemRouter defaultPresetRouter(ChatModel model, DifficultyEstimator difficulty) {
        return TandemRouter.builder()
                .tier(Tier.local("local", model).build())
                .tier(Tier.remote("remote", model).build())
                .difficultyEstimator(difficulty)
                .build();
    }

    /** A chat model that answers at once with a fixed text. */
    public static ChatModel stubModel(String name) {
        ChatResponse answer = ChatResponse.builder()
                .aiMessage(AiMessage.from("stub answer from " + name))
                .tokenUsage(new TokenUsage(10, 5))
                .finishReason(FinishReason.STOP)
                .modelName(name)
                .build();
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return answer;
            }

            @Override
            public String toString() {
                return "StubModel[" + name + "]";
            }
        };
    }
}
