package dev.tandem.local;

import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.BPETokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.Tokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.TokenizerModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Converts between Java strings and what Jlama's tokenizer expects, working around its byte-level BPE
 * bug (Jlama 0.8.4, Llama 3 and Qwen2 style tokenizers): it looks every character up as if it were one
 * byte, so Latin-1 letters get the wrong ids, anything above U+00FF is dropped, and output decodes to
 * mojibake.
 *
 * <p>The fix feeds the tokenizer the UTF-8 bytes of the text, one character per byte (ISO-8859-1), which
 * is exactly what byte-level BPE works on, and decodes output ids back to bytes before reading them as
 * UTF-8, so a character split across tokens comes out whole. Other tokenizers (SentencePiece with byte
 * fallback) handle Unicode themselves and pass through unchanged.
 */
final class TokenText {

    private final Tokenizer tokenizer;
    private final boolean byteLevel;

    private TokenText(Tokenizer tokenizer, boolean byteLevel) {
        this.tokenizer = tokenizer;
        this.byteLevel = byteLevel;
    }

    static TokenText of(Tokenizer tokenizer) {
        TokenizerModel model = tokenizer.getModel();
        // The same condition under which LlamaTokenizer maps characters through the GPT-2 byte table.
        boolean byteLevel = tokenizer instanceof LlamaTokenizer && model.isLegacy() && !model.byteFallback;
        return new TokenText(tokenizer, byteLevel);
    }

    boolean isByteLevel() {
        return byteLevel;
    }

    /** The text to hand to Jlama's tokenizer for {@code text}. */
    String toTokenizerInput(String text) {
        return byteLevel ? new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : text;
    }

    /** The text of generated ids; special tokens (turn markers, end of text) are left out. */
    String decode(List<Integer> ids) {
        TokenizerModel model = tokenizer.getModel();
        List<Integer> visible =
                ids.stream().filter(id -> !model.isSpecialToken(id)).toList();
        if (!byteLevel) {
            return tokenizer.decode(
                    visible.stream().mapToLong(Integer::longValue).toArray());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : visible) {
            String symbols = model.vocabLookup.inverse().get((long) id);
            if (symbols == null) {
                // Models may declare a vocab_size beyond the tokenizer's last id; such ids have no text.
                continue;
            }
            if (model.addedTokens().containsKey(symbols)) {
                bytes.writeBytes(symbols.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            symbols.codePoints()
                    .forEach(symbol ->
                            bytes.write(BPETokenizer.alteredBytes.inverse().getOrDefault(symbol, symbol)));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
