package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import com.github.tjake.jlama.safetensors.prompt.PromptSupport;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.tandem.local.forge.ModelForge;
import dev.tandem.local.forge.ModelShape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatPromptTest {

    @TempDir
    static Path model;

    private static PromptSupport promptSupport;

    @BeforeAll
    static void forgeTokenizer() {
        ModelForge.forge(ModelShape.ofDefaults(ModelShape.Architecture.LLAMA), model);
        promptSupport = new LlamaTokenizer(model).promptSupport().orElseThrow();
    }

    @Test
    void rendersAConversationWithTheModelsChatMlTemplate() {
        String prompt = ChatPrompt.render(
                promptSupport,
                List.of(
                        SystemMessage.from("Be brief."),
                        UserMessage.from("Hi"),
                        AiMessage.from("Hello!"),
                        UserMessage.from("Grüße 你好")),
                List.of(),
                ChatPrompt.ToolRendering.NONE,
                null,
                "local");

        assertThat(prompt)
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n"
                        + "<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\nHello!<|im_end|>\n"
                        + "<|im_start|>user\nGrüße 你好<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void joinsTheTextPartsOfAUserMessage() {
        String prompt = ChatPrompt.render(
                promptSupport,
                List.of(UserMessage.from(TextContent.from("first"), TextContent.from("second"))),
                List.of(),
                ChatPrompt.ToolRendering.NONE,
                null,
                "local");

        assertThat(prompt).isEqualTo("<|im_start|>user\nfirst\nsecond<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void theJsonInstructionJoinsTheFirstSystemMessage() {
        String prompt = ChatPrompt.render(
                promptSupport,
                List.of(SystemMessage.from("Be brief."), UserMessage.from("Hi")),
                List.of(),
                ChatPrompt.ToolRendering.NONE,
                "Answer with JSON.",
                "local");

        assertThat(prompt)
                .isEqualTo("<|im_start|>system\nBe brief.\n\nAnswer with JSON.<|im_end|>\n"
                        + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    }
}
