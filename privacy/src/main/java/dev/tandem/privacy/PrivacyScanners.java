package dev.tandem.privacy;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.internal.CompositeScanner;
import dev.tandem.privacy.recognizers.BuiltInRecognizers;
import dev.tandem.privacy.tagger.PrivacyTagger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link PrivacyScanner}s from recognizers: the full built-in set, custom deny-lists and
 * patterns, allow-lists and context words.
 *
 * <pre>{@code
 * PrivacyScanner scanner = PrivacyScanners.builder()
 *         .recognizer(DenyList.builder(EntityType.of("PROJECT")).terms("Bluebird").build())
 *         .recognizer(PatternRule.builder(EntityType.of("EMPLOYEE_ID")).pattern("\\bEMP-\\d{6}\\b").build())
 *         .allowList(AllowList.builder().terms("support@acme.example").build())
 *         .build();
 * }</pre>
 *
 * <p>How a scan works: every recognizer proposes spans with a score; the {@link ContextWords} of the
 * span's type raise or lower it; spans under the minimum score (default 0.5) or on an allow-list are
 * dropped; of overlapping spans, the one with the highest score wins, then the longest, then the
 * earliest, then the type name, so the result is deterministic. The built-in recognizers are listed
 * in {@code docs/privacy.md}. Scanners are immutable and thread-safe; they hold no text.
 */
public final class PrivacyScanners {

    private static final double DEFAULT_MIN_SCORE = 0.5;
    private static volatile @Nullable PrivacyScanner defaults;

    private PrivacyScanners() {}

    /**
     * Every built-in recognizer and the trained {@link PrivacyTagger}, with the default context words
     * and a minimum score of 0.5. Built once, on first use.
     *
     * @throws dev.tandem.core.exception.TandemException when the tagger's model in the jar is missing or
     *     damaged
     */
    public static PrivacyScanner defaults() {
        PrivacyScanner scanner = defaults;
        if (scanner == null) {
            synchronized (PrivacyScanners.class) {
                scanner = defaults;
                if (scanner == null) {
                    scanner = builder().build();
                    defaults = scanner;
                }
            }
        }
        return scanner;
    }

    /** A builder that starts with the built-in recognizers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a scanner. */
    public static final class Builder {
        private boolean builtIns = true;
        private boolean useTagger = true;
        private @Nullable PrivacyTagger tagger;
        private final List<Recognizer> recognizers = new ArrayList<>();
        private final Map<EntityType, ContextWords> context = new HashMap<>();
        private final List<AllowList> allowLists = new ArrayList<>();
        private final Set<EntityType> disabled = new HashSet<>();
        private double minScore = DEFAULT_MIN_SCORE;

        private Builder() {}

        /** Leaves the built-in recognizers, the trained tagger and their context words out. */
        public Builder withoutBuiltIns() {
            this.builtIns = false;
            return this;
        }

        /** Adds a recognizer, such as a {@link DenyList} or a {@link PatternRule}. */
        public Builder recognizer(Recognizer recognizer) {
            recognizers.add(requireNonNull(recognizer, "recognizer"));
            return this;
        }

        /**
         * The tagger of names, places, organisations and addresses that joins the built-in recognizers;
         * by default the model in the jar ({@link PrivacyTagger#load()}).
         */
        public Builder tagger(PrivacyTagger tagger) {
            this.tagger = requireNonNull(tagger, "tagger");
            this.useTagger = true;
            return this;
        }

        /** Leaves the trained tagger out: only the rule-based built-in recognizers run. */
        public Builder withoutTagger() {
            this.useTagger = false;
            this.tagger = null;
            return this;
        }

        /** Sets the context words of a type, replacing the built-in ones. */
        public Builder contextWords(EntityType type, ContextWords words) {
            context.put(requireNonNull(type, "type"), requireNonNull(words, "words"));
            return this;
        }

        public Builder allowList(AllowList allowList) {
            allowLists.add(requireNonNull(allowList, "allowList"));
            return this;
        }

        /** Never reports these types, whichever recognizer finds them. */
        public Builder disable(EntityType... types) {
            disabled.addAll(Arrays.asList(types));
            return this;
        }

        /** The score a span needs after context to be reported, in [0, 1]; 0.5 by default. */
        public Builder minScore(double minScore) {
            this.minScore = ContextWords.Builder.unit("minScore", minScore);
            return this;
        }

        public PrivacyScanner build() {
            List<Recognizer> all = new ArrayList<>();
            Map<EntityType, ContextWords> words = new HashMap<>();
            if (builtIns) {
                all.addAll(BuiltInRecognizers.all());
                words.putAll(BuiltInRecognizers.contextWords());
                if (useTagger) {
                    all.add(tagger != null ? tagger : PrivacyTagger.load());
                }
            }
            all.addAll(recognizers);
            words.putAll(context);
            if (!disabled.isEmpty()) {
                Set<EntityType> off = Set.copyOf(disabled);
                List<Recognizer> filtered = new ArrayList<>();
                for (Recognizer recognizer : all) {
                    filtered.add(new Recognizer() {
                        @Override
                        public List<EntitySpan> recognize(String text) {
                            return recognizer.recognize(text).stream()
                                    .filter(span -> !off.contains(span.type()))
                                    .toList();
                        }

                        @Override
                        public String toString() {
                            return recognizer.toString();
                        }
                    });
                }
                all = filtered;
            }
            return new CompositeScanner(all, words, allowLists, minScore);
        }
    }
}
