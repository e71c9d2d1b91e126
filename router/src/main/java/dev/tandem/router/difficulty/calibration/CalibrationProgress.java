package dev.tandem.router.difficulty.calibration;

/** Told how a calibration advances, for a progress bar; called on the calibrating thread. */
@FunctionalInterface
public interface CalibrationProgress {

    /** Ignores progress. */
    CalibrationProgress NONE = (stage, done, total) -> {};

    /**
     * @param stage what is being done, such as {@code computing signals}
     * @param done how many items of this stage are done, 1 to {@code total}
     */
    void update(String stage, int done, int total);
}
