package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
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
 * Street addresses in English, German, French and Spanish layouts ({@code 221B Baker Street},
 * {@code Hauptstraße 12}, {@code 12 rue de la Paix}, {@code Calle Mayor 5}): 0.7. Postcodes: UK
 * postcodes 0.6; US ZIP codes after a state code 0.6; five-digit codes followed by a capitalised
 * town 0.4, which need an address word nearby.
 */
final class AddressRecognizer implements ScannedTextRecognizer {

    private static final String CAP = "\\p{Lu}[\\p{L}'’.-]*";
    private static final Pattern ENGLISH = Pattern.compile("\\b\\d{1,5}[A-Za-z]?,? (?:" + CAP + " ){1,3}"
            + "(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace"
            + "|Close|Crescent|Square|Sq|Parkway|Highway|Hwy)\\b\\.?(?:,? (?:Apt|Suite|Unit|Flat)\\.? ?\\w{1,5})?");
    private static final Pattern GERMAN = Pattern.compile(
            "\\b(?:" + CAP + "[ -])?\\p{Lu}[\\p{L}-]*"
                    + "(?:straße|strasse|str\\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt)"
                    + " \\d{1,4}(?: ?[a-z]\\b)?(?:-\\d{1,4})?|\\b(?:" + CAP
                    + " )(?:Straße|Strasse|Str\\.|Weg|Platz|Allee|Gasse)"
                    + " \\d{1,4}(?: ?[a-z]\\b)?|\\b(?:Am|An der|Auf dem|Im|In der|Zum|Zur|Unter den) \\p{Lu}[\\p{L}-]+ \\d{1,4}(?: ?[a-z]\\b)?");
    private static final Pattern FRENCH = Pattern.compile(
            "\\b\\d{1,4}(?: ?(?:bis|ter))?,? "
                    + "(?:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square)"
                    + "(?: (?:de la|de l'|du|des|de|d'|la|le|l'))?(?: ?" + CAP + "){1,4}",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern FRENCH_CASED = Pattern.compile("[\\p{Lu}]");
    // The look-aheads below only restate what the alternation needs (its first letters; a state code, a
    // space and five digits), so that most positions fail at once instead of trying every alternative.
    private static final Pattern SPANISH = Pattern.compile(
            "\\b(?=[CAPTR])(?:Calle|C/|Avenida|Avda\\.|Av\\.|Paseo|Plaza|Pza\\.|Camino|Carrer|Ronda|Travesía)"
                    + " ?(?:(?:de la|de los|de las|del|de|la|el) )?(?:" + CAP
                    + " ?){1,3},? (?:n[º°o]\\.? ?)?\\d{1,4}(?:,? ?\\d{1,2}º? ?[A-Za-z]?\\b)?");
    private static final Pattern UK_POSTCODE =
            Pattern.compile("\\b(?:[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?) ?\\d[ABD-HJLNP-UW-Z]{2}\\b");
    private static final Pattern US_ZIP =
            Pattern.compile("\\b(?=[A-Z]{2} \\d{5})(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME"
                    + "|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)"
                    + " (\\d{5}(?:-\\d{4})?)\\b");
    private static final Pattern EURO_POSTCODE = Pattern.compile("(?<![\\d.,/-])(?:[A-Z]-)?(\\d{5}) \\p{Lu}\\p{Ll}+");

    /** The English street types, one of which follows the first words of every English address. */
    private static final String[] ENGLISH_TYPES = {
        "Street",
        "St",
        "Avenue",
        "Ave",
        "Road",
        "Rd",
        "Lane",
        "Ln",
        "Boulevard",
        "Blvd",
        "Drive",
        "Dr",
        "Court",
        "Ct",
        "Place",
        "Pl",
        "Way",
        "Terrace",
        "Close",
        "Crescent",
        "Square",
        "Sq",
        "Parkway",
        "Highway",
        "Hwy"
    };
    /** German street types and suffixes that stand before " <digit>" (case-sensitive). */
    private static final String[] GERMAN_TYPES = {
        "straße",
        "strasse",
        "str.",
        "weg",
        "platz",
        "allee",
        "gasse",
        "ring",
        "damm",
        "ufer",
        "chaussee",
        "steig",
        "pfad",
        "markt",
        "Straße",
        "Strasse",
        "Str.",
        "Weg",
        "Platz",
        "Allee",
        "Gasse"
    };

    /** Words that begin a German address without a street type ({@code Am Markt 5}). */
    private static final String[] GERMAN_PREFIXES = {
        "Am ", "An der ", "Auf dem ", "Im ", "In der ", "Zum ", "Zur ", "Unter den "
    };
    /** The French street types, one of which follows every French house number (compared case-folded). */
    private static final String[] FRENCH_TYPES = {
        "rue",
        "avenue",
        "av.",
        "boulevard",
        "bd",
        "place",
        "chemin",
        "allée",
        "impasse",
        "quai",
        "route",
        "cours",
        "square"
    };

    /** The street types that begin every Spanish address (case-sensitive). */
    private static final String[] SPANISH_CUES = {
        "Calle", "C/", "Avenida", "Avda.", "Av.", "Paseo", "Plaza", "Pza.", "Camino", "Carrer", "Ronda", "Travesía"
    };

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        List<EntitySpan> found = new ArrayList<>();
        if (!scanned.hasDigitRun(1)) {
            return found;
        }
        String text = scanned.text();
        String folded = scanned.folded();
        int length = text.length();
        // Every street address and postcode holds a number: search only near digits, and there only
        // where a match can start, as the numbers and the literals around them show.
        int[] windows = scanned.digitWindows(60, 60);
        BitSet englishStarts = new BitSet(length);
        BitSet frenchStarts = new BitSet(length);
        BitSet germanLiterals = new BitSet(length);
        BitSet ukStarts = new BitSet(length);
        BitSet usStarts = new BitSet(length);
        BitSet euroStarts = new BitSet(length);
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int start = runs[r];
            int end = runs[r + 1];
            int digits = end - start;
            if (digits <= 5 && englishStreetAfterHouseNumber(text, end)) {
                englishStarts.set(start);
            }
            if (digits <= 4 && frenchStreetTypeAfterHouseNumber(folded, end)) {
                frenchStarts.set(start);
            }
            if (start > 0 && text.charAt(start - 1) == ' ') {
                markGermanTypesBefore(text, start - 1, germanLiterals);
            }
            // A UK inward code (a digit and two letters) follows an outward code of two to four
            // characters and an optional space.
            if (end + 1 < length && Text.isAsciiUpper(text.charAt(end)) && Text.isAsciiUpper(text.charAt(end + 1))) {
                for (int outward = Math.max(0, end - 6); outward <= end - 3; outward++) {
                    if (Text.isAsciiUpper(text.charAt(outward))) {
                        ukStarts.set(outward);
                    }
                }
            }
            if (digits >= 5
                    && start >= 3
                    && text.charAt(start - 1) == ' '
                    && Text.isAsciiUpper(text.charAt(start - 2))
                    && Text.isAsciiUpper(text.charAt(start - 3))) {
                usStarts.set(start - 3);
            }
            // Five digits and a capitalised town, with or without a country letter and a hyphen before.
            if (digits >= 5
                    && end + 1 < length
                    && text.charAt(end) == ' '
                    && (Character.isUpperCase(text.charAt(end + 1)) || Character.isSurrogate(text.charAt(end + 1)))) {
                euroStarts.set(end - 5);
                if (end - 5 >= 2) {
                    euroStarts.set(end - 7);
                }
            }
        }
        Text.markOccurrences(text, GERMAN_PREFIXES, germanLiterals);
        BitSet spanishStarts = new BitSet(length);
        Text.markOccurrences(text, SPANISH_CUES, spanishStarts);
        add(ENGLISH, text, windows, englishStarts, PrivacyEntityTypes.STREET_ADDRESS, 0.7, 0, found);
        add(
                GERMAN,
                text,
                windows,
                germanStarts(text, germanLiterals),
                PrivacyEntityTypes.STREET_ADDRESS,
                0.7,
                0,
                found);
        MatchesAtStarts.forEach(FRENCH, text, windows, frenchStarts, french -> {
            String street = french.group();
            if (FRENCH_CASED.matcher(street.substring(street.indexOf(' '))).find()) {
                found.add(new EntitySpan(PrivacyEntityTypes.STREET_ADDRESS, french.start(), french.end(), 0.7));
            }
        });
        add(SPANISH, text, windows, spanishStarts, PrivacyEntityTypes.STREET_ADDRESS, 0.7, 0, found);
        add(UK_POSTCODE, text, windows, ukStarts, PrivacyEntityTypes.POSTCODE, 0.6, 0, found);
        add(US_ZIP, text, windows, usStarts, PrivacyEntityTypes.POSTCODE, 0.6, 1, found);
        add(EURO_POSTCODE, text, windows, euroStarts, PrivacyEntityTypes.POSTCODE, 0.4, 1, found);
        return found;
    }

    /**
     * After an English house number: an optional letter ({@code 221B}) and comma, a space, then one to
     * three capitalised words with a street type after one of their spaces.
     */
    private static boolean englishStreetAfterHouseNumber(String text, int end) {
        int i = end;
        if (i < text.length()
                && (Text.isAsciiUpper(text.charAt(i)) || (text.charAt(i) >= 'a' && text.charAt(i) <= 'z'))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == ',') {
            i++;
        }
        if (i + 1 >= text.length()
                || text.charAt(i) != ' '
                || !(Character.isUpperCase(text.charAt(i + 1)) || Character.isSurrogate(text.charAt(i + 1)))) {
            return false;
        }
        int spaces = 0;
        for (int k = i + 1; k < text.length() && spaces < 3; k++) {
            char c = text.charAt(k);
            if (c == ' ') {
                spaces++;
                if (Text.startsWithAny(text, k + 1, ENGLISH_TYPES)) {
                    return true;
                }
            } else if (!isNamePart(c)) {
                return false;
            }
        }
        return false;
    }

    /** After a French house number: at most " bis" (or " ter") and a comma, a space, then a street type. */
    private static boolean frenchStreetTypeAfterHouseNumber(String folded, int end) {
        for (int space = end; space <= end + 5 && space < folded.length(); space++) {
            if (folded.charAt(space) == ' ' && Text.startsWithAny(folded, space + 1, FRENCH_TYPES)) {
                return true;
            }
        }
        return false;
    }

    /** Marks the start of each German street type that ends right before the space before a number. */
    private static void markGermanTypesBefore(String text, int space, BitSet literals) {
        if (space == 0) {
            return;
        }
        char last = text.charAt(space - 1);
        for (String type : GERMAN_TYPES) {
            int start = space - type.length();
            if (start >= 0 && type.charAt(type.length() - 1) == last && text.startsWith(type, start)) {
                literals.set(start);
            }
        }
    }

    /**
     * Where a German match can start: at a prefix ("Am ", "In der ") or at a capital letter in the one or
     * two words ({@code \p{Lu}[\p{L}'’.-]*}, one space or hyphen between them) right before a street type.
     */
    private static BitSet germanStarts(String text, BitSet literals) {
        BitSet starts = (BitSet) literals.clone();
        for (int literal = literals.nextSetBit(0); literal >= 0; literal = literals.nextSetBit(literal + 1)) {
            boolean spaceLeft = true;
            int from = literal;
            while (from > 0) {
                char c = text.charAt(from - 1);
                if (c == ' ' && spaceLeft) {
                    spaceLeft = false;
                } else if (!isNamePart(c)) {
                    break;
                }
                from--;
            }
            for (int i = from; i < literal; i++) {
                if (Character.isUpperCase(text.charAt(i)) || Character.isSurrogate(text.charAt(i))) {
                    starts.set(i);
                }
            }
        }
        return starts;
    }

    /** A character of {@code [\p{L}'’.-]}; surrogates count, as they may be halves of a letter. */
    private static boolean isNamePart(char c) {
        return Character.isLetter(c) || Character.isSurrogate(c) || c == '\'' || c == '’' || c == '.' || c == '-';
    }

    private static void add(
            Pattern pattern,
            String text,
            int[] windows,
            BitSet starts,
            EntityType type,
            double score,
            int group,
            List<EntitySpan> found) {
        MatchesAtStarts.forEach(pattern, text, windows, starts, matcher -> {
            int end = matcher.end(group);
            while (end > matcher.start(group) && (text.charAt(end - 1) == ',' || text.charAt(end - 1) == ' ')) {
                end--;
            }
            found.add(new EntitySpan(type, matcher.start(group), end, score));
        });
    }

    @Override
    public String toString() {
        return "AddressRecognizer[STREET_ADDRESS, POSTCODE]";
    }
}
