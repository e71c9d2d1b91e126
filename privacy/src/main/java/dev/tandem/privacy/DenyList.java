package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.internal.AhoCorasick;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recognizer for a fixed list of terms, such as project code names or customer names, matched in
 * one pass with Aho-Corasick however long the list is.
 *
 * <pre>{@code
 * DenyList projects = DenyList.builder(EntityType.of("PROJECT"))
 *         .terms("Project Bluebird", "Nightjar")
 *         .score(0.9)
 *         .build();
 * }</pre>
 *
 * <p>Defaults: case-insensitive, whole words only (a term glued to a letter or digit does not match),
 * score 0.9. Immutable and thread-safe. {@code toString} shows the type and the number of terms,
 * never the terms.
 */
public final class DenyList implements Recognizer {

    private final EntityType type;
    private final List<String> terms;
    private final boolean caseSensitive;
    private final boolean wholeWords;
    private final double score;
    private final AhoCorasick automaton;

    private DenyList(Builder builder) {
        this.type = builder.type;
        this.terms = List.copyOf(builder.terms);
        this.caseSensitive = builder.caseSensitive;
        this.wholeWords = builder.wholeWords;
        this.score = builder.score;
        this.automaton = AhoCorasick.of(
                caseSensitive ? terms : terms.stream().map(Text::lower).toList());
    }

    public static Builder builder(EntityType type) {
        return new Builder(type);
    }

    public EntityType type() {
        return type;
    }

    @Override
    public List<EntitySpan> recognize(String text) {
        String haystack = caseSensitive ? text : Text.lower(text);
        List<EntitySpan> found = new ArrayList<>();
        automaton.forEachMatch(haystack, (start, end, keyword) -> {
            if (!wholeWords || Text.isWholeWord(haystack, start, end)) {
                found.add(new EntitySpan(type, start, end, score));
            }
        });
        return found;
    }

    @Override
    public String toString() {
        return "DenyList[type=" + type + ", terms=" + terms.size() + ", caseSensitive=" + caseSensitive
                + ", wholeWords=" + wholeWords + ", score=" + score + "]";
    }

    /** Builds a {@link DenyList}; at least one term is required. */
    public static final class Builder {
        private final EntityType type;
        private final Set<String> terms = new LinkedHashSet<>();
        private boolean caseSensitive;
        private boolean wholeWords = true;
        private double score = 0.9;

        private Builder(EntityType type) {
            this.type = requireNonNull(type, "type");
        }

        public Builder terms(String... terms) {
            return terms(Arrays.asList(terms));
        }

        public Builder terms(Collection<String> terms) {
            for (String term : terms) {
                requireNonNull(term, "term");
                if (term.isBlank()) {
                    throw new IllegalArgumentException("deny-list term for " + type + " must not be blank");
                }
                this.terms.add(term.strip());
            }
            return this;
        }

        public Builder caseSensitive(boolean caseSensitive) {
            this.caseSensitive = caseSensitive;
            return this;
        }

        public Builder wholeWords(boolean wholeWords) {
            this.wholeWords = wholeWords;
            return this;
        }

        /** The score of each match, in [0, 1]. */
        public Builder score(double score) {
            this.score = ContextWords.Builder.unit("score", score);
            return this;
        }

        public DenyList build() {
            if (terms.isEmpty()) {
                throw new IllegalStateException("deny-list for " + type + " has no terms; add at least one");
            }
            if (!caseSensitive) {
                Set<String> folded = new LinkedHashSet<>();
                terms.forEach(term -> folded.add(term.toLowerCase(Locale.ROOT)));
                terms.clear();
                terms.addAll(folded);
            }
            return new DenyList(this);
        }
    }
}
