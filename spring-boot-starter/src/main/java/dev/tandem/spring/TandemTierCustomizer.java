package dev.tandem.spring;

import dev.tandem.core.tier.Tier;

/**
 * Replaces or decorates a tier before the auto-configured router is built: wrap its model with a cache,
 * a recorder or a rate limiter, or change its context window. Declare one or more as beans; they apply
 * in their {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * TandemTierCustomizer recordRemoteRequests(RequestRecorder recorder) {
 *     return tier -> tier.isRemote()
 *             ? Tier.remote(tier.name(), recorder.wrap(tier.chatModel()))
 *                     .modelName(tier.modelName()).contextWindow(tier.contextWindow()).build()
 *             : tier;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TandemTierCustomizer {

    /** The tier to register in place of {@code tier}; return it unchanged to keep it. */
    Tier customize(Tier tier);
}
