package dev.tandem.router.privacy.internal;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.router.privacy.AllowList;
import dev.tandem.router.privacy.ContextWords;
import dev.tandem.router.privacy.Recognizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs every recognizer, adjusts scores by context, drops allowed and low-scoring spans, then keeps
 * a deterministic non-overlapping subset: highest score first, then longest, then earliest, then
 * type name. Thread-safe when its recognizers are.
 */
public final class CompositeScanner implements PrivacyScanner {

    private static final Comparator<EntitySpan> PRIORITY = Comparator.comparingDouble(EntitySpan::score)
            .reversed()
            .thenComparing(Comparator.comparingInt(EntitySpan::length).reversed())
            .thenComparingInt(EntitySpan::start)
            .thenComparing(EntitySpan::type);

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
        for (Recognizer recognizer : recognizers) {
            candidates.addAll(recognizer.recognize(text));
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        String lower = Text.lower(text);
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
        TreeMap<Integer, EntitySpan> kept = new TreeMap<>();
        for (EntitySpan span : byPriority) {
            Map.Entry<Integer, EntitySpan> before = kept.floorEntry(span.start());
            Map.Entry<Integer, EntitySpan> after = kept.ceilingEntry(span.start());
            boolean free = (before == null || before.getValue().end() <= span.start())
                    && (after == null || after.getValue().start() >= span.end());
            if (free) {
                kept.put(span.start(), span);
            }
        }
        return List.copyOf(kept.values());
    }

    @Override
    public String toString() {
        return "PrivacyScanner[recognizers=" + recognizers.size() + ", minScore=" + minScore + "]";
    }
}
