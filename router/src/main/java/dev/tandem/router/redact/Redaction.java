package dev.tandem.router.redact;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redacted request and the placeholders it uses. Its {@code toString} shows counts only: the
 * originals are personal data.
 */
public final class Redaction {

    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z][A-Z0-9_]*_\\d+>");

    private final ChatRequest request;
    private final Map<String, String> originals;

    Redaction(ChatRequest request, Map<String, String> originals) {
        this.request = request;
        this.originals = Map.copyOf(originals);
    }

    /** The request with every planned entity replaced by its placeholder. */
    public ChatRequest request() {
        return request;
    }

    /** How many distinct values were replaced. */
    public int placeholderCount() {
        return originals.size();
    }

    /** The text with every placeholder of this redaction replaced by its original value. */
    public String restore(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String original = originals.get(matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(original != null ? original : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * The text with every original value of this redaction replaced by its placeholder: for text that
     * goes to a remote tier after the request, such as a partial answer to continue.
     */
    public String redactText(String text) {
        String out = text;
        List<Map.Entry<String, String>> byLength = originals.entrySet().stream()
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
        return "Redaction[" + originals.size() + " placeholders]";
    }
}
