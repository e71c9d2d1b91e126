package dev.tandem.router.privacy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.spi.PrivacyScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds email addresses, phone numbers and payment card numbers.
 *
 * <ul>
 *   <li>Emails: a local part, {@code @}, and a domain with a dot.
 *   <li>Phones: libphonenumber's matcher at {@code VALID} leniency, so only numbers valid for their
 *       region count; numbers without a country code are read as US numbers.
 *   <li>Cards: 12 to 19 digits, optionally grouped by spaces or dashes, that pass the Luhn check.
 * </ul>
 *
 * <p>Overlapping matches keep the longer one. Thread-safe and stateless.
 */
public final class PatternPrivacyScanner implements PrivacyScanner {

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d-])");
    private static final String DEFAULT_PHONE_REGION = "US";

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    @Override
    public List<EntitySpan> scan(String text) {
        List<EntitySpan> found = new ArrayList<>();
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            found.add(new EntitySpan(EntityType.EMAIL, email.start(), email.end(), 0.95));
        }
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            if (passesLuhn(card.group())) {
                found.add(new EntitySpan(EntityType.CREDIT_CARD, card.start(), card.end(), 0.95));
            }
        }
        for (PhoneNumberMatch match :
                phones.findNumbers(text, DEFAULT_PHONE_REGION, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            found.add(new EntitySpan(EntityType.PHONE, match.start(), match.end(), 0.85));
        }
        return withoutOverlaps(found);
    }

    static boolean passesLuhn(String candidate) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int digit = c - '0';
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** Longest first, then earliest; a span that overlaps one already kept is dropped. */
    private static List<EntitySpan> withoutOverlaps(List<EntitySpan> spans) {
        List<EntitySpan> byLength = new ArrayList<>(spans);
        byLength.sort(Comparator.comparingInt(EntitySpan::length).reversed().thenComparingInt(EntitySpan::start));
        List<EntitySpan> kept = new ArrayList<>();
        for (EntitySpan span : byLength) {
            if (kept.stream().noneMatch(span::overlaps)) {
                kept.add(span);
            }
        }
        kept.sort(Comparator.comparingInt(EntitySpan::start));
        return kept;
    }
}
