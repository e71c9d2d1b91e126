package dev.tandem.router.difficulty;

import java.util.function.ToIntFunction;

/**
 * Cheap token counters for the tokenization-tax signal, used when no real tokenizer is supplied.
 *
 * <p>The tax compares how many tokens the <em>local</em> model's tokenizer needs for a text with how
 * many a <em>reference</em> tokenizer (a large multilingual vocabulary, as remote models have) needs.
 * A tiny model with a small byte-level BPE vocabulary shatters Chinese, Hindi or Thai into several
 * tokens per character, which costs context and usually quality. The Jlama tier can supply its real
 * tokenizer through {@link DifficultyConfig.Builder#localTokenizer(ToIntFunction)}.
 *
 * <p>Both approximations count per Unicode script, in tokens per character:
 *
 * <table>
 *   <caption>Approximate tokens per character</caption>
 *   <tr><th>script</th><th>{@link #approximateLocal()}</th><th>{@link #approximateReference()}</th></tr>
 *   <tr><td>ASCII letters, digits, punctuation</td><td>0.25</td><td>0.25</td></tr>
 *   <tr><td>Latin with diacritics</td><td>0.5</td><td>0.3</td></tr>
 *   <tr><td>Cyrillic, Greek</td><td>0.6</td><td>0.3</td></tr>
 *   <tr><td>Arabic, Hebrew</td><td>0.7</td><td>0.35</td></tr>
 *   <tr><td>Han, Hiragana, Katakana</td><td>1.3</td><td>0.7</td></tr>
 *   <tr><td>Hangul</td><td>1.2</td><td>0.6</td></tr>
 *   <tr><td>Devanagari and other Indic scripts, Thai</td><td>1.5</td><td>0.5</td></tr>
 *   <tr><td>anything else (emoji, symbols)</td><td>2.0</td><td>1.0</td></tr>
 * </table>
 *
 * <p>These are rough rules of thumb for a Llama-3/Qwen2-style byte-level BPE of a small model and a
 * large modern vocabulary, not measurements of any particular tokenizer. Whitespace counts as ASCII.
 * Both functions are thread-safe and allocation-free.
 */
public final class TokenCounters {

    private static final ToIntFunction<String> LOCAL = text -> count(text, 0.25, 0.5, 0.6, 0.7, 1.3, 1.2, 1.5, 2.0);
    private static final ToIntFunction<String> REFERENCE =
            text -> count(text, 0.25, 0.3, 0.3, 0.35, 0.7, 0.6, 0.5, 1.0);

    private TokenCounters() {}

    /** An approximation of a small local model's byte-level BPE tokenizer (see the class table). */
    public static ToIntFunction<String> approximateLocal() {
        return LOCAL;
    }

    /** An approximation of a large multilingual tokenizer, the reference the tax is measured against. */
    public static ToIntFunction<String> approximateReference() {
        return REFERENCE;
    }

    private static int count(
            String text,
            double ascii,
            double latin,
            double cyrillic,
            double semitic,
            double cjk,
            double hangul,
            double indic,
            double other) {
        double tokens = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < 0x80) {
                tokens += ascii;
                continue;
            }
            tokens += switch (Character.UnicodeScript.of(codePoint)) {
                case LATIN, COMMON, INHERITED -> codePoint < 0x2000 ? latin : other;
                case CYRILLIC, GREEK, ARMENIAN, GEORGIAN -> cyrillic;
                case ARABIC, HEBREW -> semitic;
                case HAN, HIRAGANA, KATAKANA -> cjk;
                case HANGUL -> hangul;
                case DEVANAGARI,
                        BENGALI,
                        TAMIL,
                        TELUGU,
                        KANNADA,
                        MALAYALAM,
                        GUJARATI,
                        GURMUKHI,
                        ORIYA,
                        SINHALA,
                        THAI,
                        LAO,
                        KHMER,
                        MYANMAR -> indic;
                default -> other;
            };
        }
        return (int) Math.ceil(tokens);
    }
}
