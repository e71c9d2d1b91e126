package dev.tandem.spring;

import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalModels;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link TandemRouter} from {@link TandemProperties}: the bean is the application's
 * LangChain4j {@code ChatModel} (and {@code StreamingChatModel}, as the router is one), so {@code
 * AiServices} and any code that injects a {@code ChatModel} route through Tandem unchanged.
 *
 * <p>Beans, each replaceable by declaring your own:
 *
 * <ul>
 *   <li>{@code tandemRouter} ({@link TandemRouter}): the policy, a local tier, a remote tier when one is
 *       configured, every {@link TandemListener} bean, then each {@link TandemTierCustomizer} and {@link
 *       TandemRouterCustomizer}.
 *   <li>{@code tandemLocalModels} ({@link LocalModels}): the local model, loaded on the first request
 *       ({@code tandem.local.warm-up=true} loads it at startup) and closed with the context.
 *   <li>{@code tandemMetrics} ({@link TandemMetrics}): when the application has a Micrometer {@link
 *       MeterRegistry}; meters are listed in docs/observability.md.
 *   <li>{@code tandemHealthContributor}: with Actuator, {@code /actuator/health/tandem} shows each tier
 *       (UP, DOWN or UNKNOWN, with its locality and model) without calling any model.
 * </ul>
 *
 * <p>{@code tandem.enabled=false} turns it all off.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(TandemRouter.class)
@ConditionalOnProperty(prefix = "tandem", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TandemProperties.class)
public class TandemAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LocalModels tandemLocalModels(TandemProperties properties) {
        return RouterAssembly.localModels(properties.getLocal());
    }

    @Bean
    @ConditionalOnMissingBean
    TierActivity tandemTierActivity() {
        return new TierActivity();
    }

    @Bean
    @ConditionalOnMissingBean
    TandemRouter tandemRouter(
            TandemProperties properties,
            ResourceLoader resources,
            LocalModels localModels,
            ObjectProvider<TandemListener> listeners,
            ObjectProvider<TandemTierCustomizer> tierCustomizers,
            ObjectProvider<TandemRouterCustomizer> routerCustomizers) {
        TandemRouter.Builder builder =
                TandemRouter.builder().policy(RouterAssembly.policy(properties.getPolicy(), resources));
        builder.tier(customize(RouterAssembly.localTier(properties.getLocal(), localModels), tierCustomizers));
        RouterAssembly.remoteTier(properties.getRemote())
                .ifPresent(remote -> builder.tier(customize(remote, tierCustomizers)));
        listeners.orderedStream().forEach(builder::listener);
        routerCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    private static Tier customize(Tier tier, ObjectProvider<TandemTierCustomizer> customizers) {
        Tier customized = tier;
        for (TandemTierCustomizer customizer : customizers.orderedStream().toList()) {
            customized = customizer.customize(customized);
        }
        return customized;
    }

    /** Routing meters on the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnBean(MeterRegistry.class)
        @ConditionalOnMissingBean
        TandemMetrics tandemMetrics(MeterRegistry registry) {
            return TandemMetrics.of(registry);
        }
    }

    /** {@code /actuator/health/tandem}: one component per tier. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthContributor.class)
    @ConditionalOnEnabledHealthIndicator("tandem")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tandemHealthContributor")
        HealthContributor tandemHealthContributor(TandemRouter router, LocalModels localModels, TierActivity activity) {
            return TandemHealth.of(router, localModels, activity);
        }
    }
}
