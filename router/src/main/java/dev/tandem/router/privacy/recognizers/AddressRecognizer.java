package dev.tandem.router.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.router.privacy.PrivacyEntityTypes;
import dev.tandem.router.privacy.Recognizer;
import dev.tandem.router.privacy.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Street addresses in English, German, French and Spanish layouts ({@code 221B Baker Street},
 * {@code Hauptstraße 12}, {@code 12 rue de la Paix}, {@code Calle Mayor 5}): 0.7. Postcodes: UK
 * postcodes 0.6; US ZIP codes after a state code 0.6; five-digit codes followed by a capitalised
 * town 0.4, which need an address word nearby.
 */
final class AddressRecognizer implements Recognizer {

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

    /** Every English match holds " " and a street type (case-sensitive). */
    private static final String[] ENGLISH_CUES = {
        " Street",
        " St",
        " Avenue",
        " Ave",
        " Road",
        " Rd",
        " Lane",
        " Ln",
        " Boulevard",
        " Blvd",
        " Drive",
        " Dr",
        " Court",
        " Ct",
        " Place",
        " Pl",
        " Way",
        " Terrace",
        " Close",
        " Crescent",
        " Square",
        " Sq",
        " Parkway",
        " Highway",
        " Hwy"
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

    private static final String[] GERMAN_PREFIXES = {
        "Am ", "An der ", "Auf dem ", "Im ", "In der ", "Zum ", "Zur ", "Unter den "
    };
    /** Every French match holds " " and a street type, matched case-insensitively (on folded text). */
    private static final String[] FRENCH_CUES = {
        " rue",
        " avenue",
        " av.",
        " boulevard",
        " bd",
        " place",
        " chemin",
        " allée",
        " impasse",
        " quai",
        " route",
        " cours",
        " square"
    };

    private static final String[] SPANISH_CUES = {
        "Calle", "C/", "Avenida", "Avda.", "Av.", "Paseo", "Plaza", "Pza.", "Camino", "Carrer", "Ronda", "Travesía"
    };

    private static int[] germanHits(String text) {
        int[] hits = Text.addOccurrences(text, GERMAN_PREFIXES, Text.newHits());
        for (int space = text.indexOf(' '); space >= 0; space = text.indexOf(' ', space + 1)) {
            if (space + 1 < text.length() && isDigit(text.charAt(space + 1))) {
                for (String type : GERMAN_TYPES) {
                    int start = space - type.length();
                    if (start >= 0 && text.startsWith(type, start)) {
                        hits = Text.addHit(hits, start, space + 2);
                    }
                }
            }
        }
        return hits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean fiveDigits(String text, int start) {
        for (int i = start; i < start + 5; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

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
        // Every street address and postcode holds a number: search only near digits, and run each
        // pattern only in the windows that hold a literal every one of its matches holds.
        int[] windows = Text.digitWindows(text, 60, 60);
        add(
                ENGLISH,
                text,
                Text.windowsHolding(windows, Text.addOccurrences(text, ENGLISH_CUES, Text.newHits())),
                PrivacyEntityTypes.STREET_ADDRESS,
                0.7,
                0,
                found);
        add(
                GERMAN,
                text,
                Text.windowsHolding(windows, germanHits(text)),
                PrivacyEntityTypes.STREET_ADDRESS,
                0.7,
                0,
                found);
        int[] frenchWindows =
                Text.windowsHolding(windows, Text.addOccurrences(Text.fold(text), FRENCH_CUES, Text.newHits()));
        Text.findInWindows(FRENCH, text, frenchWindows, french -> {
            String street = french.group();
            if (FRENCH_CASED.matcher(street.substring(street.indexOf(' '))).find()) {
                found.add(new EntitySpan(PrivacyEntityTypes.STREET_ADDRESS, french.start(), french.end(), 0.7));
            }
        });
        add(
                SPANISH,
                text,
                Text.windowsHolding(windows, Text.addOccurrences(text, SPANISH_CUES, Text.newHits())),
                PrivacyEntityTypes.STREET_ADDRESS,
                0.7,
                0,
                found);
        int[] ukHits = Text.newHits();
        int[] usHits = Text.newHits();
        int[] euroHits = Text.newHits();
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (!isDigit(text.charAt(i))) {
                continue;
            }
            if (i + 2 < length && isUpperAscii(text.charAt(i + 1)) && isUpperAscii(text.charAt(i + 2))) {
                ukHits = Text.addHit(ukHits, i, i + 3);
            }
            if (i + 6 < length
                    && fiveDigits(text, i)
                    && text.charAt(i + 5) == ' '
                    && (Character.isUpperCase(text.charAt(i + 6)) || Character.isSurrogate(text.charAt(i + 6)))) {
                euroHits = Text.addHit(euroHits, i, i + 7);
            }
            if (i >= 3
                    && i + 5 <= length
                    && fiveDigits(text, i)
                    && text.charAt(i - 1) == ' '
                    && isUpperAscii(text.charAt(i - 2))
                    && isUpperAscii(text.charAt(i - 3))) {
                usHits = Text.addHit(usHits, i - 3, i + 5);
            }
        }
        add(UK_POSTCODE, text, Text.windowsHolding(windows, ukHits), PrivacyEntityTypes.POSTCODE, 0.6, 0, found);
        add(US_ZIP, text, Text.windowsHolding(windows, usHits), PrivacyEntityTypes.POSTCODE, 0.6, 1, found);
        add(EURO_POSTCODE, text, Text.windowsHolding(windows, euroHits), PrivacyEntityTypes.POSTCODE, 0.4, 1, found);
        return found;
    }

    private static void add(
            Pattern pattern,
            String text,
            int[] windows,
            EntityType type,
            double score,
            int group,
            List<EntitySpan> found) {
        Text.findInWindows(pattern, text, windows, matcher -> {
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
