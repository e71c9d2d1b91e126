package dev.tandem.router.redact;

import dev.tandem.core.assessment.EntitySpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Puts spans from any scanner, custom ones included, into the shape the redactor needs. */
final class Spans {

    private Spans() {}

    /**
     * The spans sorted by start, with overlapping ones merged into one span that covers them all: a
     * value two recognizers disagree on is replaced whole, never half. A merged span takes the type of
     * its longest member (the first one found when as long).
     */
    static List<EntitySpan> merge(List<EntitySpan> spans) {
        List<EntitySpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(EntitySpan::start)
                .thenComparing(Comparator.comparingInt(EntitySpan::end).reversed()));
        List<EntitySpan> merged = new ArrayList<>(sorted.size());
        for (EntitySpan span : sorted) {
            if (merged.isEmpty()
                    || span.start() >= merged.get(merged.size() - 1).end()) {
                merged.add(span);
                continue;
            }
            EntitySpan last = merged.remove(merged.size() - 1);
            EntitySpan longer = span.length() > last.length() ? span : last;
            merged.add(new EntitySpan(
                    longer.type(),
                    last.start(),
                    Math.max(last.end(), span.end()),
                    Math.max(last.score(), span.score())));
        }
        return merged;
    }
}
