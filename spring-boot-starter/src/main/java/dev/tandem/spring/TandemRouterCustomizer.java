package dev.tandem.spring;

import dev.tandem.router.TandemRouter;

/**
 * Adjusts the auto-configured router's builder after the policy, the tiers and the listener beans are
 * set: a custom privacy scanner, difficulty estimator or clock. Declare one or more as beans; they apply
 * in their {@code @Order}. Every {@code TandemListener} bean is registered without a customizer.
 *
 * <pre>{@code
 * @Bean
 * TandemRouterCustomizer calibratedDifficulty(DifficultyEstimator estimator) {
 *     return builder -> builder.difficultyEstimator(estimator);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TandemRouterCustomizer {

    void customize(TandemRouter.Builder builder);
}
