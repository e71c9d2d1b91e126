package dev.tandem.privacy.internal;

/** Check-digit algorithms of payment cards, IBANs and national identifiers. */
public final class Checksums {

    private Checksums() {}

    /** Luhn (mod 10) over the digits of the text; other characters are skipped. */
    public static boolean luhn(CharSequence text) {
        int sum = 0;
        int digits = 0;
        boolean doubleIt = false;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int digit = c - '0';
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits > 0 && sum % 10 == 0;
    }

    /**
     * ISO 7064 mod 97-10 over an IBAN without spaces: the first four characters move to the end,
     * letters become 10..35, and the number must leave remainder 1.
     */
    public static boolean ibanMod97(CharSequence iban) {
        int length = iban.length();
        if (length < 5) {
            return false;
        }
        int remainder = 0;
        for (int k = 0; k < length; k++) {
            char c = iban.charAt((k + 4) % length);
            int value;
            if (c >= '0' && c <= '9') {
                value = c - '0';
                remainder = (remainder * 10 + value) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                value = c - 'A' + 10;
                remainder = (remainder * 100 + value) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** The remainder of a decimal digit string divided by 97. */
    public static int mod97(CharSequence digits) {
        int remainder = 0;
        for (int i = 0; i < digits.length(); i++) {
            remainder = (remainder * 10 + (digits.charAt(i) - '0')) % 97;
        }
        return remainder;
    }
}
