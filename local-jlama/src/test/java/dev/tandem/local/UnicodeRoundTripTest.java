package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte-level BPE round trips in several scripts: what goes into the tokenizer comes back out, whole, both
 * decoded at once and streamed token by token.
 */
class UnicodeRoundTripTest {

    @TempDir
    static Path folder;

    @TempDir
    static Path work;

    private static AbstractModel model;
    private static JlamaLocalModel chatModel;
    private static TokenText text;

    @BeforeAll
    static void load() {
        ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), folder);
        model = ModelSupport.loadModel(
                folder.toFile(), work.toFile(), DType.F32, DType.I8, Optional.empty(), Optional.empty());
        text = TokenText.of(model.getTokenizer());
        chatModel = JlamaLocalModel.builder().modelDirectory(folder).build();
    }

    @AfterAll
    static void close() {
        model.close();
        chatModel.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Grüße aus München, das Wasser ist heiß und süß.", // German
                "Où est l'hôpital ? Ça coûte très cher, déjà noël à Noël.", // French
                "你好，世界！我们今天去北京吃饭。", // Chinese
                "مرحبا بالعالم، كيف حالك اليوم؟", // Arabic
                "नमस्ते दुनिया, आप कैसे हैं?", // Hindi
                "Emoji 👋🏽 🇩🇪 👨‍👩‍👧 ✅ 🚀 — done" // emoji: skin tone, flag, ZWJ family
            })
    void textSurvivesEncodingDecodingAndStreaming(String sample) {
        long[] ids = model.getTokenizer().encode(text.toTokenizerInput(sample));
        List<Integer> list = Arrays.stream(ids).mapToInt(id -> (int) id).boxed().toList();

        String decoded = text.decode(list);
        TokenText.StreamDecoder decoder = text.streamDecoder();
        List<String> chunks = new ArrayList<>();
        for (int id : list) {
            String chunk = decoder.push(id);
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
        }
        String tail = decoder.flush();

        assertThat(decoded).isEqualTo(sample);
        assertThat(String.join("", chunks)).isEqualTo(sample);
        assertThat(tail).isEmpty();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).doesNotContain("\uFFFD"));
        // Multi-byte characters span several byte tokens, so some ids must have been held back.
        if (sample.codePoints().anyMatch(c -> c > 0x7F)) {
            assertThat(list.size()).isGreaterThanOrEqualTo(chunks.size());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Grüße aus München, das Wasser ist heiß und süß.", // German
                "Où est l'hôpital ? Ça coûte très cher, déjà noël à Noël.", // French
                "你好，世界！我们今天去北京吃饭。", // Chinese
                "مرحبا بالعالم، كيف حالك اليوم؟", // Arabic
                "नमस्ते दुनिया, आप कैसे हैं?", // Hindi
                "Emoji 👋🏽 🇩🇪 👨‍👩‍👧 ✅ 🚀 — done" // emoji: skin tone, flag, ZWJ family
            })
    void aPromptInAnyScriptIsTokenizedWholeAndTheStreamedAnswerMatchesTheBlockingOne(String sample) throws Exception {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from(sample))
                .maxOutputTokens(24)
                .build();
        long bytes = sample.getBytes(StandardCharsets.UTF_8).length;

        ChatResponse blocking = chatModel.chat(request);
        StreamingAndLogprobsTest.Recorder recorder = new StreamingAndLogprobsTest.Recorder();
        chatModel.chat(request, recorder);
        ChatResponse streamed = recorder.done.get(10, TimeUnit.SECONDS);

        // Every UTF-8 byte reaches the tokenizer: at most one token per byte, and no character dropped.
        int template = chatModel
                .chat(ChatRequest.builder()
                        .messages(UserMessage.from("a"))
                        .maxOutputTokens(1)
                        .build())
                .tokenUsage()
                .inputTokenCount();
        assertThat(blocking.tokenUsage().inputTokenCount() - template + 1)
                .isPositive()
                .isLessThanOrEqualTo((int) bytes)
                .isGreaterThanOrEqualTo(sample.codePointCount(0, sample.length()) / 4);
        assertThat(String.join("", recorder.parts))
                .isEqualTo(blocking.aiMessage().text());
        assertThat(streamed.aiMessage().text()).isEqualTo(blocking.aiMessage().text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "中", "👋", "न"})
    void aCharacterSplitAcrossTokensIsEmittedOnlyWhenWhole(String character) {
        byte[] utf8 = character.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        for (int cut = 1; cut < utf8.length; cut++) {
            byte[] head = Arrays.copyOf(utf8, cut);
            assertThat(TokenText.completePrefix(head))
                    .as("prefix of %d bytes", cut)
                    .isLessThan(cut);
        }
        assertThat(TokenText.completePrefix(utf8)).isEqualTo(utf8.length);
    }
}
