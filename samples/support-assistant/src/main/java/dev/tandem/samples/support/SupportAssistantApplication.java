package dev.tandem.samples.support;

import dev.tandem.cli.web.WebChat;
import dev.tandem.core.event.TandemListener;
import dev.tandem.spring.TandemTierCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A support-ticket assistant: a LangChain4j {@code @AiService} interface ({@link SupportAssistant}) on the
 * {@code ChatModel} that the Tandem starter configures from {@code application.yaml}. Tickets that carry customer data are answered on the
 * local model; hard questions go to the remote model with personal data replaced by placeholders; every
 * API answer says where it was served and why. {@code /chat} serves the privacy-first web chat.
 *
 * <p>Run it with {@code mvn -pl samples/support-assistant spring-boot:run}; see the module's README.
 */
@SpringBootApplication
public class SupportAssistantApplication {

    public static void main(String[] args) {
        SpringApplication.run(SupportAssistantApplication.class, args);
    }

    /** The web chat's logic and page; it records what the remote tier is sent, for its own page only. */
    @Bean
    WebChat webChat() {
        return WebChat.create();
    }

    @Bean
    TandemListener webChatListener(WebChat webChat) {
        return webChat.listener();
    }

    @Bean
    TandemTierCustomizer recordTextSentRemotely(WebChat webChat) {
        return webChat::recordSentText;
    }
}
