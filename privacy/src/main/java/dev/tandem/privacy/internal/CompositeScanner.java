package dev.tandem.privacy.internal;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.AllowList;
import dev.tandem.privacy.ContextWords;
import dev.tandem.privacy.Recognizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs every recognizer, adjusts scores by context, drops allowed and low-scoring spans, then keeps
 * a deterministic non-overlapping subset: highest score first, then longest, then earliest, then
 * type name. Thread-safe when its recognizers are.
 */
public final class CompositeScanner implements PrivacyScanner {

    // Written out rather than chained from Comparator.comparing...: the sort calls it for every pair it compares.
    private static final Comparator<EntitySpan> PRIORITY = (a, b) -> {
        int order = Double.compare(b.score(), a.score());
        if (order == 0) {
            order = Integer.compare(b.length(), a.length());
        }
        if (order == 0) {
            order = Integer.compare(a.start(), b.start());
        }
        return order != 0 ? order : a.type().compareTo(b.type());
    };

    private final List<Recognizer> recognizers;
    private final Map<EntityType, ContextWords> context;
    private final List<AllowList> allowLists;
    private final double minScore;

    public CompositeScanner(
            List<Recognizer> recognizers,
            Map<EntityType, ContextWords> context,
            List<AllowList> allowLists,
            double minScore) {
        this.recognizers = List.copyOf(recognizers);
        this.context = Map.copyOf(context);
        this.allowLists = List.copyOf(allowLists);
        this.minScore = minScore;
    }

    @Override
    public List<EntitySpan> scan(String text) {
        List<EntitySpan> candidates = new ArrayList<>();
        ScannedText scanned = new ScannedText(text);
        for (Recognizer recognizer : recognizers) {
            candidates.addAll(
                    recognizer instanceof ScannedTextRecognizer shared
                            ? shared.recognize(scanned)
                            : recognizer.recognize(text));
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        String lower = scanned.lower();
        List<EntitySpan> scored = new ArrayList<>(candidates.size());
        for (EntitySpan candidate : candidates) {
            ContextWords words = context.get(candidate.type());
            double score = words == null
                    ? candidate.score()
                    : words.adjust(lower, candidate.start(), candidate.end(), candidate.score());
            if (score >= minScore && !allowed(text, candidate)) {
                scored.add(
                        score == candidate.score()
                                ? candidate
                                : new EntitySpan(candidate.type(), candidate.start(), candidate.end(), score));
            }
        }
        return withoutOverlaps(scored);
    }

    private boolean allowed(String text, EntitySpan span) {
        for (AllowList allowList : allowLists) {
            if (allowList.allows(text, span)) {
                return true;
            }
        }
        return false;
    }

    static List<EntitySpan> withoutOverlaps(List<EntitySpan> spans) {
        List<EntitySpan> byPriority = new ArrayList<>(spans);
        byPriority.sort(PRIORITY);
        BitSet covered = new BitSet();
        List<EntitySpan> kept = new ArrayList<>();
        for (EntitySpan span : byPriority) {
            int firstCovered = covered.nextSetBit(span.start());
            if (firstCovered < 0 || firstCovered >= span.end()) {
                covered.set(span.start(), span.end());
                kept.add(span);
            }
        }
        kept.sort(Comparator.comparingInt(EntitySpan::start));
        return List.copyOf(kept);
    }

    @Override
    public String toString() {
        return "PrivacyScanner[recognizers=" + recognizers.size() + ", minScore=" + minScore + "]";
    }
}
