package dev.tandem.router.redact;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.router.assess.RequestParts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redacted request and what it takes to restore the answer: placeholders ({@code <EMAIL_1>}) and
 * pseudonyms (fake values), each mapped to its original, and the replacement of every value redacted so
 * far (masks and hashes included, which are not restorable).
 *
 * <p>Placeholders cannot collide with the request: a placeholder is never issued when the same token
 * (ignoring case and spacing) already occurs anywhere in the request, so a user's literal {@code
 * <EMAIL_1>} is skipped over ({@code <EMAIL_2>} is issued instead) and stays literal in the answer.
 * Restoration replaces only tokens issued for this request, and only whole tokens: a pseudonym inside a
 * longer word is left alone.
 *
 * <p>Values are matched across common reformattings, ignoring case and the spaces, dashes, dots and
 * other separators between their letters and digits: {@code <email_1>} and {@code < EMAIL_1 >} restore
 * like {@code <EMAIL_1>}, and {@link #redactText} catches {@code 4539-1488-0343-6467} for an original
 * {@code 4539 1488 0343 6467} and {@code Jane.Doe@Example.com} for {@code jane.doe@example.com}.
 *
 * <p>Its {@code toString} shows counts only: the originals are personal data. Thread-safe: text redacted
 * later in the request (a continuation) may add replacements while another thread restores.
 */
public final class Redaction {

    /** A token between angle brackets, as a model may write a placeholder back: any case, some spacing. */
    private static final Pattern BRACKETED = Pattern.compile("<[A-Za-z0-9_#\\- ]{1,60}>");

    private static final int MAX_SEPARATORS = 3;
    private static final String SEPARATORS = "[^\\p{L}\\p{N}]{0," + MAX_SEPARATORS + "}";
    private static final String NOT_AFTER_WORD = "(?<![\\p{L}\\p{N}])";
    private static final String NOT_BEFORE_WORD = "(?![\\p{L}\\p{N}])";

    private ChatRequest request;
    private final RedactionPlan plan;
    private final byte[] salt;
    private final Set<String> takenTokens;
    private final String requestText;

    /** Issued placeholder, normalized ({@code <EMAIL_1>}) -> original. */
    private final Map<String, String> originals = new HashMap<>();
    /** Pseudonym -> original. */
    private final Map<String, String> pseudonyms = new HashMap<>();
    /** Type and skeleton of an original -> its replacement, whatever the method. */
    private final Map<String, String> replacements = new HashMap<>();
    /** Skeleton of an original -> the original, to find its reformatted copies. */
    private final Map<String, String> originalBySkeleton = new HashMap<>();
    /** Skeleton of a pseudonym -> its original, to restore reformatted copies. */
    private final Map<String, String> pseudonymOriginalBySkeleton = new HashMap<>();

    private final Map<String, Integer> countersByType = new HashMap<>();
    private Pattern pseudonymPattern = null;
    private Pattern originalPattern = null;
    private int longestPseudonym;

    Redaction(ChatRequest request, RedactionPlan plan, byte[] salt, String requestText) {
        this.request = request;
        this.plan = plan;
        this.salt = salt.clone();
        this.requestText = requestText;
        this.takenTokens = new HashSet<>();
        Matcher tokens = BRACKETED.matcher(requestText);
        while (tokens.find()) {
            takenTokens.add(normalizedToken(tokens.group()));
        }
    }

    /** The request with every planned entity rewritten. */
    public synchronized ChatRequest request() {
        return request;
    }

    synchronized void request(ChatRequest redacted) {
        this.request = redacted;
    }

    /** How many distinct values were replaced by placeholders or pseudonyms (the restorable ones). */
    public synchronized int placeholderCount() {
        return originals.size() + pseudonyms.size();
    }

    /**
     * The replacement of {@code value}, found as {@code type}, by the plan's method for the type (a
     * placeholder for a type the plan does not name): the same value gets the same replacement for the
     * whole request, including its reformatted copies.
     */
    synchronized String replacementOf(EntityType type, String value) {
        String key = type.name() + '\u0000' + skeleton(value);
        String known = replacements.get(key);
        if (known != null) {
            return known;
        }
        RedactionMethod method = plan.covers(type) ? plan.methodOf(type) : RedactionMethod.PLACEHOLDER;
        String replacement = switch (method) {
            case MASK -> Redactor.mask(type, value);
            case HASH -> "<" + type.name() + "#" + Redactor.hash(salt, type.name(), value) + ">";
            case PSEUDONYM -> {
                String fake = Redactor.pseudonym(type, value, salt, requestText, pseudonyms.keySet());
                pseudonyms.put(fake, value);
                if (!skeleton(fake).isEmpty()) {
                    pseudonymOriginalBySkeleton.put(skeleton(fake), value);
                }
                pseudonymPattern = null;
                longestPseudonym = Math.max(longestPseudonym, fake.length());
                yield fake;
            }
            default -> {
                String placeholder;
                do {
                    placeholder = "<" + type.name() + "_" + countersByType.merge(type.name(), 1, Integer::sum) + ">";
                } while (takenTokens.contains(placeholder));
                originals.put(placeholder, value);
                yield placeholder;
            }
        };
        replacements.put(key, replacement);
        if (!skeleton(value).isEmpty()) {
            originalBySkeleton.putIfAbsent(skeleton(value), value);
            replacements.putIfAbsent("\u0000" + skeleton(value), replacement);
            originalPattern = null;
        }
        return replacement;
    }

    /** The text with every issued placeholder and pseudonym replaced by its original value. */
    public synchronized String restore(String text) {
        String out = replaceAll(text, BRACKETED, token -> {
            String normalized = normalizedToken(token);
            String original = originals.get(normalized);
            if (original == null) {
                original = pseudonyms.get(normalized);
            }
            return original;
        });
        if (pseudonymOriginalBySkeleton.isEmpty()) {
            return out;
        }
        if (pseudonymPattern == null) {
            pseudonymPattern = anyOf(pseudonymOriginalBySkeleton.keySet());
        }
        return replaceAll(out, pseudonymPattern, match -> pseudonymOriginalBySkeleton.get(skeleton(match)));
    }

    /**
     * The answer with its text, thinking and tool-call arguments restored; tool-call ids and names stay
     * as the model sent them.
     */
    public AiMessage restore(AiMessage message) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (ToolExecutionRequest call : message.toolExecutionRequests()) {
            calls.add(
                    call.arguments() == null
                            ? call
                            : call.toBuilder()
                                    .arguments(restore(call.arguments()))
                                    .build());
        }
        return AiMessage.builder()
                .text(message.text() == null ? null : restore(message.text()))
                .thinking(message.thinking() == null ? null : restore(message.thinking()))
                .toolExecutionRequests(calls)
                .attributes(message.attributes())
                .build();
    }

    /**
     * Where the tail of a streamed text starts that may still grow into a pseudonym (in any of the
     * reformattings {@link #restore} accepts): the earliest position, at the start of a word, whose rest
     * is a proper prefix of one; the length of the text when there is none.
     */
    public synchronized int pseudonymTailStart(CharSequence text) {
        if (pseudonymOriginalBySkeleton.isEmpty()) {
            return text.length();
        }
        int from = Math.max(0, text.length() - longestPseudonym * (1 + MAX_SEPARATORS));
        for (int i = from; i < text.length(); i++) {
            if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            String tail = skeleton(text.subSequence(i, text.length()));
            if (tail.isEmpty()) {
                continue;
            }
            for (String fake : pseudonymOriginalBySkeleton.keySet()) {
                if (fake.length() > tail.length() && fake.startsWith(tail)) {
                    return i;
                }
            }
        }
        return text.length();
    }

    /**
     * Text that leaves the machine later in the request (such as a partial answer sent to another tier
     * to continue), redacted: every span in {@code found} (the scanner's findings in this text) is
     * replaced as the plan says, and so is every value already redacted in this request wherever it
     * recurs, reformatted or not. Overlapping spans are merged; spans past the text are clipped.
     */
    public synchronized String redactText(String text, List<EntitySpan> found) {
        List<EntitySpan> spans = new ArrayList<>();
        for (EntitySpan span : found) {
            if (span.start() < text.length()) {
                spans.add(new EntitySpan(span.type(), span.start(), Math.min(span.end(), text.length()), span.score()));
            }
        }
        if (!originalBySkeleton.isEmpty()) {
            if (originalPattern == null) {
                originalPattern = anyOf(originalBySkeleton.keySet());
            }
            Matcher known = originalPattern.matcher(text);
            while (known.find()) {
                spans.add(new EntitySpan(KNOWN, known.start(), known.end(), 1.0));
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        int cursor = 0;
        for (EntitySpan span : Spans.merge(spans)) {
            String value = text.substring(span.start(), span.end());
            String replacement = span.type().equals(KNOWN) ? replacements.get("\u0000" + skeleton(value)) : null;
            if (replacement == null) {
                replacement = replacementOf(span.type().equals(KNOWN) ? EntityType.of("PII") : span.type(), value);
            }
            out.append(text, cursor, span.start()).append(replacement);
            cursor = span.end();
        }
        return out.append(text, cursor, text.length()).toString();
    }

    /**
     * Whether {@code text} holds any value redacted in this request, in any of the reformattings
     * {@link #redactText} catches: a last check before text leaves the machine.
     */
    public synchronized boolean leaksAnyOriginal(String text) {
        if (originalBySkeleton.isEmpty()) {
            return false;
        }
        if (originalPattern == null) {
            originalPattern = anyOf(originalBySkeleton.keySet());
        }
        return originalPattern.matcher(text).find();
    }

    /**
     * Whether any text of {@code outgoing} that may leave the machine ({@link RequestParts}) holds a
     * value redacted in this request: the last guard before a remote call.
     */
    public boolean leaksInto(ChatRequest outgoing) {
        for (int section = 0; section < RequestParts.sectionCount(outgoing); section++) {
            if (leaksAnyOriginal(RequestParts.scanText(outgoing, section))) {
                return true;
            }
        }
        return false;
    }

    /** The type given to a recurrence of a known original; merged spans keep the scanner's type. */
    private static final EntityType KNOWN = EntityType.of("KNOWN_ORIGINAL");

    @Override
    public synchronized String toString() {
        return "Redaction[" + originals.size() + " placeholders, " + pseudonyms.size() + " pseudonyms]";
    }

    /** Letters and digits, lower-cased: what stays of a value across spacing, dashes and case. */
    static String skeleton(CharSequence value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(cp -> out.appendCodePoint(Character.toLowerCase(cp)));
        return out.toString();
    }

    /** {@code <email_1>}, {@code < EMAIL-1 >} -> {@code <EMAIL_1>}. */
    private static String normalizedToken(String token) {
        String inner = token.substring(1, token.length() - 1).strip().toUpperCase(Locale.ROOT);
        return "<" + inner.replace(' ', '_').replace('-', '_') + ">";
    }

    /**
     * Whole-word matches of any of the skeletons, with up to three separators between their
     * characters, longest first so that a value that starts another is not matched inside it.
     */
    private static Pattern anyOf(Set<String> skeletons) {
        StringBuilder regex = new StringBuilder(NOT_AFTER_WORD + "(?:");
        List<String> byLength = skeletons.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s))
                .toList();
        for (int k = 0; k < byLength.size(); k++) {
            if (k > 0) {
                regex.append('|');
            }
            int[] codePoints = byLength.get(k).codePoints().toArray();
            for (int i = 0; i < codePoints.length; i++) {
                if (i > 0) {
                    regex.append(SEPARATORS);
                }
                regex.append(Pattern.quote(Character.toString(codePoints[i])));
            }
        }
        regex.append(')').append(NOT_BEFORE_WORD);
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String replaceAll(String text, Pattern pattern, java.util.function.Function<String, String> lookup) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int cursor = 0;
        while (matcher.find()) {
            String original = lookup.apply(matcher.group());
            if (original == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, cursor, matcher.start()).append(original);
            cursor = matcher.end();
        }
        return out == null ? text : out.append(text, cursor, text.length()).toString();
    }
}
