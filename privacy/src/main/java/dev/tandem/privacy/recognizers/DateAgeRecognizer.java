package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.internal.MatchesAtStarts;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Dates of birth and ages. Every full date (numeric, ISO, or with a month name in English, German,
 * French or Spanish) is a date-of-birth candidate at 0.25, which only a context word such as "born",
 * "geboren", "né" or "nacido" lifts over the reporting threshold. Ages in an explicit form ({@code 42
 * years old}, {@code 42 Jahre alt}, {@code il a 42 ans}, {@code tiene 42 años}, {@code age: 42}) score
 * 0.65.
 */
final class DateAgeRecognizer implements ScannedTextRecognizer {

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

    /**
     * The first three letters of every month name in {@link #MONTHS}, case-folded as the regex compares
     * them: a date that starts with its month starts with one of these.
     */
    private static final String[] MONTH_STARTS = {
        "jan", "feb", "fév", "mar", "mär", "apr", "avr", "abr", "may", "mai", "jun", "jui", "jul", "aug", "aoû", "ago",
        "sep", "oct", "okt", "nov", "dec", "dez", "déc", "dic", "ene"
    };

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        List<EntitySpan> found = new ArrayList<>();
        if (!scanned.hasDigitRun(1)) {
            return found;
        }
        String text = scanned.text();
        // Every date holds a four-digit year: search only around each year, and there only where a number
        // or a month name starts.
        int[] yearWindows = yearWindows(text);
        MatchesAtStarts.forEach(
                DATE,
                text,
                yearWindows,
                dateStarts(scanned, yearWindows),
                date -> found.add(new EntitySpan(PrivacyEntityTypes.DATE_OF_BIRTH, date.start(), date.end(), 0.25)));
        MatchesAtStarts.forEach(
                AGE,
                text,
                scanned.digitWindows(20, 25),
                ageStarts(scanned),
                age -> found.add(new EntitySpan(PrivacyEntityTypes.AGE, age.start(), age.end(), 0.65)));
        return found;
    }

    /** Where a date can start: at a number, or at a month name in one of the windows. */
    private static BitSet dateStarts(ScannedText scanned, int[] windows) {
        String folded = scanned.folded();
        BitSet starts = scanned.digitRunStarts();
        for (int w = 0; w < windows.length; w += 2) {
            for (int i = windows[w]; i < windows[w + 1]; i++) {
                if (Text.startsWithAny(folded, i, MONTH_STARTS)) {
                    starts.set(i);
                }
            }
        }
        return starts;
    }

    /** Literals (case-folded) that follow the number of every age but those after an age word. */
    private static final String[] AGE_CUES = {"year", "jahre", "jährig", " ans", " años"};
    /** Words that, followed by an optional colon and a space, make the next number an age. */
    private static final String[] AGE_WORDS = {"age", "aged", "alter", "âge", "edad"};

    /**
     * Where an age can start: at the first digit after an age word (which the pattern looks behind for),
     * or at a number of at most three digits with a cue right after it or after one separator.
     */
    private static BitSet ageStarts(ScannedText scanned) {
        String folded = scanned.folded();
        BitSet starts = new BitSet(folded.length());
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int start = runs[r];
            int end = runs[r + 1];
            if (afterAgeWord(folded, start) || (end - start <= 3 && ageCueAfter(folded, end))) {
                starts.set(start);
            }
        }
        return starts;
    }

    /** True when an age word, an optional colon and a space stand right before the digit. */
    private static boolean afterAgeWord(String folded, int digit) {
        if (digit < 1 || folded.charAt(digit - 1) != ' ') {
            return false;
        }
        int wordEnd = digit >= 2 && folded.charAt(digit - 2) == ':' ? digit - 2 : digit - 1;
        for (String word : AGE_WORDS) {
            if (folded.startsWith(word, wordEnd - word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean ageCueAfter(String folded, int end) {
        return Text.startsWithAny(folded, end, AGE_CUES) || Text.startsWithAny(folded, end + 1, AGE_CUES);
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
