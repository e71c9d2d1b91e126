package dev.tandem.remote;

/**
 * The provider answered, but not in the Chat Completions format. The reason is written by this module
 * and is safe to show; the provider's bytes and the parser's message (which may quote them) are never
 * kept.
 */
final class UnreadableAnswerException extends Exception {

    private static final long serialVersionUID = 1L;

    UnreadableAnswerException(String reason) {
        super(reason, null, false, false);
    }
}
