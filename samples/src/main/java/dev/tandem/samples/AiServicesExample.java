package dev.tandem.samples;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.nio.file.Path;

/**
 * The "LangChain4j AiServices" path of docs/embedding.md, kept compiling and run by the end-to-end tests:
 * an AI service interface whose {@code ChatModel} is the router. The service code knows nothing of
 * Tandem; {@link Result#finalResponse()} still carries the routing.
 *
 * <p>Arguments: the local model folder, the remote base URL, the remote model and the question; the API
 * key comes from {@code OPENAI_API_KEY}.
 */
public final class AiServicesExample {

    /** An ordinary LangChain4j AI service. */
    public interface Assistant {

        @SystemMessage("You are a concise assistant for the support team.")
        Result<String> answer(@UserMessage String question);
    }

    private AiServicesExample() {}

    public static void main(String[] args) {
        System.out.println(ask(Path.of(args[0]), args[1], args[2], args[3]));
    }

    /** Asks through the AI service and returns {@code tier: answer}, followed by the reasons. */
    public static String ask(Path modelFolder, String baseUrl, String remoteModel, String question) {
        try (JlamaLocalModel local =
                JlamaLocalModel.builder().modelDirectory(modelFolder).build()) {
            ChatModel remote = OpenAiCompatibleChatModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(System.getenv("OPENAI_API_KEY"))
                    .modelName(remoteModel)
                    .build();
            TandemRouter router = TandemRouter.builder() // the privacy-first preset
                    .tier(Tier.local("local", local).build())
                    .tier(Tier.remote("remote", remote).build())
                    .build();

            CallerMetadata caller = CallerMetadata.builder().tenant("acme").build();
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(router.forCaller(caller)) // tenant, tags, deadline: for policies and audit
                    .build();

            Result<String> result = assistant.answer(question);
            TandemResponseMetadata routing = TandemResponseMetadata.from(result.finalResponse());
            return routing.outcome().tier() + ": " + result.content() + "\n"
                    + routing.decision().reasons();
        }
    }
}
