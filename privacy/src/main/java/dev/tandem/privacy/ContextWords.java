package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Words near an entity that raise or lower its score, as in Microsoft Presidio: {@code 4111 1111 1111
 * 1111} after "card" is surely a card number; a date after "born" is a date of birth; a number after
 * "order" or "ISBN" is probably not personal data.
 *
 * <p>A word matches a whole word of the window, ignoring case; a phrase such as "date of birth"
 * matches those words in sequence; a word ending in {@code *} is a prefix, so {@code telefon*} also
 * matches "Telefonnummer". When
 * a positive word is in the window the score rises by {@link #boost()} (capped at 1); otherwise,
 * when a negative word is, it falls by {@link #penalty()}.
 *
 * <pre>{@code
 * ContextWords card = ContextWords.builder()
 *         .positive("card", "visa", "karte", "carte", "tarjeta")
 *         .negative("order", "invoice", "isbn")
 *         .build();
 * }</pre>
 *
 * <p>Defaults: 6 words before, 2 after, boost 0.35, penalty 0.35. Immutable and thread-safe.
 */
public final class ContextWords {

    private static final ContextWords NONE = builder().build();

    private final List<String> positive;
    private final List<String> negative;
    private final WordsByFirstChar positiveIndex;
    private final WordsByFirstChar negativeIndex;
    private final int wordsBefore;
    private final int wordsAfter;
    private final double boost;
    private final double penalty;

    private ContextWords(Builder builder) {
        this.positive = List.copyOf(builder.positive);
        this.negative = List.copyOf(builder.negative);
        this.positiveIndex = new WordsByFirstChar(positive);
        this.negativeIndex = new WordsByFirstChar(negative);
        this.wordsBefore = builder.wordsBefore;
        this.wordsAfter = builder.wordsAfter;
        this.boost = builder.boost;
        this.penalty = builder.penalty;
    }

    /** No context words: scores stay as the recognizer gave them. */
    public static ContextWords none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.positive.addAll(positive);
        builder.negative.addAll(negative);
        builder.wordsBefore = wordsBefore;
        builder.wordsAfter = wordsAfter;
        builder.boost = boost;
        builder.penalty = penalty;
        return builder;
    }

    public List<String> positive() {
        return positive;
    }

    public List<String> negative() {
        return negative;
    }

    public int wordsBefore() {
        return wordsBefore;
    }

    public int wordsAfter() {
        return wordsAfter;
    }

    public double boost() {
        return boost;
    }

    public double penalty() {
        return penalty;
    }

    /**
     * The score of the span {@code [start, end)} of a text after looking at its context.
     *
     * @param lowerText the text lower-cased character by character (see {@link Text#lower(String)}),
     *     so that offsets match the original
     */
    public double adjust(String lowerText, int start, int end, double score) {
        if (positive.isEmpty() && negative.isEmpty()) {
            return score;
        }
        int from = Text.wordsBefore(lowerText, start, wordsBefore);
        int to = Text.wordsAfter(lowerText, end, wordsAfter);
        if (containsAny(lowerText, from, start, positiveIndex) || containsAny(lowerText, end, to, positiveIndex)) {
            return Math.min(1.0, score + boost);
        }
        if (containsAny(lowerText, from, start, negativeIndex) || containsAny(lowerText, end, to, negativeIndex)) {
            return Math.max(0.0, score - penalty);
        }
        return score;
    }

    private static boolean containsAny(String lower, int from, int to, WordsByFirstChar words) {
        for (int at = from; at < to; at++) {
            if (!Character.isLetterOrDigit(lower.charAt(at))
                    || (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1)))) {
                continue;
            }
            for (String entry : words.startingWith(lower.charAt(at))) {
                boolean prefix = entry.charAt(entry.length() - 1) == '*';
                int length = prefix ? entry.length() - 1 : entry.length();
                int end = at + length;
                if (end <= to
                        && lower.regionMatches(at, entry, 0, length)
                        && (prefix || end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Words grouped by their first character, so that each word start of a window is compared only with
     * the words that can match there (scans call {@link #adjust} for every candidate span).
     */
    private static final class WordsByFirstChar {
        private static final String[] NONE = new String[0];

        private final char[] firsts;
        private final String[][] words;

        WordsByFirstChar(List<String> entries) {
            TreeMap<Character, List<String>> grouped = new TreeMap<>();
            for (String entry : entries) {
                grouped.computeIfAbsent(entry.charAt(0), first -> new ArrayList<>())
                        .add(entry);
            }
            firsts = new char[grouped.size()];
            words = new String[grouped.size()][];
            int i = 0;
            for (var group : grouped.entrySet()) {
                firsts[i] = group.getKey();
                words[i++] = group.getValue().toArray(String[]::new);
            }
        }

        String[] startingWith(char c) {
            int at = Arrays.binarySearch(firsts, c);
            return at >= 0 ? words[at] : NONE;
        }
    }

    @Override
    public String toString() {
        return "ContextWords[positive=" + positive.size() + ", negative=" + negative.size() + ", before=" + wordsBefore
                + ", after=" + wordsAfter + ", boost=" + boost + ", penalty=" + penalty + "]";
    }

    /** Builds {@link ContextWords}; words are lower-cased with the root locale. */
    public static final class Builder {
        private final List<String> positive = new ArrayList<>();
        private final List<String> negative = new ArrayList<>();
        private int wordsBefore = 6;
        private int wordsAfter = 2;
        private double boost = 0.35;
        private double penalty = 0.35;

        private Builder() {}

        public Builder positive(String... words) {
            return positive(Arrays.asList(words));
        }

        public Builder positive(Collection<String> words) {
            words.forEach(word -> positive.add(normalise(word)));
            return this;
        }

        public Builder negative(String... words) {
            return negative(Arrays.asList(words));
        }

        public Builder negative(Collection<String> words) {
            words.forEach(word -> negative.add(normalise(word)));
            return this;
        }

        /** How many words before the entity to look at, 0 to 50. */
        public Builder wordsBefore(int words) {
            this.wordsBefore = inRange("wordsBefore", words);
            return this;
        }

        /** How many words after the entity to look at, 0 to 50. */
        public Builder wordsAfter(int words) {
            this.wordsAfter = inRange("wordsAfter", words);
            return this;
        }

        /** How much a positive word adds to the score, in [0, 1]. */
        public Builder boost(double boost) {
            this.boost = unit("boost", boost);
            return this;
        }

        /** How much a negative word takes from the score, in [0, 1]. */
        public Builder penalty(double penalty) {
            this.penalty = unit("penalty", penalty);
            return this;
        }

        public ContextWords build() {
            return new ContextWords(this);
        }

        private static String normalise(String word) {
            requireNonNull(word, "word");
            String trimmed = word.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty() || trimmed.equals("*")) {
                throw new IllegalArgumentException("context word must not be blank");
            }
            return trimmed;
        }

        private static int inRange(String name, int words) {
            if (words < 0 || words > 50) {
                throw new IllegalArgumentException(name + " " + words + " is outside [0, 50]");
            }
            return words;
        }

        static double unit(String name, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException(name + " " + value + " is outside [0, 1]");
            }
            return value;
        }
    }
}
