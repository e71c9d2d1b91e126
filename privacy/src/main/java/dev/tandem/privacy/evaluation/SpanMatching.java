package dev.tandem.privacy.evaluation;

import dev.tandem.core.assessment.EntitySpan;

/** When a detected span counts as finding a gold span. Both require the same entity type. */
public enum SpanMatching {
    /** Same start and end. */
    EXACT,
    /** The overlap covers at least half of the longer of the two spans (the default). */
    HALF_OVERLAP;

    /** How many UTF-16 units the spans share when they match, or 0 when they do not. */
    int match(EntitySpan gold, EntitySpan detected) {
        if (!gold.type().equals(detected.type())) {
            return 0;
        }
        int overlap = Math.min(gold.end(), detected.end()) - Math.max(gold.start(), detected.start());
        if (overlap <= 0) {
            return 0;
        }
        return switch (this) {
            case EXACT -> gold.start() == detected.start() && gold.end() == detected.end() ? overlap : 0;
            case HALF_OVERLAP -> 2 * overlap >= Math.max(gold.length(), detected.length()) ? overlap : 0;
        };
    }
}
