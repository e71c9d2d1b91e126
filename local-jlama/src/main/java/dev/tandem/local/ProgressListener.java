package dev.tandem.local;

/**
 * Hears how a long task (a download, a quantization) advances. Methods are called on the working thread,
 * in order: {@link #started} once, {@link #progressed} any number of times with a growing {@code done},
 * then {@link #finished} once if the task succeeds. Every method has a no-op default; implementations
 * should return quickly.
 *
 * <p>{@link TerminalProgressBar} draws a bar on a terminal.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * @param task what runs, for example {@code "Downloading Qwen/Qwen2.5-0.5B-Instruct"}
     * @param total the units (bytes) the task will process; 0 when unknown
     * @param done units already done before this run (bytes of an earlier, interrupted download)
     */
    default void started(String task, long total, long done) {}

    /**
     * @param done units done so far, including those done before this run
     * @param detail what is being worked on now, for example the file name
     */
    default void progressed(long done, String detail) {}

    /** @param summary one line on the result, for example the folder the model is in */
    default void finished(String summary) {}
}
