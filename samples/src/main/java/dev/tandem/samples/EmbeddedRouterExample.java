package dev.tandem.samples;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.nio.file.Path;

/**
 * The README's embedding example, kept compiling and run by the end-to-end tests: a local Jlama model
 * and a remote OpenAI-compatible one behind one {@code ChatModel}, routed by a policy file.
 *
 * <p>Arguments: the local model folder, the remote base URL, the remote model, the policy file and the
 * question; the API key comes from {@code OPENAI_API_KEY}.
 */
public final class EmbeddedRouterExample {

    private EmbeddedRouterExample() {}

    public static void main(String[] args) {
        System.out.println(ask(Path.of(args[0]), args[1], args[2], Path.of(args[3]), args[4]));
    }

    /** Routes one question and returns {@code tier: answer}, followed by the reasons. */
    public static String ask(Path modelFolder, String baseUrl, String remoteModel, Path policyFile, String question) {
        try (JlamaLocalModel local =
                JlamaLocalModel.builder().modelDirectory(modelFolder).build()) {
            ChatModel remote = OpenAiCompatibleChatModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(System.getenv("OPENAI_API_KEY"))
                    .modelName(remoteModel)
                    .build();

            TandemRouter router = TandemRouter.builder()
                    .policy(PolicyLoader.load(policyFile))
                    .tier(Tier.local("local", local).build())
                    .tier(Tier.remote("remote", remote).build())
                    .build();

            ChatResponse response = router.chat(UserMessage.from(question));
            TandemResponseMetadata routing = TandemResponseMetadata.from(response);
            return routing.outcome().tier() + ": " + response.aiMessage().text() + "\n"
                    + routing.decision().reasons();
        }
    }
}
