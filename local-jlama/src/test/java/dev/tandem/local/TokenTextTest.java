package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenTextTest {

    @TempDir
    static Path model;

    private static LlamaTokenizer tokenizer;
    private static TokenText tokenText;

    @BeforeAll
    static void forgeTokenizer() {
        ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.QWEN2), model);
        tokenizer = new LlamaTokenizer(model);
        tokenText = TokenText.of(tokenizer);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Grüße aus München, die Straße ist schön.",
                "你好，世界！今天天气很好。",
                "Emoji: 😀👍🏽 and a flag 🇩🇪",
                "Plain ASCII stays as it was.",
                "Mixed: Käse 奶酪 🧀 ñ é ø"
            })
    void textSurvivesEncodingAndDecoding(String text) {
        long[] ids = tokenizer.encode(tokenText.toTokenizerInput(text));

        String decoded = tokenText.decode(
                Arrays.stream(ids).mapToInt(Math::toIntExact).boxed().toList());

        assertThat(decoded).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ü", "你", "😀"})
    void everyUtf8ByteBecomesAToken(String character) {
        long[] ids = tokenizer.encode(tokenText.toTokenizerInput(character));

        assertThat(ids)
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(character.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @org.junit.jupiter.api.Test
    void specialTokensAreLeftOutOfDecodedText() {
        long imEnd = tokenizer.getModel().vocabLookup.get("<|im_end|>");
        long[] hello = tokenizer.encode(tokenText.toTokenizerInput("hello"));
        List<Integer> ids = new java.util.ArrayList<>();
        Arrays.stream(hello).forEach(id -> ids.add((int) id));
        ids.add((int) imEnd);

        String decoded = tokenText.decode(ids);

        assertThat(tokenText.isByteLevel()).isTrue();
        assertThat(decoded).isEqualTo("hello");
    }
}
