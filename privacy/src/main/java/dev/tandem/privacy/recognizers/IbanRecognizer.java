package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.Recognizer;
import dev.tandem.privacy.internal.Checksums;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs, plain or in groups of four: a country code with its registered length (SWIFT IBAN
 * registry), then ISO 7064 mod 97-10. A candidate that runs on into the next word is cut at the
 * country's length, so {@code DE89 3704 0044 0532 0130 00 BIC} still yields the IBAN.
 */
final class IbanRecognizer implements Recognizer {

    private static final Pattern CANDIDATE = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){10,30}");
    private static final Map<String, Integer> LENGTHS = lengths();

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        Matcher matcher = CANDIDATE.matcher(text).useTransparentBounds(true);
        int length = text.length();
        int searchFrom = 0;
        // A candidate starts with two capital letters and two digits; the pattern is tried only there,
        // in order, each search going on where the last candidate (or the IBAN cut from it) ended.
        for (int start = 0; start + 4 <= length; start++) {
            if (start < searchFrom || !countryAndCheckDigits(text, start)) {
                continue;
            }
            matcher.region(start, length);
            if (!matcher.lookingAt()) {
                continue;
            }
            searchFrom = matcher.end();
            Integer ibanLength = LENGTHS.get(text.substring(start, start + 2));
            if (ibanLength == null) {
                continue;
            }
            int end = endAfter(text, start, matcher.end(), ibanLength);
            if (end < 0) {
                continue;
            }
            String compact = text.substring(start, end).replace(" ", "");
            if (Checksums.ibanMod97(compact)) {
                found.add(new EntitySpan(PrivacyEntityTypes.IBAN, start, end, 0.95));
                searchFrom = end;
            }
        }
        return found;
    }

    private static boolean countryAndCheckDigits(String text, int start) {
        return Text.isAsciiUpper(text.charAt(start))
                && Text.isAsciiUpper(text.charAt(start + 1))
                && Text.isAsciiDigit(text.charAt(start + 2))
                && Text.isAsciiDigit(text.charAt(start + 3));
    }

    /** Where the country's length is reached, or -1 when the candidate is too short or glued on. */
    private static int endAfter(String text, int start, int limit, int length) {
        int count = 0;
        for (int i = start; i < limit; i++) {
            if (text.charAt(i) != ' ') {
                count++;
            }
            if (count == length) {
                int end = i + 1;
                boolean free = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
                return free ? end : -1;
            }
        }
        return -1;
    }

    private static Map<String, Integer> lengths() {
        String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27"
                + " DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22"
                + " IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19"
                + " MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31"
                + " SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        Map<String, Integer> lengths = new HashMap<>();
        for (String entry : registry.split(" ")) {
            lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }

    @Override
    public String toString() {
        return "IbanRecognizer";
    }
}
