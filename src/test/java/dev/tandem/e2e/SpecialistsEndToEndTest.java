package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.local.JlamaTokenCounter;
import dev.tandem.local.LocalModelMemory;
import dev.tandem.local.LocalModels;
import dev.tandem.local.ModelMemoryBudget;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookbook's specialists policy (samples/policies/specialists.yaml) on three real forged Jlama models
 * whose tokenizers learnt different text (English prose, code, German and Thai), under one memory
 * budget that holds two of them, with a real HTTP remote (WireMock): coding questions reach the coder,
 * German the polyglot, Thai the only model listing Thai, English prose the model with the fewest tokens,
 * and Japanese, which no local model lists, the remote fallback.
 */
class SpecialistsEndToEndTest {

    private static final Path POLICY = Path.of(System.getProperty("user.dir"))
            .resolve("../../samples/policies/specialists.yaml")
            .normalize();

    // Tokenizer training text for the forged vocabularies (not quality data: it only shapes the merges).
    private static final String ENGLISH = """
            Please summarise the weather report for the weekend in two short sentences. The weather this weekend \
            will be sunny and warm, with a light breeze in the afternoon. Could you summarise the report for \
            the team? The summary should be short. Thank you for the report on the weather. """.repeat(3);
    private static final String CODE = """
            def fibonacci(n): return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)
            public static int add(int a, int b) { return a + b; } for (int i = 0; i < n; i++) { sum += i; }
            import java.util.List; class Node { Node next; } while (node != null) { node = node.next; }
            """.repeat(3);
    private static final String POLYGLOT = """
            Guten Tag, mein Drucker druckt seit gestern keine Seiten mehr. Können Sie mir bitte helfen? \
            สวัสดีครับ ช่วยแนะนำร้านอาหารอร่อยๆ ใกล้สถานีรถไฟหน่อยได้ไหมครับ ขอบคุณมากครับ \
            Bonjour, pouvez-vous m'aider avec ma facture du mois de mars? Merci beaucoup. """.repeat(3);

    private static final String ENGLISH_PROMPT =
            "Please summarise the weather report for the weekend in two sentences.";

    @TempDir
    static Path models;

    private static LocalModels locals;
    private static ModelMemoryBudget budget;

    private OpenAiStub remote;

    @BeforeAll
    static void forgeThreeModels() {
        ModelShape shape = ModelShape.builder(ModelShape.Architecture.QWEN2)
                .vocabSize(1024)
                .build();
        Path general =
                ModelForge.forge(shape.toBuilder().tokenizerCorpus(ENGLISH).build(), models.resolve("general"));
        Path coder =
                ModelForge.forge(shape.toBuilder().tokenizerCorpus(CODE).seed(7).build(), models.resolve("coder"));
        Path polyglot = ModelForge.forge(
                shape.toBuilder().tokenizerCorpus(POLYGLOT).seed(9).build(), models.resolve("polyglot"));
        long weights = LocalModelMemory.estimate(general).weightsBytes();
        budget = ModelMemoryBudget.of(weights * 2 + weights / 2);
        locals = LocalModels.builder()
                .memoryBudget(budget)
                .model(
                        "general",
                        JlamaLocalModel.builder().modelDirectory(general).maxNewTokens(4))
                .model("coder", JlamaLocalModel.builder().modelDirectory(coder).maxNewTokens(4))
                .model(
                        "polyglot",
                        JlamaLocalModel.builder().modelDirectory(polyglot).maxNewTokens(4))
                .build();
    }

    @AfterAll
    static void closeModels() {
        locals.close();
    }

    @BeforeEach
    void startRemote() {
        remote = new OpenAiStub();
        remote.answers("remote answer");
    }

    @AfterEach
    void stopRemote() {
        remote.close();
    }

    @Test
    void aCodingQuestionGoesToTheCoder() {
        TandemResponseMetadata routing = route("Write a Python function that returns the n-th Fibonacci number.");

        assertThat(routing.outcome().tier()).isEqualTo("coder");
        assertThat(routing.decision().reasons().get(0).describe()).startsWith("code-goes-to-the-coder: task coding is");
        assertThat(remote.receivedBodies()).isEmpty();
    }

