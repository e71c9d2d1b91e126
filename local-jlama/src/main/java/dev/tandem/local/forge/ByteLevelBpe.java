package dev.tandem.local.forge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A byte-level BPE vocabulary in the GPT-2 / Llama 3 / Qwen2 style: the 256 byte symbols first, then
 * merges learnt from a small built-in corpus, then filler merges until the vocabulary has the size asked
 * for. Everything is deterministic: no hash-order iteration decides anything.
 */
final class ByteLevelBpe {

    /** The pre-tokenizer split of Qwen2 and Llama 3, as it appears in their tokenizer.json. */
    static final String SPLIT_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final Pattern SPLIT = Pattern.compile(SPLIT_PATTERN);

    private static final String[] BYTE_SYMBOLS = byteSymbols();

    // Ordinary text in the languages the SDK is tested with, so common words become single tokens and
    // multi-byte letters get merges of their own.
    private static final String CORPUS = """
            The quick brown fox jumps over the lazy dog. What is the capital of France? The capital of France \
            is Paris. Please summarise this document in three sentences. Can you help me write an email to my \
            colleague about the meeting on Monday? Thank you for your help. I would like to book a table for two \
            people at seven o'clock. The weather today is sunny with a light breeze from the west. Translate the \
            following text into German. You are a helpful assistant that answers questions about the invoice. \
            Der schnelle braune Fuchs springt über den faulen Hund. Können Sie mir bitte helfen? Grüße aus \
            München und Köln. Die Straße ist schön, und das Wetter ist heute wärmer als gestern. Bitte \
            überprüfen Sie die Rechnung für März. Le café est très bon, merci beaucoup. Où est la gare? \
            Il était une fois un élève très doué. The answer is 42, and the total is 1,234.56 euros. \
            """;

    private final List<String> tokens;
    private final List<String[]> merges;

    private ByteLevelBpe(List<String> tokens, List<String[]> merges) {
        this.tokens = List.copyOf(tokens);
        this.merges = List.copyOf(merges);
    }

    /**
     * Builds a vocabulary of exactly {@code size} ordinary tokens (ids 0 to size - 1); none of them
     * equals one of {@code reserved}. The merges of {@code extraCorpus} come first, then the built-in
     * corpus's.
     */
    static ByteLevelBpe build(int size, Set<String> reserved, String extraCorpus) {
        List<String> tokens = new ArrayList<>(size);
        for (int b = 0; b < 256; b++) {
            tokens.add(byteSymbol(b));
        }
        Set<String> known = new HashSet<>(tokens);
        known.addAll(reserved);
        List<String[]> merges = new ArrayList<>();
        if (!extraCorpus.isEmpty()) {
            learnMerges(extraCorpus, size, tokens, known, merges);
        }
        learnMerges(CORPUS, size, tokens, known, merges);
        fillMerges(size, tokens, known, merges);
        return new ByteLevelBpe(tokens, merges);
    }

    /** The ordinary tokens in id order. */
    List<String> tokens() {
        return tokens;
    }

    /** The merges in rank order, each a pair of tokens. */
    List<String[]> merges() {
        return merges;
    }

    /**
     * The printable symbol GPT-2 uses for a byte: printable Latin-1 bytes stand for themselves, the other
     * bytes map to U+0100 and up in byte order.
     */
    static String byteSymbol(int b) {
        return BYTE_SYMBOLS[b];
    }

    private static String[] byteSymbols() {
        String[] symbols = new String[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            symbols[b] = Character.toString(printable ? b : 256 + shifted++);
        }
        return symbols;
    }

    private static void learnMerges(
            String corpus, int size, List<String> tokens, Set<String> known, List<String[]> merges) {
        Map<List<String>, Integer> words = new LinkedHashMap<>();
        Matcher matcher = SPLIT.matcher(corpus);
        while (matcher.find()) {
            words.merge(symbols(matcher.group()), 1, Integer::sum);
        }
        // Merges learnt from an earlier corpus apply first, as the tokenizer applies them by rank.
        for (String[] earlier : List.copyOf(merges)) {
            Map<List<String>, Integer> next = new LinkedHashMap<>();
            words.forEach((word, count) -> next.merge(applyMerge(word, earlier), count, Integer::sum));
            words = next;
        }
        while (tokens.size() < size) {
            String[] best = mostFrequentPair(words);
            if (best == null) {
                return;
            }
            String merged = best[0] + best[1];
            merges.add(best);
            if (known.add(merged)) {
                tokens.add(merged);
            }
            Map<List<String>, Integer> next = new LinkedHashMap<>();
            words.forEach((word, count) -> next.merge(applyMerge(word, best), count, Integer::sum));
            words = next;
        }
    }

    private static List<String> symbols(String piece) {
        List<String> symbols = new ArrayList<>();
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            symbols.add(byteSymbol(Byte.toUnsignedInt(b)));
        }
        return symbols;
    }

    private static String @Nullable [] mostFrequentPair(Map<List<String>, Integer> words) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String[]> pairs = new HashMap<>();
        words.forEach((word, count) -> {
            for (int i = 0; i + 1 < word.size(); i++) {
                String key = word.get(i) + " " + word.get(i + 1);
                counts.merge(key, count, Integer::sum);
                pairs.putIfAbsent(key, new String[] {word.get(i), word.get(i + 1)});
            }
        });
        @Nullable String bestKey = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            int count = entry.getValue();
            // Ties go to the smaller key so the result never depends on hash order.
            if (count > bestCount || (count == bestCount && entry.getKey().compareTo(bestKey) < 0)) {
                bestKey = entry.getKey();
                bestCount = count;
            }
        }
        return bestKey == null ? null : pairs.get(bestKey);
    }

    private static List<String> applyMerge(List<String> word, String[] pair) {
        List<String> merged = new ArrayList<>(word.size());
        for (int i = 0; i < word.size(); i++) {
            if (i + 1 < word.size()
                    && word.get(i).equals(pair[0])
                    && word.get(i + 1).equals(pair[1])) {
                merged.add(pair[0] + pair[1]);
                i++;
            } else {
                merged.add(word.get(i));
            }
        }
        return merged;
    }

    // The corpus runs out of pairs long before a large vocabulary is full; pairing existing tokens in id
    // order supplies as many further valid merges as needed.
    private static void fillMerges(int size, List<String> tokens, Set<String> known, List<String[]> merges) {
        for (int left = 0; tokens.size() < size; left++) {
            for (int right = 0; right < tokens.size() && tokens.size() < size; right++) {
                String merged = tokens.get(left) + tokens.get(right);
                if (known.add(merged)) {
                    merges.add(new String[] {tokens.get(left), tokens.get(right)});
                    tokens.add(merged);
                }
            }
        }
    }
}
