package dev.tandem.router.difficulty;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Cheap token counters for the tokenization-tax and context-fit signals: rule-of-thumb rates per script,
 * or per-script rates {@link #measured measured} from a real tokenizer.
 *
 * <p>The tax compares how many tokens the <em>local</em> model's tokenizer needs for a text with how
 * many a <em>reference</em> tokenizer (a large multilingual vocabulary, as remote models have) needs.
 * A tiny model with a small byte-level BPE vocabulary shatters Chinese, Hindi or Thai into several
 * tokens per character, which costs context and usually quality. A router whose local tier has a
 * {@link dev.tandem.core.spi.LocalTokenizer} counts with {@link #measured} rates of that tokenizer.
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
 * All counters are thread-safe and allocation-free.
 */
public final class TokenCounters {

    /** The script classes the counters tell apart, in the order of their rates. */
    private enum ScriptClass {
        ASCII,
        LATIN,
        CYRILLIC,
        SEMITIC,
        CJK,
        HANGUL,
        INDIC,
        OTHER
    }

    /**
     * Ordinary sentences in each script class, on which {@link #measured} times a tokenizer. Each is
     * long enough (a few hundred characters) for a per-character rate to settle.
     */
    private static final Map<ScriptClass, String> SAMPLES = samples();

    private static final ToIntFunction<String> LOCAL = rates(0.25, 0.5, 0.6, 0.7, 1.3, 1.2, 1.5, 2.0);
    private static final ToIntFunction<String> REFERENCE = rates(0.25, 0.3, 0.3, 0.35, 0.7, 0.6, 0.5, 1.0);

    private TokenCounters() {}

    /** An approximation of a small local model's byte-level BPE tokenizer (see the class table). */
    public static ToIntFunction<String> approximateLocal() {
        return LOCAL;
    }

    /** An approximation of a large multilingual tokenizer, the reference the tax is measured against. */
    public static ToIntFunction<String> approximateReference() {
        return REFERENCE;
    }

    /**
     * A counter with the per-script rates of {@code tokenizer}, measured once, now, on a built-in
     * sentence sample of each script class: a real tokenizer's behaviour, at the cost of a character
     * scan per request. A byte-level BPE tokenizer of a small model runs at a microsecond or more per
     * character, too slow to run on every prompt of the decision path; its rates per script are what the
     * tokenization tax needs. The ASCII rate comes from English; each other class's rate is what its
     * sample costs beyond its ASCII characters (spaces, digits, punctuation), per character of the class.
     */
    public static ToIntFunction<String> measured(ToIntFunction<String> tokenizer) {
        double[] rates = new double[ScriptClass.values().length];
        String english = SAMPLES.get(ScriptClass.ASCII);
        rates[ScriptClass.ASCII.ordinal()] = rate(tokenizer.applyAsInt(english), english.length());
        // Symbols and emoji next, so that the punctuation of the other samples (full-width commas, say)
        // can be charged at their own rate.
        rates[ScriptClass.OTHER.ordinal()] = sampleRate(tokenizer, ScriptClass.OTHER, rates);
        for (ScriptClass script : ScriptClass.values()) {
            if (script != ScriptClass.ASCII && script != ScriptClass.OTHER) {
                rates[script.ordinal()] = sampleRate(tokenizer, script, rates);
            }
        }
        return rates(rates);
    }

    /** What the sample of {@code script} costs beyond its ASCII and symbol characters, per other character. */
    private static double sampleRate(ToIntFunction<String> tokenizer, ScriptClass script, double[] rates) {
        String sample = SAMPLES.get(script);
        double others = 0;
        int own = 0;
        for (int i = 0; i < sample.length(); ) {
            int codePoint = sample.codePointAt(i);
            i += Character.charCount(codePoint);
            ScriptClass found = classOf(codePoint);
            if (found != script && (found == ScriptClass.ASCII || found == ScriptClass.OTHER)) {
                others += rates[found.ordinal()];
            } else {
                // The script's own letters, and the punctuation it uses (the Arabic comma is Latin-1-ish
                // COMMON): charged to the script, as its prompts will be.
                own++;
            }
        }
        return Math.max(rates[ScriptClass.ASCII.ordinal()], (tokenizer.applyAsInt(sample) - others) / own);
    }

    private static double rate(int tokens, int characters) {
        return Math.max(0.01, tokens / (double) characters);
    }

    private static ToIntFunction<String> rates(double... perClass) {
        double[] copy = perClass.clone();
        return text -> count(text, copy);
    }

    private static int count(String text, double[] rates) {
        double tokens = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            tokens += rates[classOf(codePoint).ordinal()];
        }
        return (int) Math.ceil(tokens);
    }

    private static ScriptClass classOf(int codePoint) {
        if (codePoint < 0x80) {
            return ScriptClass.ASCII;
        }
        return switch (Character.UnicodeScript.of(codePoint)) {
            case LATIN, COMMON, INHERITED -> codePoint < 0x2000 ? ScriptClass.LATIN : ScriptClass.OTHER;
            case CYRILLIC, GREEK, ARMENIAN, GEORGIAN -> ScriptClass.CYRILLIC;
            case ARABIC, HEBREW -> ScriptClass.SEMITIC;
            case HAN, HIRAGANA, KATAKANA -> ScriptClass.CJK;
            case HANGUL -> ScriptClass.HANGUL;
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
                    MYANMAR -> ScriptClass.INDIC;
            default -> ScriptClass.OTHER;
        };
    }

    private static Map<ScriptClass, String> samples() {
        Map<ScriptClass, String> samples = new EnumMap<>(ScriptClass.class);
        samples.put(
                ScriptClass.ASCII,
                "Our nightly export job stopped half-way through last Tuesday. Could you"
                        + " compare the two configurations and explain which settings matter most? Please keep the answer"
                        + " short and list the steps in order of likely impact, with an example for each one.");
        samples.put(
                ScriptClass.LATIN,
                "Können Sie mir bitte erklären, warum die Rechnung für März höher ist?"
                        + " Où se trouve la gare la plus proche, et à quelle heure part le prochain train? ¿Cuántos años"
                        + " tiene tu hermano pequeño? Ça coûte très cher, déjà à Noël. Grüße aus München und Köln.");
        samples.put(
                ScriptClass.CYRILLIC,
                "Не могли бы вы объяснить, почему счёт за март выше обычного? Где"
                        + " находится ближайший вокзал и когда отправляется следующий поезд? Пожалуйста, ответьте"
                        + " коротко и перечислите шаги по порядку. Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.");
        samples.put(
                ScriptClass.SEMITIC,
                "هل يمكنك أن تشرح لماذا فاتورة شهر مارس أعلى من المعتاد؟ أين تقع أقرب"
                        + " محطة قطار، ومتى يغادر القطار التالي؟ من فضلك أجب باختصار ورتب الخطوات. שלום, מה שלומך היום?");
        samples.put(
                ScriptClass.CJK,
                "请你解释一下为什么三月份的账单比平时高？最近的火车站在哪里，下一班火车什么时候出发？" + "请简短回答，并按顺序列出步骤。今日はとても良い天気ですね。駅までの道を教えてください。");
        samples.put(
                ScriptClass.HANGUL,
                "삼월 청구서가 평소보다 높은 이유를 설명해 주시겠어요? 가장 가까운 기차역은 어디에" + " 있고 다음 기차는 언제 출발하나요? 짧게 대답하고 단계를 순서대로 나열해 주세요.");
        samples.put(
                ScriptClass.INDIC,
                "क्या आप समझा सकते हैं कि मार्च का बिल सामान्य से अधिक क्यों है? सबसे नज़दीकी"
                        + " रेलवे स्टेशन कहाँ है और अगली ट्रेन कब जाती है? กรุณาตอบสั้น ๆ และเรียงลำดับขั้นตอน");
        samples.put(ScriptClass.OTHER, "👋🙂🚀✅📦🔥💡🎉⚠️❤️ ✨🌍📈🧪🔒 ∑∫√∞≤≥≠ ☕️🍕🎵📚 →⇒↔ ★☆♠♣");
        return samples;
    }
}
