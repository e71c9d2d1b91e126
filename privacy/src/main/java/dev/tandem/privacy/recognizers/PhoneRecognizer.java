package dev.tandem.privacy.recognizers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers worldwide, validated with libphonenumber. A cheap pass first cuts the text into
 * candidate runs of 7 to 15 digits with the separators phone numbers use, so libphonenumber only
 * parses those, never the whole text.
 *
 * <p>A number in international form ({@code +} or {@code 00}) is validated for its own country and
 * scores 0.75. A number in national form is tried against the regions its shape fits (North America
 * for ten digits not starting with 0; Spain and Italy for nine digits starting 6-9; Western Europe and
 * the UK for numbers starting with a trunk 0) and scores 0.55, or 0.65 in the North American
 * {@code (650) 253-0000} shape. Context words then decide the borderline cases.
 *
 * <p>A number libphonenumber rejects (mistyped, too short for its region, an unknown range) is still a
 * phone, at 0.6, when a phone cue ({@link PhoneCues}: "call me at", "tel.", "Handy", "móvil", "τηλ" ...)
 * stands among the three words before it and no order, invoice or version word comes between; without a
 * cue, validation alone decides.
 */
final class PhoneRecognizer implements Recognizer {

    private static final String[] TRUNK_ZERO_REGIONS = {"DE", "GB", "FR", "NL", "IT", "AT", "CH", "BE", "IE"};
    private static final String[] NINE_DIGIT_REGIONS = {"ES", "IT", "PT"};
    /** A log timestamp such as {@code 2024-03-14 09:21:09} starts with a date; the run stops at the colon. */
    private static final Pattern DATE_FIRST = Pattern.compile("\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}\\b");

    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}");
    /** Dotted short groups, as in versions and IP addresses ({@code 10.2.3.4567}): never a phone from a cue. */
    private static final Pattern VERSION_LIKE = Pattern.compile("\\d{1,3}(?:\\.\\d{1,4}){2,}");
    /** A number validation rejects, found next to a phone cue: above the default minimum score of 0.5. */
    private static final double CUED_SCORE = 0.6;

    private static final Pattern US_SHAPE = Pattern.compile("(?:\\+?1[ .-]?)?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]\\d{4}");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean startChar = (c >= '0' && c <= '9') || c == '+' || c == '(';
            if (!startChar || (i > 0 && isGlue(text.charAt(i - 1)))) {
                i = skipToken(text, i);
                continue;
            }
            int end = runEnd(text, i);
            int trimmedEnd = end;
            while (trimmedEnd > i && !Character.isDigit(text.charAt(trimmedEnd - 1))) {
                trimmedEnd--;
            }
            if (trimmedEnd > i) {
                consider(text, i, trimmedEnd, found);
            }
            i = Math.max(end, i + 1);
        }
        return found;
    }

    private void consider(String text, int start, int end, List<EntitySpan> found) {
        boolean followedByGlue = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
        if (followedByGlue) {
            return;
        }
        String candidate = text.substring(start, end);
        int digits = 0;
        for (int k = 0; k < candidate.length(); k++) {
            if (Character.isDigit(candidate.charAt(k))) {
                digits++;
            }
        }
        if (digits < 7
                || digits > 15
                || DATE_LIKE.matcher(candidate).matches()
                || DATE_FIRST.matcher(candidate).lookingAt()) {
            return;
        }
        String compact = candidate.replace("(0)", "").replaceAll("[^0-9+]", "");
        if (compact.indexOf('+', 1) >= 0) {
            return;
        }
        double score = validatedScore(candidate, compact, digits);
        if (score > 0) {
            found.add(new EntitySpan(PrivacyEntityTypes.PHONE, start, end, score));
        } else if (!VERSION_LIKE.matcher(candidate).matches() && PhoneCues.cueBefore(text, start)) {
            // A user who mistypes their own number next to "call me at" has still typed their number.
            found.add(new EntitySpan(PrivacyEntityTypes.PHONE, start, end, CUED_SCORE));
        }
    }

    /** The score of a number libphonenumber accepts for a region its shape fits, or 0. */
    private double validatedScore(String candidate, String compact, int digits) {
        if (compact.startsWith("+") || compact.startsWith("00")) {
            String international = compact.startsWith("00") ? "+" + compact.substring(2) : compact;
            return valid(international, "ZZ") ? 0.75 : 0;
        }
        if (compact.charAt(0) != '0' && (digits == 10 || (digits == 11 && compact.charAt(0) == '1'))) {
            if (valid(compact, "US")) {
                return US_SHAPE.matcher(candidate).matches() ? 0.65 : 0.55;
            }
            return 0;
        }
        String[] regions = compact.charAt(0) == '0' ? TRUNK_ZERO_REGIONS : NINE_DIGIT_REGIONS;
        if (compact.charAt(0) != '0' && (digits != 9 || compact.charAt(0) < '6')) {
            return 0;
        }
        for (String region : regions) {
            if (valid(compact, region)) {
                return 0.55;
            }
        }
        return 0;
    }

    private boolean valid(String number, String region) {
        try {
            PhoneNumber parsed = util.parse(number, region);
            return util.isValidNumber(parsed);
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The end of a run of digits and phone separators, single spaces only, at most 24 characters. */
    private static int runEnd(String text, int start) {
        int i = start + 1;
        int limit = Math.min(text.length(), start + 24);
        while (i < limit) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean separator = c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
            boolean space = c == ' ' && i + 1 < text.length() && isRunChar(text.charAt(i + 1));
            if (!(digit || separator || space)) {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isRunChar(char c) {
        return (c >= '0' && c <= '9') || c == '(';
    }

    private static boolean isGlue(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '/' || c == '_' || c == ',';
    }

    private static int skipToken(String text, int i) {
        if (!Character.isLetterOrDigit(text.charAt(i))) {
            return i + 1;
        }
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j++;
        }
        return j;
    }

    @Override
    public String toString() {
        return "PhoneRecognizer";
    }
}
