package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import dev.tandem.local.forge.ModelShape.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JlamaLocalModelTest {

    private static final String QUESTION = "What is the capital of France?";

    @TempDir
    static Path models;

    @TempDir
    Path temp;

    @BeforeAll
    static void forgeModels() {
        for (Architecture architecture : Architecture.values()) {
            ModelForge.forge(ModelShape.ofDefaults(architecture), forged(architecture));
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void generatesTextWithAForgedModel(Architecture architecture) {
        try (JlamaLocalModel model = model(architecture).maxNewTokens(16).build()) {

            ChatResponse response = model.chat(
                    ChatRequest.builder().messages(UserMessage.from(QUESTION)).build());

            assertThat(response.aiMessage().text()).isNotBlank();
            assertThat(response.modelName()).isEqualTo(architecture.name().toLowerCase());
            assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(16);
            assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void systemMessageIsRenderedIntoThePrompt(Architecture architecture) {
        try (JlamaLocalModel model = model(architecture).maxNewTokens(1).build()) {

            int withoutSystem =
                    model.chat(UserMessage.from(QUESTION)).tokenUsage().inputTokenCount();
            int withSystem = model.chat(SystemMessage.from("Be brief."), UserMessage.from(QUESTION))
                    .tokenUsage()
                    .inputTokenCount();

            // "<|im_start|>system\nBe brief.<|im_end|>\n" adds the markers, the role, the text and newlines.
            assertThat(withSystem).isGreaterThanOrEqualTo(withoutSystem + 6);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 17, 64})
    void maxOutputTokensCountsNewTokensOnly(int maxOutputTokens) {
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            ChatResponse response = model.chat(request(QUESTION, maxOutputTokens));

            assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(maxOutputTokens);
            assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void aLargerBudgetContinuesTheSameAnswer() {
        try (JlamaLocalModel model = model(Architecture.LLAMA).build()) {

            String shortAnswer = model.chat(request(QUESTION, 5)).aiMessage().text();
            String longAnswer = model.chat(request(QUESTION, 20)).aiMessage().text();

            assertThat(longAnswer).startsWith(shortAnswer).isNotEqualTo(shortAnswer);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void contextWindowCapsTheAnswer(int kvHeads) {
        Path small = ModelForge.forge(
                ModelShape.builder(Architecture.QWEN2)
                        .kvHeads(kvHeads)
                        .maxPositions(64)
                        .build(),
                temp.resolve("small"));
        try (JlamaLocalModel model = builder(small).build()) {

            ChatResponse response = model.chat(request(QUESTION, 1_000));

            int promptTokens = response.tokenUsage().inputTokenCount();
            assertThat(model.contextWindow()).isEqualTo(64 - 2 * (kvHeads - 1));
            assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(model.contextWindow() - promptTokens + 1);
            assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void promptLongerThanTheContextIsRejectedWithoutEchoingIt() {
        Path small = ModelForge.forge(
                ModelShape.builder(Architecture.LLAMA).maxPositions(16).build(), temp.resolve("small"));
        String secret = "My account number is 4711 and my password is swordfish, please remember it.";
        try (JlamaLocalModel model = builder(small).build()) {

            assertThatThrownBy(() -> model.chat(UserMessage.from(secret)))
                    .isInstanceOfSatisfying(TierRequestRejectedException.class, e -> {
                        assertThat(e.tier()).isEqualTo("local");
                        assertThat(e.isRetriable()).isFalse();
                    })
                    .hasMessageContaining("holds 14 in its context window")
                    .hasMessageNotContaining("4711")
                    .hasMessageNotContaining("swordfish");
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void temperatureZeroGivesTheSameAnswerTwice(Architecture architecture) {
        try (JlamaLocalModel model = model(architecture).maxNewTokens(24).build()) {

            String first = model.chat(QUESTION);
            String second = model.chat(QUESTION);

            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void seededRandomnessMakesSamplingRepeatable() {
        ChatRequest hot = ChatRequest.builder()
                .messages(UserMessage.from(QUESTION))
                .temperature(1.0)
                .maxOutputTokens(24)
                .build();
        List<String> answers = new ArrayList<>();

        for (int run = 0; run < 2; run++) {
            try (JlamaLocalModel model =
                    model(Architecture.LLAMA).random(new SplittableRandom(7)).build()) {
                answers.add(model.chat(hot).aiMessage().text());
            }
        }

        assertThat(answers.get(1)).isEqualTo(answers.get(0));
    }

    @Test
    void nonAsciiTextReachesTheModelInsteadOfBeingDropped() {
        try (JlamaLocalModel model = model(Architecture.QWEN2).maxNewTokens(1).build()) {

            int plain = model.chat(UserMessage.from("Hi ")).tokenUsage().inputTokenCount();
            int withChineseAndEmoji =
                    model.chat(UserMessage.from("Hi 你好😀")).tokenUsage().inputTokenCount();

            // Six UTF-8 bytes of Chinese and four of emoji; unfixed Jlama 0.8.4 dropped all of them.
            assertThat(withChineseAndEmoji).isGreaterThanOrEqualTo(plain + 4);
        }
    }

    @Test
    void workingDirectoryHoldsNoFilesAfterFiftyGenerations() throws IOException {
        Path work = temp.resolve("work");
        try (JlamaLocalModel model =
                model(Architecture.LLAMA).workingDirectory(work).build()) {

            for (int i = 0; i < 50; i++) {
                model.chat(request("Question number " + i, 8));
            }

            assertThat(filesUnder(work)).isEmpty();
        }
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void closeDeletesTheWorkingDirectoryItCreated() {
        JlamaLocalModel model = model(Architecture.QWEN2).build();
        model.chat(request(QUESTION, 4));
        Path work = model.workingDirectory();

        model.close();

        assertThat(work).doesNotExist();
    }

    @Test
    void chatAfterCloseFails() {
        JlamaLocalModel model = model(Architecture.QWEN2).build();
        model.close();

        assertThatThrownBy(() -> model.chat(QUESTION))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JlamaLocalModel 'qwen2' is closed; build a new one.");
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsSequentialOnes() throws Exception {
        List<String> questions = List.of("one", "two", "three", "four", "five", "six");
        try (JlamaLocalModel model = model(Architecture.LLAMA).maxNewTokens(12).build()) {
            List<String> sequential = questions.stream().map(model::chat).toList();

            List<String> concurrent = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
                List<Future<String>> answers = new ArrayList<>();
                for (String question : questions) {
                    answers.add(pool.submit(() -> model.chat(question)));
                }
                for (Future<String> answer : answers) {
                    concurrent.add(answer.get());
                }
            }

            assertThat(concurrent).isEqualTo(sequential);
        }
    }

    @Test
    void toolsAreRejectedAsUnsupported() {
        ChatRequest withTools = ChatRequest.builder()
                .messages(UserMessage.from(QUESTION))
                .toolSpecifications(ToolSpecification.builder().name("weather").build())
                .responseFormat(ResponseFormat.JSON)
                .build();
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            assertThatThrownBy(() -> model.chat(withTools))
                    .isInstanceOf(TierRequestRejectedException.class)
                    .hasMessage("The request asks for tools, a JSON response format, which the local Jlama tier"
                            + " does not support. Remove them, or route the request to a tier that does (tools and"
                            + " JSON answers can be enabled with the tier builder's toolCalling and"
                            + " structuredOutputAttempts).");
        }
    }

    @Test
    void imageContentIsRejectedWithoutEchoingTheText() {
        UserMessage withImage = UserMessage.from(
                TextContent.from("Describe my passport photo"), ImageContent.from("https://example.com/p.png"));
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            assertThatThrownBy(() -> model.chat(withImage))
                    .isInstanceOf(TierRequestRejectedException.class)
                    .hasMessageStartingWith("Message 0 carries image content, which the local Jlama tier cannot take")
                    .hasMessageNotContaining("passport");
        }
    }

    @Test
    void toolResultMessagesAreRejected() {
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            assertThatThrownBy(() -> model.chat(
                            UserMessage.from(QUESTION), ToolExecutionResultMessage.from("id", "weather", "sunny")))
                    .isInstanceOf(TierRequestRejectedException.class)
                    .hasMessageStartingWith("Message 1 carries a tool result, which the local Jlama tier cannot take");
        }
    }

    @Test
    void requestWithZeroMaxOutputTokensIsRejected() {
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            assertThatThrownBy(() -> model.chat(request(QUESTION, 0)))
                    .isInstanceOf(TierRequestRejectedException.class)
                    .hasMessage("maxOutputTokens must be at least 1, was 0");
        }
    }

    @Test
    void requestWithTemperatureAboveTwoIsRejected() {
        ChatRequest tooHot = ChatRequest.builder()
                .messages(UserMessage.from(QUESTION))
                .temperature(2.5)
                .build();
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {

            assertThatThrownBy(() -> model.chat(tooHot))
                    .isInstanceOf(TierRequestRejectedException.class)
                    .hasMessage("temperature must be between 0.0 and 2.0, was 2.5");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"})
    void folderWithoutARequiredFileIsRejectedNamingTheFileAndTheFolder(String file) throws IOException {
        Path incomplete = ModelForge.forge(ModelShape.ofDefaults(Architecture.LLAMA), temp.resolve("incomplete"));
        Files.delete(incomplete.resolve(file));

        assertThatThrownBy(() -> builder(incomplete).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Model directory " + incomplete + " is missing " + file + ". ");
    }

    @Test
    void missingFolderIsRejected() {
        Path nowhere = temp.resolve("nowhere");

        assertThatThrownBy(() -> builder(nowhere).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Model directory " + nowhere + " does not exist.");
    }

    @Test
    void folderWithoutChatTemplateFallsBackToTheTemplateOfItsArchitecture() throws IOException {
        Path plain = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), temp.resolve("plain"));
        Files.writeString(plain.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|im_end|>\"}");
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."), UserMessage.from(QUESTION))
                .maxOutputTokens(4)
                .build();

        ChatResponse fallback;
        String template;
        try (JlamaLocalModel model = builder(plain).build()) {
            fallback = model.chat(request);
            template = model.chatTemplate();
        }
        ChatResponse original;
        try (JlamaLocalModel model = model(Architecture.QWEN2).build()) {
            original = model.chat(request);
        }

        assertThat(template).isEqualTo("fallback:chatml");
        assertThat(fallback.tokenUsage().inputTokenCount())
                .isEqualTo(original.tokenUsage().inputTokenCount());
        assertThat(fallback.aiMessage().text()).isEqualTo(original.aiMessage().text());
    }

    @Test
    void unreadableConfigIsRejectedWithTheFolderAndTheCause() throws IOException {
        Path broken = ModelForge.forge(ModelShape.ofDefaults(Architecture.QWEN2), temp.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"transformer-xl\"}");

        assertThatThrownBy(() -> builder(broken).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Could not load the model in " + broken + ": IllegalArgumentException")
                .hasMessageContaining("TRANSFORMER-XL");
    }

    @Test
    void builderRequiresAModelDirectory() {
        assertThatThrownBy(() -> JlamaLocalModel.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("modelDirectory is required");
    }

    @Test
    void builderRejectsZeroMaxNewTokens() {
        assertThatThrownBy(() -> JlamaLocalModel.builder().maxNewTokens(0))
                .hasMessage("maxNewTokens must be at least 1, was 0");
    }

    @Test
    void builderRejectsNegativeTemperature() {
        assertThatThrownBy(() -> JlamaLocalModel.builder().temperature(-0.1))
                .hasMessage("temperature must be between 0.0 and 2.0, was -0.1");
    }

    @Test
    void builderRejectsATierNameThatPoliciesCannotReferTo() {
        assertThatThrownBy(() -> JlamaLocalModel.builder().tierName("Local GPU"))
                .hasMessage("tierName 'Local GPU' must match [a-z][a-z0-9-]*, like local or local-gpu");
    }

    private static Path forged(Architecture architecture) {
        return models.resolve(architecture.name().toLowerCase());
    }

    private static JlamaLocalModel.Builder model(Architecture architecture) {
        return builder(forged(architecture));
    }

    private static JlamaLocalModel.Builder builder(Path directory) {
        return JlamaLocalModel.builder().modelDirectory(directory);
    }

    private static ChatRequest request(String question, int maxOutputTokens) {
        return ChatRequest.builder()
                .messages(UserMessage.from(question))
                .maxOutputTokens(maxOutputTokens)
                .build();
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
