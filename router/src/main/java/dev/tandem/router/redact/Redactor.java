package dev.tandem.router.redact;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.router.assess.RequestParts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rewrites the entities a {@link RedactionPlan} covers, each type by its {@link RedactionMethod}:
 *
 * <ul>
 *   <li>{@code placeholder}: {@code <EMAIL_1>}; the same value gets the same placeholder in every
 *       part of the request, so the remote model can still refer to it; a placeholder already written
 *       in the request is never issued;
 *   <li>{@code mask}: {@code j***@e******.com}; a card or account number keeps its last four digits,
 *       a secret keeps nothing;
 *   <li>{@code hash}: {@code <EMAIL#a1b2c3d4>}, the first 8 hex digits of SHA-256 over a salt, the type
 *       and the value; the same value gives the same hash for the salt's lifetime;
 *   <li>{@code pseudonym}: a realistic fake value of the same type (a name for a name, a Luhn-valid
 *       number for a card), the same for the same value in the request and never a text already in it.
 * </ul>
 *
 * <p>Every text that may leave the machine is rewritten ({@link RequestParts}: message texts, a user's
 * name, tool-call arguments, tool results, custom messages, stop sequences), and each message keeps its
 * shape: an AI message keeps its tool calls, a tool result its id, so tool results stay paired.
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

    /**
     * As {@link #redact(ChatRequest, List, RedactionPlan)}, with the salt of hashes and pseudonyms.
     *
     * <p>Findings count in {@link RequestParts#scanText} of their section (a message, or the request
     * parameters after the last message). Findings from any scanner are accepted: overlapping ones are
     * merged and replaced whole, spans past the end of their text are clipped, and a span that crosses
     * from one part of a message into the next is replaced in each part.
     */
    public static Redaction redact(
            ChatRequest request, List<PrivacyFinding> findings, RedactionPlan plan, byte[] salt) {
        int sections = RequestParts.sectionCount(request);
        StringBuilder allText = new StringBuilder();
        for (int section = 0; section < sections; section++) {
            allText.append(RequestParts.scanText(request, section)).append('\n');
        }
        Redaction redaction = new Redaction(request, plan, salt, allText.toString());
        Map<Integer, List<EntitySpan>> bySection = new TreeMap<>();
        for (PrivacyFinding finding : findings) {
            if (plan.covers(finding.type()) && finding.messageIndex() < sections) {
                bySection
                        .computeIfAbsent(finding.messageIndex(), k -> new ArrayList<>())
                        .add(finding.span());
            }
        }
        List<List<String>> redacted = new ArrayList<>(sections);
        for (int section = 0; section < sections; section++) {
            List<String> parts = RequestParts.texts(request, section);
            List<EntitySpan> spans = bySection.getOrDefault(section, List.of());
            redacted.add(spans.isEmpty() ? parts : redactParts(parts, Spans.merge(spans), redaction));
        }
        // A value the scanner found once is replaced wherever else it occurs, reformatted or not.
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        for (int section = 0; section < sections; section++) {
            List<String> parts = redacted.get(section).stream()
                    .map(part -> redaction.redactText(part, List.of()))
                    .toList();
            if (section < messages.size()) {
                messages.set(section, RequestParts.rebuild(messages.get(section), parts));
            } else {
                redacted.set(section, parts);
            }
        }
        List<String> stops = redacted.get(sections - 1);
        ChatRequest rewritten = request.toBuilder().messages(messages).build();
        redaction.request(RequestParts.withStopSequences(rewritten, stops));
        return redaction;
    }

    /** Each part with the spans (merged, in scan-text offsets) that fall in it replaced. */
    private static List<String> redactParts(List<String> parts, List<EntitySpan> spans, Redaction redaction) {
        List<String> out = new ArrayList<>(parts.size());
        int partStart = 0;
        for (String part : parts) {
            int partEnd = partStart + part.length();
            StringBuilder text = new StringBuilder(part.length());
            int cursor = 0;
            for (EntitySpan span : spans) {
                int from = Math.max(span.start(), partStart) - partStart;
                int to = Math.min(span.end(), partEnd) - partStart;
                if (from >= to) {
                    continue;
                }
                text.append(part, cursor, from).append(redaction.replacementOf(span.type(), part.substring(from, to)));
                cursor = to;
            }
            out.add(text.append(part, cursor, part.length()).toString());
            partStart = partEnd + RequestParts.SEPARATOR_TEXT.length();
        }
        return out;
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
    static String pseudonym(EntityType type, String value, byte[] salt, String allText, Set<String> taken) {
        Random random = new Random(Long.parseUnsignedLong(hash(salt, type.name(), value), 16));
        for (int attempt = 0; attempt < 100; attempt++) {
            String fake = Pseudonyms.fake(type, value, random);
            if (!fake.isEmpty() && !fake.equals(value) && !allText.contains(fake) && !taken.contains(fake)) {
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
}
