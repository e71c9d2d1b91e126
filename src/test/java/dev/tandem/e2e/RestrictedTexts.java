package dev.tandem.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated prompts that mix restricted entities (payment cards, IBANs, US SSNs, API keys, private
 * keys) with other personal data, several languages and hard questions. Deterministic for a seed.
 */
final class RestrictedTexts {

    /** A prompt and the restricted values in it, as they were written. */
    record Text(String prompt, List<String> restricted) {}

    private static final String[] QUESTIONS = {
        "Prove step by step that the sum of the first n odd numbers is n^2, then analyze the complexity.",
        "Derive the closed form of the integral of x^2 e^x and explain each step rigorously.",
        "Erkläre Schritt für Schritt, warum die Überweisung abgelehnt wurde, und leite die Gebühren her.",
        "Explique étape par étape comment contester ce prélèvement et démontre le calcul des intérêts.",
        "Explica paso a paso cómo calcular el interés compuesto de este préstamo y demuestra la fórmula.",
        "Write a Python function that validates this record, then prove its time complexity is O(n log n).",
        "Summarise this support ticket in two sentences.",
        "What is 2 + 2?",
    };
    private static final String[] NAMES = {"Jane Doe", "Max Mustermann", "Marie Dubois", "Carlos García"};

    private RestrictedTexts() {}

    static List<Text> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Text> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> values = new ArrayList<>();
            StringBuilder prompt = new StringBuilder(QUESTIONS[random.nextInt(QUESTIONS.length)]);
            int entities = 1 + random.nextInt(3);
            for (int e = 0; e < entities; e++) {
                int kind = (i + e) % 5;
                String value = switch (kind) {
                    case 0 -> card(random);
                    case 1 -> iban(random);
                    case 2 -> ssn(random);
                    case 3 -> apiKey(random);
                    default -> privateKey(random);
                };
                values.add(value);
                prompt.append(' ').append(sentence(kind, value, random));
            }
            if (random.nextBoolean()) {
                prompt.append(" Customer: ")
                        .append(NAMES[random.nextInt(NAMES.length)])
                        .append(", mail ")
                        .append("user")
                        .append(i)
                        .append("@example.com.");
            }
            texts.add(new Text(prompt.toString(), values));
        }
        return texts;
    }

    private static String sentence(int kind, String value, Random random) {
        String[][] templates = {
            {"My card number is %s.", "Meine Kreditkarte: %s", "Ma carte bancaire est %s.", "Tarjeta %s rechazada."},
            {"Please wire it to IBAN %s.", "Meine IBAN lautet %s.", "Mon IBAN est %s.", "Mi IBAN es %s."},
            {"My SSN is %s.", "Social security number: %s", "SSN %s on file.", "ssn: %s"},
            {"Here is our API key %s for the test.", "token=%s", "api key: %s", "Use secret %s in prod."},
            {"The server key is:\n%s\n", "Debug this key please\n%s", "%s", "clé privée :\n%s"},
        };
        String[] options = templates[kind];
        return String.format(Locale.ROOT, options[random.nextInt(options.length)], value);
    }

    static String card(Random random) {
        String[] prefixes = {"4", "51", "55", "2221", "37", "6011", "3530"};
        String prefix = prefixes[random.nextInt(prefixes.length)];
        int length = prefix.equals("37") ? 15 : 16;
        StringBuilder digits = new StringBuilder(prefix);
        while (digits.length() < length - 1) {
            digits.append(random.nextInt(10));
        }
        digits.append(luhnDigit(digits.toString()));
        String plain = digits.toString();
        return switch (random.nextInt(3)) {
            case 0 -> plain;
            case 1 -> group(plain, 4, " ");
            default -> group(plain, 4, "-");
        };
    }

    static String iban(Random random) {
        String[] countries = {"DE", "FR", "GB", "NL", "ES"};
        String country = countries[random.nextInt(countries.length)];
        String bban = switch (country) {
            case "DE" -> digits(random, 18);
            case "FR" -> digits(random, 23);
            case "GB" -> letters(random, 4) + digits(random, 14);
            case "NL" -> letters(random, 4) + digits(random, 10);
            default -> digits(random, 20);
        };
        String rearranged = bban + country + "00";
        int mod = 0;
        for (char c : rearranged.toCharArray()) {
            String d = Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10);
            for (char x : d.toCharArray()) {
                mod = (mod * 10 + (x - '0')) % 97;
            }
        }
        String iban = country + String.format(Locale.ROOT, "%02d", 98 - mod) + bban;
        return random.nextBoolean() ? iban : group(iban, 4, " ");
    }

    static String ssn(Random random) {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        return String.format(Locale.ROOT, "%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    static String apiKey(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "AKIA" + upperAlnum(random, 16);
            case 1 -> "ghp_" + alnum(random, 36);
            case 2 -> "sk_live_" + alnum(random, 24);
            default -> "sk-proj-" + alnum(random, 48);
        };
    }

    static String privateKey(Random random) {
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 4; line++) {
            body.append(base64(random, 64)).append('\n');
        }
        return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
    }

    private static String group(String value, int size, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i += size) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(value, i, Math.min(value.length(), i + size));
        }
        return out.toString();
    }

    private static int luhnDigit(String partial) {
        int sum = 0;
        boolean twice = true;
        for (int i = partial.length() - 1; i >= 0; i--) {
            int d = partial.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }

    private static String digits(Random random, int n) {
        return pick(random, n, "0123456789");
    }

    private static String letters(Random random, int n) {
        return pick(random, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    private static String upperAlnum(Random random, int n) {
        return pick(random, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    }

    private static String alnum(Random random, int n) {
        return pick(random, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    }

    private static String base64(Random random, int n) {
        return pick(random, n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    }

    private static String pick(Random random, int n, String alphabet) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
