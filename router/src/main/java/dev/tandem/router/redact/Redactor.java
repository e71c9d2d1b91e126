package dev.tandem.router.redact;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.router.assess.MessageText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Rewrites the entities a {@link RedactionPlan} covers, each type by its {@link RedactionMethod}:
 *
 * <ul>
 *   <li>{@code placeholder}: {@code <EMAIL_1>}; the same value gets the same placeholder in every
 *       message of the request, so the remote model can still refer to it;
 *   <li>{@code mask}: {@code j***@e******.com}; a card or account number keeps its last four digits,
 *       a secret keeps nothing;
 *   <li>{@code hash}: {@code <EMAIL#a1b2c3d4>}, the first 8 hex digits of SHA-256 over a salt, the type
 *       and the value; the same value gives the same hash for the salt's lifetime;
 *   <li>{@code pseudonym}: a realistic fake value of the same type (a name for a name, a Luhn-valid
 *       number for a card), the same for the same value in the request and never a text already in it.
 * </ul>
 *
 * <p>{@link Redaction#restore(String)} puts the originals of placeholders and pseudonyms back into the
 * answer; masked and hashed values stay as they are. The mapping lives only in the returned {@link
 * Redaction}, in memory, for one request. The default salt is random per process; pass one for
 * reproducible hashes and pseudonyms.
 */
public final class Redactor {

    private static final byte[] PROCESS_SALT = randomSalt();
    private static final int HASH_HEX_DIGITS = 8;

    private Redactor() {}

    public static Redaction redact(ChatRequest request, List<PrivacyFinding> findings, RedactionPlan plan) {
        return redact(request, findings, plan, PROCESS_SALT);
    }

    /** As {@link #redact(ChatRequest, List, RedactionPlan)}, with the salt of hashes and pseudonyms. */
    public static Redaction redact(
            ChatRequest request, List<PrivacyFinding> findings, RedactionPlan plan, byte[] salt) {
        List<ChatMessage> messages = request.messages();
        Map<String, String> placeholderByValue = new HashMap<>();
        Map<String, Integer> countersByType = new HashMap<>();
        Map<String, String> originals = new HashMap<>();
        Map<String, String> pseudonyms = new HashMap<>();
        String allText = messages.stream().map(MessageText::of).collect(Collectors.joining("\n"));
        List<ChatMessage> redacted = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            int index = i;
            List<PrivacyFinding> inMessage = findings.stream()
                    .filter(finding -> finding.messageIndex() == index && plan.covers(finding.type()))
                    .sorted(Comparator.comparingInt(finding -> finding.span().start()))
                    .toList();
            if (inMessage.isEmpty()) {
                redacted.add(messages.get(i));
                continue;
            }
            String text = MessageText.of(messages.get(i));
            StringBuilder out = new StringBuilder(text.length());
            int cursor = 0;
            for (PrivacyFinding finding : inMessage) {
                String value =
                        text.substring(finding.span().start(), finding.span().end());
                String type = finding.type().name();
                String replacement = switch (plan.methodOf(finding.type())) {
                    case MASK -> mask(finding.type(), value);
                    case HASH -> "<" + type + "#" + hash(salt, type, value) + ">";
                    case PSEUDONYM -> {
                        String fake = placeholderByValue.computeIfAbsent(
                                type + '\u0000' + value,
                                key -> pseudonym(finding.type(), value, salt, allText, pseudonyms));
                        pseudonyms.put(fake, value);
                        yield fake;
                    }
                    default -> {
                        String placeholder = placeholderByValue.computeIfAbsent(
                                type + '\u0000' + value,
                                key -> "<" + type + "_" + countersByType.merge(type, 1, Integer::sum) + ">");
                        originals.put(placeholder, value);
                        yield placeholder;
                    }
                };
                out.append(text, cursor, finding.span().start()).append(replacement);
                cursor = finding.span().end();
            }
            out.append(text, cursor, text.length());
            redacted.add(withText(messages.get(i), out.toString()));
        }
        return new Redaction(request.toBuilder().messages(redacted).build(), originals, pseudonyms);
    }

    /**
     * Letters and digits replaced by {@code *}, separators kept: the first character of each word
     * stays, and so does an email's top-level domain; digits all go, except the last four of a value
     * with ten or more (a card or an account number). A secret is masked completely.
     */
    static String mask(EntityType type, String value) {
        if (type.name().equals("SECRET") || type.name().equals("URL_CREDENTIALS")) {
            return "*".repeat(Math.min(value.length(), 12));
        }
        int at = type.name().equals("EMAIL") ? value.indexOf('@') : -1;
        if (at > 0) {
            // The local part keeps only its first character, dots and all: "jane.doe" shows no surname.
            return value.charAt(0) + "*".repeat(at - 1) + mask(EntityType.of("DOMAIN"), value.substring(at), true);
        }
        return mask(type, value, false);
    }

    private static String mask(EntityType type, String value, boolean keepTld) {
        int keepTldFrom = keepTld && value.lastIndexOf('.') > 0 ? value.lastIndexOf('.') : value.length();
        long digits = value.chars().filter(Character::isDigit).count();
        long digitsSeen = 0;
        StringBuilder out = new StringBuilder(value.length());
        boolean wordStart = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (i >= keepTldFrom) {
                out.append(c);
            } else if (Character.isDigit(c)) {
                digitsSeen++;
                out.append(digits >= 10 && digitsSeen > digits - 4 ? c : '*');
                wordStart = false;
            } else if (Character.isLetter(c)) {
                out.append(wordStart ? c : '*');
                wordStart = false;
            } else {
                out.append(c);
                wordStart = true;
            }
        }
        return out.toString();
    }

    static String hash(byte[] salt, String type, String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update(type.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A fake value seeded by the salted value; redrawn while it collides with the request or another fake. */
    private static String pseudonym(
            EntityType type, String value, byte[] salt, String allText, Map<String, String> taken) {
        Random random = new Random(Long.parseUnsignedLong(hash(salt, type.name(), value), 16));
        for (int attempt = 0; attempt < 100; attempt++) {
            String fake = Pseudonyms.fake(type, value, random);
            if (!fake.isEmpty() && !fake.equals(value) && !allText.contains(fake) && !taken.containsKey(fake)) {
                return fake;
            }
        }
        // No fresh fake in 100 draws (a tiny value space): fall back to something that cannot collide.
        return "<" + type.name() + "_P" + (taken.size() + 1) + ">";
    }

    private static byte[] randomSalt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    /** The same kind of message with new text; a user message keeps its non-text parts. */
    private static ChatMessage withText(ChatMessage message, String text) {
        return switch (message) {
            case SystemMessage system -> SystemMessage.from(text);
            case AiMessage ai -> AiMessage.from(text);
            case ToolExecutionResultMessage tool -> ToolExecutionResultMessage.from(tool.id(), tool.toolName(), text);
            case UserMessage user -> {
                List<Content> contents = new ArrayList<>();
                contents.add(TextContent.from(text));
                user.contents().stream()
                        .filter(c -> !(c instanceof TextContent))
                        .forEach(contents::add);
                yield user.name() == null ? UserMessage.from(contents) : UserMessage.from(user.name(), contents);
            }
            default ->
                throw new IllegalStateException("cannot redact a "
                        + message.getClass().getSimpleName() + "; only text messages carry findings");
        };
    }
}
