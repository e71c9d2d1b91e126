package dev.tandem.router.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.router.privacy.PrivacyEntityTypes;
import dev.tandem.router.privacy.Recognizer;
import dev.tandem.router.privacy.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Dates of birth and ages. Every full date (numeric, ISO, or with a month name in English, German,
 * French or Spanish) is a date-of-birth candidate at 0.25, which only a context word such as "born",
 * "geboren", "né" or "nacido" lifts over the reporting threshold. Ages in an explicit form ({@code 42
 * years old}, {@code 42 Jahre alt}, {@code il a 42 ans}, {@code tiene 42 años}, {@code age: 42}) score
 * 0.65.
 */
final class DateAgeRecognizer implements Recognizer {

    private static final String MONTHS =
            "(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|février|febrero|mar(?:ch|s|zo)?|märz"
                    + "|apr(?:il)?|avril|abril|may|mai|mayo|june?|juni|juin|junio|july?|juli|juillet|julio|aug(?:ust)?|août|agosto"
                    + "|sep(?:t|tember|tembre|tiembre)?|oct(?:ober|obre)?|okt(?:ober)?|octubre|nov(?:ember|embre|iembre)?"
                    + "|dec(?:ember)?|dez(?:ember)?|décembre|diciembre|enero)";
    private static final Pattern DATE = Pattern.compile(
            "(?<![\\d./-])(?:"
                    + "\\d{1,2}[./-]\\d{1,2}[./-](?:19|20)\\d{2}"
                    + "|(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])"
                    + "|\\d{1,2}(?:st|nd|rd|th|er|\\.)? (?:de )?" + MONTHS + "\\.? (?:de )?(?:19|20)\\d{2}"
                    + "|" + MONTHS + "\\.? \\d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\\d{2}"
                    + ")(?![\\d/:-]|\\.\\d|T\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern AGE = Pattern.compile(
            "(?=\\d)\\b(?:"
                    + "\\d{1,3}[- ]years?[- ]old|\\d{1,3}-year-old|\\d{1,3} Jahre alt|\\d{1,3}-jährige?[rn]?"
                    + "|(?<=\\ba |âgée? de )\\d{1,3} ans|(?<=tiene |tengo |tenía )\\d{1,3} años(?: de edad)?"
                    + "|(?<=(?:age|aged|alter|âge|edad):? )\\d{1,3}"
                    + ")\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        boolean digits = false;
        for (int i = 0; i < text.length() && !digits; i++) {
            digits = Character.isDigit(text.charAt(i));
        }
        if (!digits) {
            return found;
        }
        // Every date holds a four-digit year: search only around each year.
        Text.findInWindows(
                DATE,
                text,
                yearWindows(text),
                date -> found.add(new EntitySpan(PrivacyEntityTypes.DATE_OF_BIRTH, date.start(), date.end(), 0.25)));
        Text.findInWindows(
                AGE,
                text,
                Text.windowsHolding(Text.digitWindows(text, 20, 25), ageHits(text)),
                age -> found.add(new EntitySpan(PrivacyEntityTypes.AGE, age.start(), age.end(), 0.65)));
        return found;
    }

    /** Literals (case-folded) that every age match holds. */
    private static final String[] AGE_CUES = {"year", "jahre", "jährig", " ans", " años"};
    /** Words that, followed by an optional colon and a space, make the next number an age. */
    private static final String[] AGE_WORDS = {"age", "aged", "alter", "âge", "edad"};

    /**
     * Hits every AGE match holds: one of {@link #AGE_CUES}, or the first digit after an age word (the
     * word itself is in a look-behind, so it may lie outside the window).
     */
    private static int[] ageHits(String text) {
        String folded = Text.fold(text);
        int[] hits = Text.addOccurrences(folded, AGE_CUES, Text.newHits());
        for (String word : AGE_WORDS) {
            for (int at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
                int digit = at + word.length();
                if (digit < folded.length() && folded.charAt(digit) == ':') {
                    digit++;
                }
                if (digit + 1 < folded.length()
                        && folded.charAt(digit) == ' '
                        && Character.isDigit(folded.charAt(digit + 1))) {
                    hits = Text.addHit(hits, digit + 1, digit + 2);
                }
            }
        }
        return hits;
    }

    /** Windows around each 19xx or 20xx that stands alone as a number. */
    private static int[] yearWindows(String text) {
        int[] windows = new int[0];
        int count = 0;
        for (int i = 0; i + 4 <= text.length(); i++) {
            boolean year = (text.startsWith("19", i) || text.startsWith("20", i))
                    && Character.isDigit(text.charAt(i + 2))
                    && Character.isDigit(text.charAt(i + 3))
                    && (i == 0 || !Character.isDigit(text.charAt(i - 1)))
                    && (i + 4 == text.length() || !Character.isDigit(text.charAt(i + 4)));
            if (year) {
                int start = Math.max(0, i - 30);
                // ISO dates start with the year: keep the six characters of "-MM-DD" too.
                int end = Math.min(text.length(), i + 10);
                if (count > 0 && start <= windows[count - 1]) {
                    windows[count - 1] = Math.max(windows[count - 1], end);
                } else {
                    windows = java.util.Arrays.copyOf(windows, count + 2);
                    windows[count++] = start;
                    windows[count++] = end;
                }
            }
        }
        return windows;
    }

    @Override
    public String toString() {
        return "DateAgeRecognizer[DATE_OF_BIRTH, AGE]";
    }
}
