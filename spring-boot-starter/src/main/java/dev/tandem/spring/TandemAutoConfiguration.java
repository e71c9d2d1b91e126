package dev.tandem.spring;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.LocalModels;
import dev.tandem.policy.Policy;
import dev.tandem.policy.TierDeclaration;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link TandemRouter} from {@link TandemProperties}: the bean is the application's
 * {@code @Primary} LangChain4j {@code ChatModel} and {@code StreamingChatModel} (the router is both), so
 * {@code AiServices}, LangChain4j's {@code @AiService} interfaces and any code that injects either route
 * through Tandem unchanged, even beside another provider's model beans.
 *
 * <p>Beans, each replaceable by declaring your own:
 *
 * <ul>
 *   <li>{@code tandemRouter} ({@link TandemRouter}): the policy ({@code tandem.audit.*} switches on its
 *       audit log), the local tier when the policy declares it, {@code tandem.remote} and each {@code
 *       tandem.remote-tiers.NAME} that sets an endpoint or a key, each tier's {@code resilience.*}, {@code
 *       tandem.privacy.redaction}, every {@link TandemListener} and LangChain4j {@link ChatModelListener}
 *       bean, then each {@link TandemTierCustomizer} and {@link TandemRouterCustomizer}.
 *   <li>{@code tandemLocalModels} ({@link LocalModels}): when {@code tandem.local.model-dir} is set, the
 *       local model, loaded on the first request ({@code tandem.local.warm-up=true} loads it at startup)
 *       and closed with the context.
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
    @ConditionalOnProperty(prefix = "tandem.local", name = "model-dir")
    LocalModels tandemLocalModels(TandemProperties properties) {
        return RouterAssembly.localModels(properties.getLocal());
    }

    @Bean
    @ConditionalOnMissingBean
    TierActivity tandemTierActivity() {
        return new TierActivity();
    }

    @Bean
    @Primary
    @ConditionalOnMissingBean
    TandemRouter tandemRouter(
            TandemProperties properties,
            ResourceLoader resources,
            ObjectProvider<LocalModels> localModels,
            ObjectProvider<TandemListener> listeners,
            ObjectProvider<ChatModelListener> chatModelListeners,
            ObjectProvider<TandemTierCustomizer> tierCustomizers,
            ObjectProvider<TandemRouterCustomizer> routerCustomizers) {
        Policy policy = RouterAssembly.withAudit(
                RouterAssembly.policy(properties.getPolicy(), resources), properties.getAudit());
        Map<String, Tier> tiers = new LinkedHashMap<>();
        TandemProperties.Local local = properties.getLocal();
        TierDeclaration localDeclaration = policy.tiers().get(local.getTier());
        // A policy with remote tiers only needs no local model.
        if (localDeclaration != null && localDeclaration.locality() == Locality.LOCAL) {
            tiers.put(local.getTier(), RouterAssembly.localTier(local, localModels.getIfAvailable()));
        }
        TandemProperties.Remote remote = properties.getRemote();
        RouterAssembly.remoteTier(remote.getTier(), remote, "tandem.remote")
                .ifPresent(tier -> tiers.put(tier.name(), tier));
        properties.getRemoteTiers().forEach((name, settings) -> {
            if (tiers.containsKey(name)) {
                throw new IllegalStateException("tandem.remote-tiers." + name + ": tier '" + name
                        + "' is already configured by tandem.local or tandem.remote; give it another name");
            }
            RouterAssembly.remoteTier(name, settings, "tandem.remote-tiers." + name)
                    .ifPresent(tier -> tiers.put(name, tier));
        });

        TandemRouter.Builder builder =
                TandemRouter.builder().policy(policy).resilience(RouterAssembly.resilience(properties, tiers));
        tiers.values().forEach(tier -> builder.tier(customize(tier, tierCustomizers)));
        RouterAssembly.redaction(properties.getPrivacy()).forEach(builder::redaction);
        listeners.orderedStream().forEach(builder::listener);
        chatModelListeners.orderedStream().forEach(builder::chatModelListener);
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
        HealthContributor tandemHealthContributor(
                TandemRouter router, ObjectProvider<LocalModels> localModels, TierActivity activity) {
            return TandemHealth.of(router, localModels.getIfAvailable(), activity);
        }
    }
}
