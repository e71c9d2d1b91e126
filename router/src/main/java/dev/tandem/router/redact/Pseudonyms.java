package dev.tandem.router.redact;

import dev.tandem.core.assessment.EntityType;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic fake values of a type, drawn from a seeded random source so that the same seed gives the
 * same value. Types without a generator get a fake that keeps the original's shape: each digit and
 * letter replaced by a random one of the same kind, separators kept. Payment cards keep a valid Luhn
 * digit and IBANs valid mod-97 check digits, so a remote model treats them as what they stand for.
 */
final class Pseudonyms {

    private static final String[] FIRST = {
        "Alex", "Maria", "Daniel", "Sofia", "Lukas", "Emma", "Noah", "Chloe", "Marco", "Aisha", "Jonas", "Lena", "Hugo",
        "Nora", "Pablo", "Clara", "Oskar", "Ines", "Tomas", "Elif"
    };
    private static final String[] LAST = {
        "Morgan", "Keller", "Rossi", "Lindqvist", "Moreau", "Novak", "Brennan", "Dalton", "Varga", "Castillo",
        "Hartmann", "Okafor", "Sato", "Petrov", "Whitfield", "Duarte", "Jansen", "Quinn", "Albers", "Fontaine"
    };
    private static final String[] STREETS = {
        "Maple Street", "Linden Avenue", "Harbour Road", "Station Lane", "Chestnut Way", "Mill Road", "Park Crescent"
    };
    private static final String[] ORGS = {
        "Northwind Logistics", "Bluepeak Systems", "Greenfield Partners", "Crescent Analytics", "Silverline Foods"
    };
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

    private Pseudonyms() {}

    static String fake(EntityType type, String original, Random random) {
        return switch (type.name()) {
            case "PERSON" -> pick(FIRST, random) + " " + pick(LAST, random);
            case "EMAIL" ->
                pick(FIRST, random).toLowerCase(Locale.ROOT) + "."
                        + pick(LAST, random).toLowerCase(Locale.ROOT) + "@" + pick(DOMAINS, random);
            case "STREET_ADDRESS" -> (1 + random.nextInt(199)) + " " + pick(STREETS, random);
            case "ORGANIZATION" -> pick(ORGS, random);
            case "IP_ADDRESS" ->
                original.contains(":")
                        ? "2001:db8::" + Integer.toHexString(1 + random.nextInt(0xfffe))
                        : "192.0.2." + (1 + random.nextInt(254));
            case "CREDIT_CARD" -> luhn(shaped(original, random));
            case "IBAN" -> iban(original, random);
            default -> shaped(original, random);
        };
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    /** Every digit and letter replaced by a random one of the same kind; everything else kept. */
    private static String shaped(String original, Random random) {
        StringBuilder out = new StringBuilder(original.length());
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append((char) ((i == 0 ? '1' + random.nextInt(9) : '0' + random.nextInt(10))));
            } else if (c >= 'A' && c <= 'Z') {
                out.append((char) ('A' + random.nextInt(26)));
            } else if (c >= 'a' && c <= 'z') {
                out.append((char) ('a' + random.nextInt(26)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Fixes the last digit so that the digits pass the Luhn check. */
    private static String luhn(String shaped) {
        int last = -1;
        for (int i = shaped.length() - 1; i >= 0; i--) {
            if (Character.isDigit(shaped.charAt(i))) {
                last = i;
                break;
            }
        }
        if (last < 0) {
            return shaped;
        }
        int sum = 0;
        boolean twice = true;
        for (int i = last - 1; i >= 0; i--) {
            char c = shaped.charAt(i);
            if (!Character.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        int check = (10 - sum % 10) % 10;
        return shaped.substring(0, last) + check + shaped.substring(last + 1);
    }

    /** The original's country code, random digits of the same shape, and valid check digits. */
    private static String iban(String original, Random random) {
        String compact = original.replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 5) {
            return shaped(original, random);
        }
        String country = compact.substring(0, 2);
        String body = shaped(compact.substring(4), random).toUpperCase(Locale.ROOT);
        String rearranged = body + country + "00";
        int mod = 0;
        for (char c : rearranged.toCharArray()) {
            String digits = Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10);
            for (char d : digits.toCharArray()) {
                mod = (mod * 10 + (d - '0')) % 97;
            }
        }
        String iban = country + String.format(Locale.ROOT, "%02d", 98 - mod) + body;
        if (!original.contains(" ")) {
            return iban;
        }
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(iban, i, Math.min(iban.length(), i + 4));
        }
        return grouped.toString();
    }
}
