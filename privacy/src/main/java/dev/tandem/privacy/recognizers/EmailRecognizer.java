package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.Recognizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Email addresses, found from each {@code @} outwards rather than by a regex over the whole text, so
 * a long run of word characters can never make matching quadratic.
 */
final class EmailRecognizer implements Recognizer {

    private static final double SCORE = 0.9;
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        int at = text.indexOf('@');
        int searchedTo = 0;
        while (at >= 0) {
            int start = at;
            while (start > Math.max(searchedTo, at - MAX_LOCAL) && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < text.length() && end - at <= MAX_DOMAIN && isDomainChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            int lastDot = text.lastIndexOf('.', end - 1);
            if (start < at && lastDot > at + 1 && hasLetterTld(text, lastDot + 1, end) && text.charAt(at + 1) != '.') {
                found.add(new EntitySpan(PrivacyEntityTypes.EMAIL, start, end, SCORE));
                searchedTo = end;
            }
            at = text.indexOf('@', at + 1);
        }
        return found;
    }

    private static boolean hasLetterTld(String text, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '%'
                || c == '+'
                || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    @Override
    public String toString() {
        return "EmailRecognizer";
    }
}
