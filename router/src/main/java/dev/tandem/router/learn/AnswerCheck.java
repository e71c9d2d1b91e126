package dev.tandem.router.learn;

/**
 * Decides whether a shadowed request's local and remote answers agree, for a policy's {@code
 * learning.shadow.agreement: {check: NAME}}. Register it with {@code
 * TandemRouter.Builder.answerCheck(NAME, check)}; for instance, the chosen option of a multiple-choice
 * question:
 *
 * <pre>{@code
 * Pattern option = Pattern.compile("\\b([A-D])\\b");
 * AnswerCheck sameOption = (prompt, local, remote) -> {
 *     Matcher a = option.matcher(local), b = option.matcher(remote);
 *     return a.find() && b.find() && a.group(1).equals(b.group(1));
 * };
 * }</pre>
 *
 * Called on a background thread, never on the caller's; it must be thread-safe. An exception it throws
 * is logged (without content) and the request gives no label.
 */
@FunctionalInterface
public interface AnswerCheck {

    /** Whether {@code localAnswer} is as good as {@code remoteAnswer} for {@code prompt}. */
    boolean agree(String prompt, String localAnswer, String remoteAnswer);
}
