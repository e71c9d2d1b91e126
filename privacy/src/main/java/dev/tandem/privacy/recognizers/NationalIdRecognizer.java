package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.internal.MatchesAtStarts;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.Checksums;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National identifiers with their validation rules: US SSN (no area 000, 666 or 900-999, no group
 * 00, no serial 0000, none of the numbers published as examples), UK NINO (valid prefix letters,
 * suffix A-D), Spanish DNI/NIE (check letter) and French NIR (97-key). Other countries plug in
 * through {@link dev.tandem.privacy.PatternRule} with a validator.
 */
final class NationalIdRecognizer implements ScannedTextRecognizer {

    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})([- ]?)(\\d{2})\\2(\\d{4})(?![\\d-]|-\\d)");
    private static final Set<String> PUBLISHED_SSNS = Set.of("078051120", "219099999", "123456789");
    private static final Pattern NINO =
            Pattern.compile("\\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])\\b");
    private static final Set<String> NINO_BAD_PREFIXES = Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
    private static final Pattern DNI = Pattern.compile("(?=[XYZ\\d])\\b([XYZ]-?)?(\\d{7,8})-? ?([A-Z])\\b");
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final Pattern NIR = Pattern.compile(
            "\\b([12]) ?(\\d{2}) ?(0[1-9]|1[0-2]|[2-9]\\d) ?(\\d{2}|2[AB]) ?(\\d{3}) ?(\\d{3}) ?(\\d{2})\\b");

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        if (!scanned.hasDigitRun(2)) {
            return List.of();
        }
        String text = scanned.text();
        List<EntitySpan> found = new ArrayList<>();
        // Every id is digits a separator or two apart, with at most three characters before the first
        // and after the last: search only near digits, and there only where each kind of id can start.
        int[] windows = scanned.digitWindows(6, 6);
        BitSet ssnStarts = new BitSet(text.length());
        BitSet dniStarts = new BitSet(text.length());
        BitSet nirStarts = new BitSet(text.length());
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int start = runs[r];
            int digits = runs[r + 1] - start;
            // ddd-dd-dddd or nine digits; 7 or 8 digits and a letter; a first digit of 1 or 2 (the sex).
            if (digits == 3 || digits == 9) {
                ssnStarts.set(start);
            }
            if (digits == 7 || digits == 8) {
                dniStarts.set(start);
            }
            if (text.charAt(start) == '1' || text.charAt(start) == '2') {
                nirStarts.set(start);
            }
        }
        MatchesAtStarts.forEach(SSN, text, windows, ssnStarts, ssn -> {
            if (validSsn(ssn.group(1), ssn.group(3), ssn.group(4))) {
                double score = ssn.group(2).isEmpty() ? 0.3 : 0.6;
                found.add(span(PrivacyEntityTypes.US_SSN, ssn, score));
            }
        });
        MatchesAtStarts.forEach(NINO, text, windows, ninoStarts(text), nino -> {
            if (!NINO_BAD_PREFIXES.contains(nino.group(1))) {
                found.add(span(PrivacyEntityTypes.UK_NINO, nino, 0.7));
            }
        });
        addNieStarts(text, dniStarts);
        MatchesAtStarts.forEach(DNI, text, windows, dniStarts, dni -> {
            if (validDni(dni.group(1), dni.group(2), dni.group(3).charAt(0))) {
                found.add(span(PrivacyEntityTypes.ES_DNI, dni, 0.7));
            }
        });
        MatchesAtStarts.forEach(NIR, text, windows, nirStarts, nir -> {
            if (validNir(nir)) {
                found.add(span(PrivacyEntityTypes.FR_NIR, nir, 0.7));
            }
        });
        return found;
    }

    /** Two capital letters, then a digit after an optional space. */
    private static BitSet ninoStarts(String text) {
        BitSet starts = new BitSet(text.length());
        for (int i = 0; i + 3 < text.length(); i++) {
            if (Text.isAsciiUpper(text.charAt(i))
                    && Text.isAsciiUpper(text.charAt(i + 1))
                    && (Text.isAsciiDigit(text.charAt(i + 2))
                            || (text.charAt(i + 2) == ' ' && Text.isAsciiDigit(text.charAt(i + 3))))) {
                starts.set(i);
            }
        }
        return starts;
    }

    /** An NIE starts with X, Y or Z, then a digit or a hyphen. */
    private static void addNieStarts(String text, BitSet starts) {
        for (int i = 0; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            char next = text.charAt(i + 1);
            if ((c == 'X' || c == 'Y' || c == 'Z') && (next == '-' || Text.isAsciiDigit(next))) {
                starts.set(i);
            }
        }
    }

    private static EntitySpan span(EntityType type, Matcher matcher, double score) {
        return new EntitySpan(type, matcher.start(), matcher.end(), score);
    }

    static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        if (a == 0 || a == 666 || a >= 900) {
            return false;
        }
        if (group.equals("00") || serial.equals("0000")) {
            return false;
        }
        String all = area + group + serial;
        return !PUBLISHED_SSNS.contains(all) && !(all.startsWith("98765432"));
    }

    static boolean validDni(String niePrefix, String digits, char letter) {
        String number;
        if (niePrefix == null) {
            if (digits.length() != 8) {
                return false;
            }
            number = digits;
        } else {
            if (digits.length() != 7) {
                return false;
            }
            number = "XYZ".indexOf(niePrefix.charAt(0)) + digits;
        }
        return DNI_LETTERS.charAt(Integer.parseInt(number) % 23) == letter;
    }

    private static boolean validNir(Matcher nir) {
        String department = nir.group(4);
        String body = nir.group(1)
                + nir.group(2)
                + nir.group(3)
                + department.replace("2A", "19").replace("2B", "18")
                + nir.group(5)
                + nir.group(6);
        int key = Integer.parseInt(nir.group(7));
        return key == 97 - Checksums.mod97(body);
    }

    @Override
    public String toString() {
        return "NationalIdRecognizer[US_SSN, UK_NINO, ES_DNI, FR_NIR]";
    }
}
