package dev.tandem.router.redact;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A redacted request and what it takes to restore the answer: placeholders ({@code <EMAIL_1>}) and
 * pseudonyms (fake values), each mapped to its original. Masked and hashed values are not restorable and
 * not kept. Its {@code toString} shows counts only: the originals are personal data.
 */
public final class Redaction {

    private static final String PLACEHOLDER_REGEX = "<[A-Z][A-Z0-9_]*_\\d+>";
    private static final Pattern PLACEHOLDER = Pattern.compile(PLACEHOLDER_REGEX);

    private final ChatRequest request;
    private final Map<String, String> originals;
    private final Map<String, String> pseudonyms;
    private final Pattern restorable;
    private final int longestPseudonym;

    Redaction(ChatRequest request, Map<String, String> originals) {
        this(request, originals, Map.of());
    }

    Redaction(ChatRequest request, Map<String, String> originals, Map<String, String> pseudonyms) {
        this.request = request;
        this.originals = Map.copyOf(originals);
        this.pseudonyms = Map.copyOf(pseudonyms);
        if (pseudonyms.isEmpty()) {
            this.restorable = PLACEHOLDER;
            this.longestPseudonym = 0;
        } else {
            // Longest first, so that a fake that starts another one is not matched inside it.
            String fakes = pseudonyms.keySet().stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote)
                    .collect(Collectors.joining("|"));
            this.restorable = Pattern.compile(PLACEHOLDER_REGEX + "|" + fakes);
            this.longestPseudonym =
                    pseudonyms.keySet().stream().mapToInt(String::length).max().orElse(0);
        }
    }

    /** The request with every planned entity rewritten. */
    public ChatRequest request() {
        return request;
    }

    /** How many distinct values were replaced by placeholders or pseudonyms (the restorable ones). */
    public int placeholderCount() {
        return originals.size() + pseudonyms.size();
    }

    /** The text with every placeholder and pseudonym of this redaction replaced by its original value. */
    public String restore(String text) {
        Matcher matcher = restorable.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String token = matcher.group();
            String original = originals.get(token);
            if (original == null) {
                original = pseudonyms.get(token);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(original != null ? original : token));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Where the tail of a streamed text starts that may still grow into a pseudonym: the earliest
     * position whose rest is a proper prefix of one; the length of the text when there is none.
     */
    public int pseudonymTailStart(CharSequence text) {
        if (pseudonyms.isEmpty()) {
            return text.length();
        }
        int from = Math.max(0, text.length() - longestPseudonym + 1);
        for (int i = from; i < text.length(); i++) {
            String tail = text.subSequence(i, text.length()).toString();
            for (String fake : pseudonyms.keySet()) {
                if (fake.length() > tail.length() && fake.startsWith(tail)) {
                    return i;
                }
            }
        }
        return text.length();
    }

    /**
     * The text with every original value of this redaction replaced by its placeholder or pseudonym:
     * for text that goes to a remote tier after the request, such as a partial answer to continue.
     */
    public String redactText(String text) {
        String out = text;
        Map<String, String> all = new java.util.HashMap<>(originals);
        all.putAll(pseudonyms);
        List<Map.Entry<String, String>> byLength = all.entrySet().stream()
                .sorted(Comparator.comparingInt(
                                (Map.Entry<String, String> e) -> e.getValue().length())
                        .reversed())
                .toList();
        for (Map.Entry<String, String> entry : byLength) {
            out = out.replace(entry.getValue(), entry.getKey());
        }
        return out;
    }

    @Override
    public String toString() {
        return "Redaction[" + originals.size() + " placeholders, " + pseudonyms.size() + " pseudonyms]";
    }
}
