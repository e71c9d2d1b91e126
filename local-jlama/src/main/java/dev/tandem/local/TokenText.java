package dev.tandem.local;

import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.BPETokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.Tokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.TokenizerModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
            appendBytes(model, id, bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A decoder for a stream of ids that only ever emits whole characters. */
    StreamDecoder streamDecoder() {
        return new StreamDecoder();
    }

    private void appendBytes(TokenizerModel model, int id, ByteArrayOutputStream bytes) {
        String symbols = model.vocabLookup.inverse().get((long) id);
        if (symbols == null) {
            // Models may declare a vocab_size beyond the tokenizer's last id; such ids have no text.
            return;
        }
        if (model.addedTokens().containsKey(symbols)) {
            bytes.writeBytes(symbols.getBytes(StandardCharsets.UTF_8));
            return;
        }
        symbols.codePoints()
                .forEach(symbol ->
                        bytes.write(BPETokenizer.alteredBytes.inverse().getOrDefault(symbol, symbol)));
    }

    /**
     * Turns ids into text as they arrive. Byte-level tokens often end in the middle of a multi-byte UTF-8
     * character (a Chinese character or an emoji spans 3 or 4 bytes, often split over two tokens), so the
     * bytes of an unfinished character are held back until the token that completes it arrives; {@link
     * #push} never returns half a character. Not thread-safe.
     */
    final class StreamDecoder {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final List<Integer> seen = new ArrayList<>();
        private int emittedChars;

        /** The text that {@code id} completes; empty while a character is still unfinished. */
        String push(int id) {
            TokenizerModel model = tokenizer.getModel();
            if (model.isSpecialToken(id)) {
                return "";
            }
            if (!byteLevel) {
                // Tokenizers that are not byte-level decode whole ids; emit what the longer text adds.
                seen.add(id);
                String all = decode(seen);
                String delta = all.length() > emittedChars ? all.substring(emittedChars) : "";
                emittedChars = all.length();
                return delta;
            }
            appendBytes(model, id, pending);
            byte[] bytes = pending.toByteArray();
            int complete = completePrefix(bytes);
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
            return new String(bytes, 0, complete, StandardCharsets.UTF_8);
        }

        /** Whatever is still held back (an unfinished character decodes to U+FFFD). */
        String flush() {
            String rest = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            return rest;
        }
    }

    /** The length of the longest prefix of {@code bytes} that does not end inside a UTF-8 sequence. */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: keep looking for the lead byte
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? n - back : n;
        }
        return n;
    }
}