    @Test
    void germanGoesToThePolyglot() {
        TandemResponseMetadata routing = route("Mein Drucker druckt seit gestern keine Seiten mehr. Was kann ich tun?");

        assertThat(routing.outcome().tier()).isEqualTo("polyglot");
        assertThat(routing.decision().reasons().get(0).describe())
                .matches(
                        "german-goes-to-the-polyglot: language de \\(confidence (0\\.9\\d|1\\.00)\\) is one of \\[de\\]"
                                + " with confidence >= 0\\.80");
    }

    @Test
    void thaiGoesToTheOnlyModelThatListsIt() {
        TandemResponseMetadata routing = route("สวัสดีครับ ช่วยแนะนำร้านอาหารอร่อยๆ ใกล้สถานีรถไฟหน่อยได้ไหมครับ");

        assertThat(routing.outcome().tier()).isEqualTo("polyglot");
        assertThat(routing.decision().reasons())
                .extracting(Reason::describe)
                .anyMatch(reason -> reason.startsWith("language: detected th")
                        && reason.endsWith("skipped general takes en; coder takes en"));
    }

    @Test
    void englishProseGoesToTheModelWhoseOwnTokenizerNeedsTheFewestTokens() {
        Map<String, Integer> counts = Map.of(
                "general", count("general", ENGLISH_PROMPT),
                "coder", count("coder", ENGLISH_PROMPT),
                "polyglot", count("polyglot", ENGLISH_PROMPT));
        String fewest = counts.entrySet().stream()
                .min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .orElseThrow()
                .getKey();

        TandemResponseMetadata routing = route(ENGLISH_PROMPT);

        assertThat(fewest).isEqualTo("general");
        assertThat(counts.get("general")).isLessThan(counts.get("coder")).isLessThan(counts.get("polyglot") + 1);
        assertThat(routing.outcome().tier()).isEqualTo("general");
        assertThat(routing.decision().reasons())
                .extracting(Reason::describe)
                .anyMatch(reason -> reason.startsWith("lowest-token-tax: general needs the fewest tokens for the prompt"
                                + " in group specialists: general ")
                        && reason.contains("coder ")
                        && reason.contains("polyglot "));
    }

    @Test
    void japaneseWhichNoLocalModelListsGoesToTheRemoteFallbackAndTheReasonsSayWhy() {
        TandemResponseMetadata routing = route("週末の天気予報を二文で要約してください。");

        assertThat(routing.outcome().tier()).isEqualTo("remote");
        assertThat(routing.decision().reasons())
                .extracting(Reason::describe)
                .anyMatch(reason -> reason.startsWith(
                        "language: group specialists has no local tier for the prompt's" + " language"));
        assertThat(remote.receivedBodies()).singleElement().asString().contains("週末");
    }

    @Test
    void servingAllThreeModelsNeverHoldsMoreThanTheMemoryCap() {
        route("Write a Python function that returns the n-th Fibonacci number.");
        route("Mein Drucker druckt seit gestern keine Seiten mehr. Was kann ich tun?");
        route(ENGLISH_PROMPT);

        assertThat(budget.heldBytes()).isLessThanOrEqualTo(budget.capBytes());
        assertThat(budget.loadedModels()).isLessThanOrEqualTo(2);
        assertThat(budget.evictions()).isGreaterThanOrEqualTo(1);
    }

    private static int count(String model, String text) {
        return JlamaTokenCounter.load(models.resolve(model)).countTokens(text);
    }

    private TandemResponseMetadata route(String prompt) {
        Policy policy = PolicyLoader.load(
                POLICY, Map.of("OPENAI_API_KEY", OpenAiStub.API_KEY, "OPENAI_BASE_URL", remote.baseUrl()));
        OpenAiCompatibleChatModel remoteModel = OpenAiCompatibleChatModel.builder()
                .baseUrl(remote.baseUrl())
                .apiKey(OpenAiStub.API_KEY)
                .modelName(OpenAiStub.MODEL)
                .build();
        TandemRouter.Builder router = TandemRouter.builder().policy(policy);
        for (String name : locals.names()) {
            router.tier(Tier.local(name, locals.chatModel(name)).modelName(name).build());
        }
        router.tier(
                Tier.remote("remote", remoteModel).modelName(OpenAiStub.MODEL).build());
        ChatResponse response = router.build().chat(UserMessage.from(prompt));
        return TandemResponseMetadata.from(response);
    }
}
