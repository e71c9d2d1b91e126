package dev.tandem.router.execute;

import dev.tandem.router.redact.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * Restores placeholders in a streamed answer. A placeholder such as {@code <EMAIL_1>} may arrive split
 * across chunks ({@code "<EMA"}, {@code "IL_1>"}), so text from the last {@code '<'} on is held back
 * while it can still become a placeholder (in any case, with spaces or dashes, as a model may write it
 * back), and everything before it is restored and released. At most
 * {@value #MAX_HELD} characters are held. Without a redaction, chunks pass through unchanged. Not
 * thread-safe: one per attempt.
 *
 * <p>Pseudonyms are handled the same way: a tail that is the start of a pseudonym ({@code "Alex Mo"} of
 * {@code "Alex Morgan"}) is held until it completes or stops matching.
 */
final class StreamRestorer {

    static final int MAX_HELD = 64;

    private final @Nullable Redaction redaction;
    private final StringBuilder held = new StringBuilder();

    StreamRestorer(@Nullable Redaction redaction) {
        this.redaction = redaction;
    }

    /** The restored text that can be released now; may be empty. */
    String push(String chunk) {
        if (redaction == null) {
            return chunk;
        }
        held.append(chunk);
        int keepFrom = Math.min(keepFrom(held), redaction.pseudonymTailStart(held));
        String ready = held.substring(0, keepFrom);
        held.delete(0, keepFrom);
        return ready.isEmpty() ? ready : redaction.restore(ready);
    }

    /** Releases whatever is held, restored: at the end of the answer. */
    String flush() {
        if (redaction == null || held.isEmpty()) {
            return "";
        }
        String rest = redaction.restore(held.toString());
        held.setLength(0);
        return rest;
    }

    /** Where the tail that may still grow into a placeholder starts; the length when there is none. */
    static int keepFrom(CharSequence text) {
        int open = lastIndexOf(text, '<');
        if (open < 0 || text.length() - open > MAX_HELD) {
            return text.length();
        }
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            // A model may write a placeholder back in lower case or with spaces: hold those too.
            boolean letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            boolean allowed = i == open + 1
                    ? letter
                    : letter || (c >= '0' && c <= '9') || c == '_' || c == ' ' || c == '-' || c == '#';
            if (!allowed) {
                return text.length();
            }
        }
        return open;
    }

    private static int lastIndexOf(CharSequence text, char c) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
