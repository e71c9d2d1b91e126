package dev.tandem.local;

import com.github.tjake.jlama.safetensors.tokenizer.TokenizerModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chat templates for models whose {@code tokenizer_config.json} carries none (base models, some
 * conversions). Jlama 0.8.4 refuses to build a prompt without one; rather than fail, the local tier
 * installs the conventional template of the model's family, chosen by {@code model_type} and by the
 * turn markers the vocabulary actually holds:
 *
 * <ul>
 *   <li>ChatML ({@code <|im_start|>role ... <|im_end|>}) for qwen2, or any vocabulary with those markers;
 *   <li>Llama 3 headers ({@code <|start_header_id|>role<|end_header_id|> ... <|eot_id|>}) for llama
 *       vocabularies that hold them;
 *   <li>Gemma turns ({@code <start_of_turn>user ... <end_of_turn>}) for gemma;
 *   <li>{@code [INST] ... [/INST]} for mistral and older llama;
 *   <li>a plain {@code User:} / {@code Assistant:} transcript for anything else.
 * </ul>
 */
final class ChatTemplates {

    /** The markers that end an assistant turn in the common templates; added to the stop tokens if present. */
    static final List<String> END_OF_TURN_MARKERS = List.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>");

    /** A template and the name of its family, for logs and docs. */
    record Fallback(String family, String template) {}

    static final String CHATML = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    static final String LLAMA3 = "{% for message in messages %}"
            + "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content']"
            + " + '<|eot_id|>' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    static final String GEMMA = "{% for message in messages %}"
            + "{% if message['role'] == 'assistant' %}{% set role = 'model' %}{% else %}{% set role = 'user' %}{% endif %}"
            + "{{ '<start_of_turn>' + role + '\\n' + message['content'] + '<end_of_turn>\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";

    static final String INST = "{% for message in messages %}"
            + "{% if message['role'] == 'assistant' %}{{ ' ' + message['content'] + ' ' }}"
            + "{% else %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}"
            + "{% endfor %}";

    static final String PLAIN = "{% for message in messages %}"
            + "{% if message['role'] == 'system' %}{{ 'System: ' + message['content'] + '\\n' }}"
            + "{% elif message['role'] == 'user' %}{{ 'User: ' + message['content'] + '\\n' }}"
            + "{% else %}{{ 'Assistant: ' + message['content'] + '\\n' }}{% endif %}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

    private ChatTemplates() {}

    /** The fallback for a model of {@code modelType} (config.json's {@code model_type}) and this vocabulary. */
    static Fallback fallbackFor(String modelType, TokenizerModel tokenizer) {
        String type = modelType.toLowerCase(Locale.ROOT);
        boolean chatMl = has(tokenizer, "<|im_start|>") && has(tokenizer, "<|im_end|>");
        boolean llama3 = has(tokenizer, "<|start_header_id|>") && has(tokenizer, "<|eot_id|>");
        boolean gemma = has(tokenizer, "<start_of_turn>") && has(tokenizer, "<end_of_turn>");
        if (type.startsWith("qwen") || chatMl) {
            return new Fallback("chatml", CHATML);
        }
        if (llama3) {
            return new Fallback("llama3", LLAMA3);
        }
        if (type.startsWith("gemma") || gemma) {
            return new Fallback("gemma", GEMMA);
        }
        if (type.equals("llama") || type.equals("mistral") || type.equals("mixtral")) {
            return new Fallback("inst", INST);
        }
        return new Fallback("plain", PLAIN);
    }

    /** Installs {@code fallback} as the tokenizer's default template, which is where Jlama looks for it. */
    static void install(TokenizerModel tokenizer, Fallback fallback) {
        tokenizer.setPromptTemplates(Map.of("default", fallback.template()));
    }

    /** The configured end-of-sequence ids plus every common end-of-turn marker the vocabulary holds. */
    static Set<Integer> endOfTurn(List<Integer> configured, TokenizerModel tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>(configured);
        for (String marker : END_OF_TURN_MARKERS) {
            Long id = tokenizer.vocabLookup.get(marker);
            if (id != null) {
                ids.add(id.intValue());
            }
        }
        return Set.copyOf(ids);
    }

    private static boolean has(TokenizerModel tokenizer, String token) {
        return tokenizer.vocabLookup.containsKey(token);
    }
}
