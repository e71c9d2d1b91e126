package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.internal.MatchesAtStarts;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.Checksums;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12 to 19 digits, plain or grouped by single spaces or dashes, whose issuer
 * prefix (IIN) is in a range some scheme issues with that length, and that pass Luhn. The ranges are
 * deliberately broad (every current Visa, Mastercard 2-series, Amex, Diners, JCB, Discover, UnionPay,
 * Maestro, RuPay, Mir, Troy and UATP range) because missing a valid range is the classic way card
 * detectors leak; Luhn and the context words keep order numbers out.
 */
final class PaymentCardRecognizer implements ScannedTextRecognizer {

    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w+-])\\d(?:[ -]?\\d){11,18}(?![\\d-]|-\\d)");

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        if (!scanned.hasDigitRun(4)) {
            return List.of();
        }
        String text = scanned.text();
        BitSet starts = candidateStarts(scanned);
        List<EntitySpan> found = new ArrayList<>();
        MatchesAtStarts.forEach(CANDIDATE, text, starts, matcher -> {
            String candidate = matcher.group();
            if (!consistentSeparators(candidate)) {
                return;
            }
            String digits = Text.digitsOf(candidate);
            if (issuedPrefix(digits) && Checksums.luhn(digits)) {
                boolean grouped = candidate.length() != digits.length();
                found.add(new EntitySpan(
                        PrivacyEntityTypes.CREDIT_CARD, matcher.start(), matcher.end(), grouped ? 0.9 : 0.8));
            }
        });
        return found;
    }

    /** The digit runs that start a chain of at least 12 digits with single spaces or hyphens between them. */
    private static BitSet candidateStarts(ScannedText scanned) {
        String text = scanned.text();
        BitSet starts = new BitSet(text.length());
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int digits = runs[r + 1] - runs[r];
            for (int next = r + 2;
                    digits < 12
                            && next < runs.length
                            && runs[next] == runs[next - 1] + 1
                            && isSeparator(text, runs[next - 1]);
                    next += 2) {
                digits += runs[next + 1] - runs[next];
            }
            if (digits >= 12) {
                starts.set(runs[r]);
            }
        }
        return starts;
    }

    private static boolean isSeparator(String text, int at) {
        return text.charAt(at) == ' ' || text.charAt(at) == '-';
    }

    /** One kind of separator at most, never two in a row (guaranteed by the pattern). */
    private static boolean consistentSeparators(String candidate) {
        return candidate.indexOf(' ') < 0 || candidate.indexOf('-') < 0;
    }

    static boolean issuedPrefix(String digits) {
        int length = digits.length();
        int p2 = Integer.parseInt(digits.substring(0, 2));
        int p4 = Integer.parseInt(digits.substring(0, 4));
        return switch (digits.charAt(0)) {
            case '1' -> length == 15; // UATP
            case '2' ->
                (p4 >= 2221 && p4 <= 2720 && length == 16) // Mastercard 2-series
                        || (p4 >= 2200 && p4 <= 2204 && length >= 16); // Mir
            case '3' ->
                (p2 == 34 || p2 == 37) && length == 15 // Amex
                        || (p2 == 30 || p2 == 36 || p2 == 38 || p2 == 39) && length >= 14 // Diners
                        || p4 >= 3528 && p4 <= 3589 && length >= 16; // JCB
            case '4' -> length == 13 || length >= 16; // Visa
            case '5' -> (p2 >= 51 && p2 <= 55 && length == 16) || length >= 12; // Mastercard, Maestro
            case '6' -> length >= 12; // Discover, UnionPay, Maestro, RuPay, Troy
            case '8' -> (p2 == 81 || p2 == 82) && length >= 16; // UnionPay 81, RuPay 82
            case '9' -> p4 == 9792 && length == 16; // Troy
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "PaymentCardRecognizer";
    }
}
