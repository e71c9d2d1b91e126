package dev.tandem.springai;

import dev.tandem.router.TandemRouter;
import dev.tandem.spring.TandemAutoConfiguration;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;

/**
 * Makes the router that the Tandem starter configures the application's Spring AI {@link ChatModel} too,
 * so {@code ChatClient} and any code that injects a Spring AI {@code ChatModel} route through Tandem.
 *
 * <p>Beans, each replaceable by declaring your own:
 *
 * <ul>
 *   <li>{@code tandemSpringAiChatModel} ({@link TandemSpringAiChatModel}): {@code @Primary}, so it wins over
 *       another provider's Spring AI model beside it.
 *   <li>{@code tandemChatClientBuilder} ({@link ChatClient.Builder}, a new one per injection point): when the
 *       application has no {@code ChatClient.Builder} yet. It runs before Spring AI's own chat client
 *       auto-configuration, which then backs off.
 * </ul>
 */
@AutoConfiguration(
        after = TandemAutoConfiguration.class,
        beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass({TandemRouter.class, ChatModel.class})
@ConditionalOnBean(TandemRouter.class)
public class TandemSpringAiAutoConfiguration {

    @Bean
    @Primary
    @ConditionalOnMissingBean(TandemSpringAiChatModel.class)
    TandemSpringAiChatModel tandemSpringAiChatModel(TandemRouter router) {
        return TandemSpringAiChatModel.of(router);
    }

    /** A ChatClient.Builder on the Tandem model, as Spring AI's own auto-configuration would make one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ChatClient.class)
    static class ChatClientConfiguration {

        @Bean
        @Scope("prototype")
        @ConditionalOnMissingBean(ChatClient.Builder.class)
        ChatClient.Builder tandemChatClientBuilder(ObjectProvider<TandemSpringAiChatModel> chatModel) {
            return ChatClient.builder(chatModel.getObject());
        }
    }
}
