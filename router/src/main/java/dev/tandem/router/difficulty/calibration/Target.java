package dev.tandem.router.difficulty.calibration;

import dev.tandem.router.difficulty.evaluation.LabelledPrompt;
import java.util.Locale;

/**
 * What a calibration's model is fitted to predict for a labelled line, and so how it ranks requests. The
 * score it writes is the probability that the small model is wrong in either case: a model fitted to
 * {@link #REMOTE_HELPS} keeps its ranking and has its logit rescaled to that probability.
 */
public enum Target {
    /** The small (local) model answers wrongly. */
    SMALL_WRONG("small model wrong"),
    /**
     * The small model answers wrongly and the large one rightly: the requests where going remote gains
     * quality. Routing quality (APGR) counts only these gains, so this target routes better when many
     * questions defeat both models.
     */
    REMOTE_HELPS("small model wrong, large model right");

    private final String description;

    Target(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether the line is a positive of this target. */
    public boolean test(LabelledPrompt line) {
        return switch (this) {
            case SMALL_WRONG -> !line.smallCorrect();
            case REMOTE_HELPS -> !line.smallCorrect() && line.largeCorrect();
        };
    }

    /** The name on the command line: {@code small-wrong}, {@code remote-helps}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the valid ids */
    public static Target ofId(String id) {
        for (Target target : values()) {
            if (target.id().equals(id)) {
                return target;
            }
        }
        throw new IllegalArgumentException("unknown target '" + id + "', expected small-wrong or remote-helps");
    }
}
