package dev.tandem.router.resilience;

/**
 * What a streamed request does when its tier fails after some text was already sent to the caller.
 * (Before the first token a failure always falls back to the next tier, invisibly to the caller.)
 */
public enum PartialStreamFailure {
    /**
     * End with {@code StreamInterruptedException}, which carries the partial text. The default: the caller
     * decides, and an answer is never stitched from two models without asking.
     */
    ERROR,
    /**
     * Ask the next allowed tier to continue, with the partial answer as context; the stitched answer
     * completes normally and its outcome lists both attempts. Ends with {@code StreamInterruptedException}
     * when no tier is left.
     */
    CONTINUE
}
