package dev.tandem.router.difficulty.calibration;

/**
 * The chosen model against length only on one source or one prompt kind, on held-out folds.
 *
 * @param group the source ({@code mmlu:college_physics}) or the prompt kind ({@code kind:multiple-choice})
 * @param lines the lines of that group
 * @param chosenApgr the chosen model's APGR within the group (0.5 is random)
 * @param lengthApgr length only's APGR within the group
 */
public record GroupComparison(String group, int lines, double chosenApgr, double lengthApgr) {

    /** Whether the chosen model routes this group worse than length only. */
    public boolean losesToLength() {
        return chosenApgr < lengthApgr;
    }
}
