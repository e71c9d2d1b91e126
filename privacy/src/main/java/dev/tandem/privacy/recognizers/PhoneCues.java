package dev.tandem.privacy.recognizers;

import dev.tandem.privacy.internal.OtherNumberWords;
import java.util.Locale;
import java.util.Set;

/**
 * The words that announce a phone number in the languages Tandem covers, and the words that announce
 * some other number (an order, an invoice, a version) and so cancel a cue further away.
 */
final class PhoneCues {

    /** How many words before a number are searched for a cue. */
    static final int WINDOW_WORDS = 3;

    private static final Set<String> CUES = Set.of(
            // English
            "call",
            "calls",
            "called",
            "calling",
            "phone",
            "phones",
            "telephone",
            "tel",
            "tel.",
            "mobile",
            "mob",
            "cell",
            "cellphone",
            "whatsapp",
            "sms",
            "fax",
            // German
            "telefon",
            "telefonnummer",
            "handy",
            "handynummer",
            "mobil",
            "mobilnummer",
            "ruf",
            "rufen",
            "rufnummer",
            "anrufen",
            "erreichbar",
            // French
            "téléphone",
            "tél",
            "tél.",
            "portable",
            "appelez",
            "appelle",
            "appeler",
            // Spanish, Italian, Portuguese
            "teléfono",
            "telefono",
            "móvil",
            "movil",
            "llámame",
            "llamar",
            "llama",
            "cellulare",
            "chiamami",
            "chiamare",
            "telemóvel",
            "telefone",
            // Dutch
            "bel",
            "bellen",
            "mobiel",
            "telefoonnummer",
            // Nordic
            "tlf",
            "tlf.",
            "tfn",
            "ring",
            "ringe",
            "ringer",
            "mobilnr",
            "puh",
            "puh.",
            "puhelin",
            "soita",
            "sími",
            // Greek
            "τηλ",
            "τηλ.",
            "τηλέφωνο",
            "κινητό",
            "καλέστε");

    private PhoneCues() {}

    /**
     * True when one of the {@link #WINDOW_WORDS} words before {@code start} is a phone cue and no word
     * between it and the number names another kind of number.
     */
    static boolean cueBefore(String text, int start) {
        int end = start;
        for (int word = 0; word < WINDOW_WORDS; word++) {
            while (end > 0 && !isWordChar(text.charAt(end - 1))) {
                // A line break or sentence end separates the number from whatever came before it.
                char separator = text.charAt(end - 1);
                if (separator == '\n' || ((separator == '!' || separator == '?') && end != start)) {
                    return false;
                }
                end--;
            }
            int begin = end;
            while (begin > 0 && isWordChar(text.charAt(begin - 1))) {
                begin--;
            }
            if (begin == end) {
                return false;
            }
            String token = text.substring(begin, end).toLowerCase(Locale.ROOT);
            boolean dotted = end < text.length() && text.charAt(end) == '.';
            if (OtherNumberWords.contains(token)) {
                return false;
            }
            if (CUES.contains(token) || (dotted && CUES.contains(token + "."))) {
                return true;
            }
            end = begin;
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetter(c);
    }
}
