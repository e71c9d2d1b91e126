package dev.tandem.privacy.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Writes the labelled privacy dev set: realistic prompts in English, German, French and Spanish with
 * personal data, secrets, topic data and hard negatives (order numbers, ISBNs, versions, timestamps,
 * invalid-Luhn numbers, example URLs, hashes, prices). Deterministic for a seed.
 *
 * <p>Two splits, same templates, different seeds and therefore different values and combinations:
 * {@code dev.jsonl} (seed {@value #DEV_SEED}) was used to tune the recognizers; {@code holdout.jsonl}
 * (seed {@value #HOLDOUT_SEED}) was only measured. Name and street pools mix names the recognizers'
 * word lists know with names they do not.
 *
 * <p>Run {@code main} from the repository root to rewrite {@code datasets/privacy/}.
 */
public final class PrivacyDevSetGenerator {

    static final long DEV_SEED = 20_260_101L;
    static final long HOLDOUT_SEED = 77_777L;
    static final int TEXTS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final Random random;

    private PrivacyDevSetGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "datasets/privacy");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dev.jsonl"), generate(DEV_SEED, TEXTS), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("holdout.jsonl"), generate(HOLDOUT_SEED, TEXTS), StandardCharsets.UTF_8);
    }

    /** The JSON lines for a seed, each ending in a newline. */
    static String generate(long seed, int count) {
        PrivacyDevSetGenerator generator = new PrivacyDevSetGenerator(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(generator.next().toJson()).append('\n');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- text building

    private record Span(String type, int start, int end) {}

    private static final class Doc {
        private final StringBuilder text = new StringBuilder();
        private final List<Span> spans = new ArrayList<>();

        Doc t(String literal) {
            text.append(literal);
            return this;
        }

        Doc e(String type, String value) {
            int start = text.length();
            text.append(value);
            spans.add(new Span(type, start, text.length()));
            return this;
        }

        String toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("text", text.toString());
            ArrayNode array = node.putArray("spans");
            for (Span span : spans) {
                array.addObject()
                        .put("type", span.type())
                        .put("start", span.start())
                        .put("end", span.end());
            }
            try {
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private String digits(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private String chars(String alphabet, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // ---------------------------------------------------------------- the mix

    private Doc next() {
        int kind = random.nextInt(100);
        Doc doc = new Doc();
        String lang = pick("en", "en", "de", "fr", "es");
        if (kind < 30) {
            negative(doc, lang);
        } else if (kind < 45) {
            hardNegative(doc, lang);
        } else if (kind < 85) {
            single(doc, lang);
        } else {
            mixed(doc, lang);
        }
        return doc;
    }

    // ---------------------------------------------------------------- values

    private static final List<String> FIRST = List.of(
            "Anna",
            "James",
            "Sophie",
            "Lukas",
            "Marie",
            "Carlos",
            "Lucía",
            "Thomas",
            "Emily",
            "Jonas",
            "Camille",
            "Javier",
            "Sarah",
            "Pierre",
            "Elena",
            "Michael",
            "Hannah",
            "Antoine",
            "Isabel",
            "David",
            "Olivia",
            "Stefan",
            "Chloé",
            "Pablo",
            "Laura",
            "Oliver",
            "Katharina",
            "Julien",
            "Carmen",
            "Daniel");
    private static final List<String> RARE_FIRST = List.of(
            "Thaddeus",
            "Ingeborg",
            "Siobhan",
            "Yolanda",
            "Eleonore",
            "Bartholomew",
            "Ottilie",
            "Rosalind",
            "Gwendolyn",
            "Leopoldine",
            "Ximena",
            "Anselm",
            "Perpetua",
            "Cyprien",
            "Wilhelmina",
            "Ezequiel",
            "Radomir",
            "Oluwaseun",
            "Aurelio",
            "Gráinne");
    private static final List<String> LAST = List.of(
            "Smith",
            "Müller",
            "Dubois",
            "García",
            "Schmidt",
            "Martin",
            "Fernández",
            "Weber",
            "Taylor",
            "Moreau",
            "López",
            "Fischer",
            "Johnson",
            "Lefebvre",
            "Romero",
            "Becker",
            "Brown",
            "Girard",
            "Navarro",
            "Wagner");
    private static final List<String> RARE_LAST = List.of(
            "Okonkwo",
            "Kowalczyk",
            "Abernathy",
            "Vandersloot",
            "Quintanilla",
            "Grünewald",
            "Beauchamp",
            "Haverbeke",
            "Zubiaurre",
            "Pemberton",
            "Lindqvist",
            "Achterberg",
            "Castellví",
            "Drummond",
            "Marchetti",
            "Oyelaran",
            "Thistlewood",
            "Urquhart",
            "Villeneuve",
            "Wojciechowski");

    private String firstName() {
        return random.nextInt(3) == 0 ? pick(RARE_FIRST) : pick(FIRST);
    }

    private String lastName() {
        return random.nextInt(3) == 0 ? pick(RARE_LAST) : pick(LAST);
    }

    private String fullName() {
        return firstName() + " " + lastName();
    }

    private String email(String name) {
        String local = stripAccents(name.toLowerCase(java.util.Locale.ROOT)).replace(" ", pick(".", "_", "", "."));
        if (random.nextBoolean()) {
            local = local + random.nextInt(100);
        }
        return local + "@"
                + pick(
                        "gmail.com",
                        "web.de",
                        "orange.fr",
                        "yahoo.es",
                        "outlook.com",
                        "gmx.de",
                        "free.fr",
                        "acme-corp.io",
                        "uni-heidelberg.de",
                        "hotmail.com",
                        "protonmail.ch",
                        "empresa.es");
    }

    private static String stripAccents(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
    }

    private String phone(String lang) {
        String region = switch (lang) {
            case "de" -> pick("DE", "DE", "AT", "CH");
            case "fr" -> pick("FR", "FR", "BE", "CH");
            case "es" -> pick("ES", "ES", "MX", "AR");
            default -> pick("US", "US", "GB", "IE", "AU", "CA", "IN");
        };
        PhoneNumber example =
                PHONES.getExampleNumberForType(region, pick(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE));
        for (int attempt = 0; attempt < 50; attempt++) {
            String national = String.valueOf(example.getNationalNumber());
            int keep = Math.max(3, national.length() - 4);
            String candidate = national.substring(0, keep) + digits(national.length() - keep);
            try {
                PhoneNumber number = PHONES.parse(candidate, region);
                if (PHONES.isValidNumber(number)) {
                    PhoneNumberFormat format = random.nextInt(3) == 0 || !region.equals(homeRegion(lang))
                            ? PhoneNumberFormat.INTERNATIONAL
                            : PhoneNumberFormat.NATIONAL;
                    return PHONES.format(number, format);
                }
            } catch (com.google.i18n.phonenumbers.NumberParseException ignored) {
                // try another number
            }
        }
        return PHONES.format(example, PhoneNumberFormat.INTERNATIONAL);
    }

    private static String homeRegion(String lang) {
        return switch (lang) {
            case "de" -> "DE";
            case "fr" -> "FR";
            case "es" -> "ES";
            default -> "US";
        };
    }

    private String card(boolean valid) {
        String prefix =
                pick("4", "4", "51", "53", "55", "2221", "2720", "34", "37", "6011", "65", "3530", "62", "36", "6759");
        int length = switch (prefix) {
            case "34", "37" -> 15;
            case "36" -> 14;
            case "6759" -> pick(16, 18, 19);
            case "62" -> pick(16, 19);
            default -> 16;
        };
        String body = prefix + digits(length - prefix.length() - 1);
        int check = luhnCheckDigit(body);
        if (!valid) {
            check = (check + 1 + random.nextInt(9)) % 10;
        }
        String number = body + check;
        int style = random.nextInt(3);
        if (style == 0) {
            return number;
        }
        String sep = style == 1 ? " " : "-";
        if (length == 15) {
            return number.substring(0, 4) + sep + number.substring(4, 10) + sep + number.substring(10);
        }
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < number.length(); i += 4) {
            if (i > 0) {
                grouped.append(sep);
            }
            grouped.append(number, i, Math.min(number.length(), i + 4));
        }
        return grouped.toString();
    }

    static int luhnCheckDigit(String body) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int digit = body.charAt(i) - '0';
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    private String iban(boolean valid) {
        String country = pick("DE", "FR", "ES", "GB", "NL", "IT", "AT", "CH", "BE");
        String bban = switch (country) {
            case "DE" -> digits(18);
            case "FR" -> digits(10) + chars(UPPER_DIGITS, 11) + digits(2);
            case "ES" -> digits(20);
            case "GB" -> pick("NWBK", "BARC", "HBUK", "LOYD") + digits(14);
            case "NL" -> pick("ABNA", "INGB", "RABO") + digits(10);
            case "IT" -> "X" + digits(10) + chars(UPPER_DIGITS, 12);
            case "AT" -> digits(16);
            case "CH" -> digits(17);
            default -> digits(12);
        };
        String rearranged = bban + country + "00";
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        int check = 98
                - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        if (!valid) {
            check = (check + 1 + random.nextInt(20)) % 97;
            if (check < 2) {
                check += 2;
            }
        }
        String iban = country + String.format("%02d", check) + bban;
        if (random.nextBoolean()) {
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

    private String ssn(boolean valid) {
        String area;
        String group = String.format("%02d", 1 + random.nextInt(99));
        String serial = String.format("%04d", 1 + random.nextInt(9999));
        if (valid) {
            int a;
            do {
                a = 1 + random.nextInt(899);
            } while (a == 666);
            area = String.format("%03d", a);
        } else {
            area = pick("000", "666", "9" + digits(2));
        }
        return random.nextInt(5) == 0 ? area + group + serial : area + "-" + group + "-" + serial;
    }

    private String nino() {
        String first = "ABCEGHJKLMNOPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String prefix;
        do {
            prefix = chars(first, 1) + chars(second, 1);
        } while (List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(prefix));
        String number = digits(6);
        String suffix = chars("ABCD", 1);
        return random.nextBoolean()
                ? prefix + number + suffix
                : prefix + " " + number.substring(0, 2) + " " + number.substring(2, 4) + " " + number.substring(4) + " "
                        + suffix;
    }

    private String dni() {
        String number = digits(8);
        return number + "TRWAGMYFPDXBNJZSQVHLCKE".charAt(Integer.parseInt(number) % 23);
    }

    private String nir() {
        String body = pick("1", "2")
                + digits(2)
                + String.format("%02d", 1 + random.nextInt(12))
                + String.format("%02d", 1 + random.nextInt(95))
                + digits(3)
                + digits(3);
        int key = 97 - new BigInteger(body).mod(BigInteger.valueOf(97)).intValue();
        String k = String.format("%02d", key);
        return random.nextBoolean()
                ? body + k
                : body.charAt(0) + " " + body.substring(1, 3) + " " + body.substring(3, 5) + " " + body.substring(5, 7)
                        + " " + body.substring(7, 10) + " " + body.substring(10, 13) + " " + k;
    }

    private String ipv4() {
        return pick("192.168.", "10.0.", "172.16.", "") + (random.nextInt(2) == 0 ? "" : "")
                + (1 + random.nextInt(254)) + "." + (1 + random.nextInt(254))
                + (random.nextBoolean() ? "" : "");
    }

    private String fullIpv4() {
        String ip = ipv4();
        long dots = ip.chars().filter(c -> c == '.').count();
        StringBuilder out = new StringBuilder(ip);
        for (long d = dots; d < 3; d++) {
            out.append('.').append(1 + random.nextInt(254));
        }
        return out.toString();
    }

    private String ipv6() {
        return pick(
                "2001:db8:" + chars("0123456789abcdef", 4) + "::" + chars("0123456789abcdef", 3),
                "fe80::" + chars("0123456789abcdef", 4) + ":" + chars("0123456789abcdef", 4) + ":"
                        + chars("0123456789abcdef", 4) + ":" + chars("0123456789abcdef", 4),
                "2a02:810d:" + chars("0123456789abcdef", 4) + ":" + chars("0123456789abcdef", 4) + ":"
                        + chars("0123456789abcdef", 4) + ":" + chars("0123456789abcdef", 4) + ":"
                        + chars("0123456789abcdef", 4) + ":" + chars("0123456789abcdef", 4));
    }

    private String mac() {
        String sep = pick(":", "-");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(sep);
            }
            out.append(chars("0123456789ABCDEF", 2));
        }
        return random.nextBoolean() ? out.toString() : out.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private String secret() {
        return switch (random.nextInt(9)) {
            case 0 -> pick("AKIA", "ASIA") + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            case 1 -> "ghp_" + chars(ALNUM, 36);
            case 2 -> "xoxb-" + digits(11) + "-" + digits(12) + "-" + chars(ALNUM, 24);
            case 3 -> "sk_live_" + chars(ALNUM, 24);
            case 4 -> "sk-proj-" + chars(ALNUM + "_-", 48);
            case 5 -> "AIza" + chars(ALNUM + "_-", 35);
            case 6 -> jwt();
            case 7 -> "github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59);
            default -> "glpat-" + chars(ALNUM, 20);
        };
    }

    private String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload =
                b64.encodeToString(("{\"sub\":\"" + digits(8) + "\",\"name\":\"user\",\"iat\":" + digits(10) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + chars(ALNUM + "_-", 43);
    }

    private String privateKey() {
        StringBuilder key =
                new StringBuilder("-----BEGIN " + pick("RSA ", "EC ", "OPENSSH ", "") + "PRIVATE KEY-----\n");
        for (int i = 0; i < 3; i++) {
            key.append(chars(ALNUM + "+/", 64)).append('\n');
        }
        String header = key.substring(11, key.indexOf("-----", 11));
        return key + "-----END " + header + "-----";
    }

    private String password() {
        return pick("Sommer", "hunter", "Tr0ub4dor", "Winter", "Passw0rd", "Lola", "Chaton", "Gato")
                + digits(2 + random.nextInt(3))
                + pick("!", "#", "", "$", "?x");
    }

    private String street(String lang) {
        return switch (lang) {
            case "de" ->
                pick(
                                "Hauptstraße",
                                "Bahnhofstraße",
                                "Lindenweg",
                                "Goethestraße",
                                "Am Markt",
                                "Schillerplatz",
                                "Berliner Allee",
                                "Rosenweg",
                                "Kirchgasse")
                        + " " + (1 + random.nextInt(120)) + (random.nextInt(5) == 0 ? "a" : "");
            case "fr" ->
                (1 + random.nextInt(80)) + " "
                        + pick(
                                "rue de la Paix",
                                "avenue Victor Hugo",
                                "boulevard Saint-Michel",
                                "rue des Lilas",
                                "place de la République",
                                "chemin des Vignes",
                                "rue Jean Jaurès");
            case "es" ->
                pick(
                                "Calle Mayor",
                                "Avenida de la Constitución",
                                "Calle de Alcalá",
                                "Paseo del Prado",
                                "Plaza Mayor",
                                "Calle Serrano",
                                "Carrer de Balmes")
                        + ", " + (1 + random.nextInt(150));
            default ->
                (1 + random.nextInt(2000)) + " "
                        + pick(
                                "Baker Street",
                                "Maple Avenue",
                                "Oak Lane",
                                "Elm Street",
                                "Sunset Boulevard",
                                "Park Road",
                                "Church Lane",
                                "Highland Drive",
                                "Mill Road");
        };
    }

    private String postcode(String lang) {
        return switch (lang) {
            case "de", "fr", "es" -> String.format("%05d", 1000 + random.nextInt(98000));
            default -> pick("SW1A 1AA", "M1 1AE", "EC1A 1BB", "B33 8TH", "CR2 6XH", "LS1 4AP", "EH1 2NG");
        };
    }

    private String city(String lang) {
        return switch (lang) {
            case "de" -> pick("Berlin", "München", "Hamburg", "Köln", "Leipzig", "Freiburg");
            case "fr" -> pick("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille");
            case "es" -> pick("Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Málaga");
            default -> pick("London", "Manchester", "Leeds", "Bristol", "Edinburgh");
        };
    }

    private String date(String lang) {
        int day = 1 + random.nextInt(28);
        int month = 1 + random.nextInt(12);
        int year = 1940 + random.nextInt(65);
        String[] en = {
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December"
        };
        String[] de = {
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember"
        };
        String[] fr = {
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre"
        };
        String[] es = {
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre"
        };
        if (random.nextBoolean()) {
            return switch (lang) {
                case "de" -> String.format("%02d.%02d.%d", day, month, year);
                case "en" ->
                    random.nextBoolean()
                            ? String.format("%02d/%02d/%d", month, day, year)
                            : String.format("%d-%02d-%02d", year, month, day);
                default -> String.format("%02d/%02d/%d", day, month, year);
            };
        }
        return switch (lang) {
            case "de" -> day + ". " + de[month - 1] + " " + year;
            case "fr" -> day + " " + fr[month - 1] + " " + year;
            case "es" -> day + " de " + es[month - 1] + " de " + year;
            default ->
                random.nextBoolean() ? en[month - 1] + " " + day + ", " + year : day + " " + en[month - 1] + " " + year;
        };
    }

    private String amount(String lang) {
        int value = 1200 + random.nextInt(150_000);
        String number = String.format(java.util.Locale.ROOT, "%,d", value);
        return switch (lang) {
            case "de" -> number.replace(',', '.') + " €";
            case "fr" -> number.replace(',', ' ') + " €";
            case "es" -> number.replace(',', '.') + " €";
            default -> pick("$", "£", "€") + number;
        };
    }

    private String org(String lang) {
        return switch (lang) {
            case "de" ->
                pick("Müller Logistik GmbH", "Schneider & Partner AG", "Bäckerei Weber KG", "Nordlicht Software GmbH");
            case "fr" ->
                pick("Boulangerie Martin SARL", "Transports Girard SAS", "Dupont Conseil SA", "Atelier Moreau SARL");
            case "es" ->
                pick(
                        "Talleres García S.L.",
                        "Construcciones López SA",
                        "Distribuciones Navarro S.L.",
                        "Grupo Romero SA");
            default ->
                pick(
                        "Acme Logistics Ltd",
                        "Brightwater Capital LLC",
                        "Pemberton Foods Inc.",
                        "Greenfield Analytics Ltd");
        };
    }

    private String health(String lang) {
        return switch (lang) {
            case "de" ->
                pick(
                        "Diabetes",
                        "Depressionen",
                        "Bluthochdruck",
                        "Epilepsie",
                        "Chemotherapie",
                        "Antidepressiva",
                        "Sertralin",
                        "Asthma");
            case "fr" ->
                pick(
                        "diabète",
                        "dépression",
                        "asthme",
                        "épilepsie",
                        "chimiothérapie",
                        "antidépresseurs",
                        "sclérose en plaques",
                        "insuline");
            case "es" ->
                pick(
                        "diabetes",
                        "depresión",
                        "asma",
                        "epilepsia",
                        "quimioterapia",
                        "antidepresivos",
                        "hipertensión",
                        "insulina");
            default ->
                pick(
                        "type 2 diabetes",
                        "depression",
                        "asthma",
                        "epilepsy",
                        "chemotherapy",
                        "sertraline",
                        "bipolar disorder",
                        "HIV",
                        "metformin",
                        "multiple sclerosis");
        };
    }

    // ---------------------------------------------------------------- templates

    private void single(Doc d, String lang) {
        int which = random.nextInt(22);
        switch (which) {
            case 0 -> email(d, lang);
            case 1, 2 -> phone(d, lang);
            case 3 -> card(d, lang);
            case 4 -> iban(d, lang);
            case 5 -> nationalId(d, lang);
            case 6 -> network(d, lang);
            case 7, 8 -> secret(d, lang);
            case 9, 10, 11 -> person(d, lang);
            case 12 -> address(d, lang);
            case 13 -> dob(d, lang);
            case 14 -> age(d, lang);
            case 15 -> org(d, lang);
            case 16, 17 -> health(d, lang);
            case 18 -> financial(d, lang);
            case 19 -> credentialUrl(d, lang);
            case 20 -> password(d, lang);
            default -> person(d, lang);
        }
    }

    private void mixed(Doc d, String lang) {
        String name = fullName();
        switch (lang) {
            case "de" ->
                d.t("Hallo, ich bin ")
                        .e("PERSON", name)
                        .t(". Sie erreichen mich unter ")
                        .e("PHONE", phone(lang))
                        .t(" oder per Mail an ")
                        .e("EMAIL", email(name))
                        .t(". Meine Adresse: ")
                        .e("STREET_ADDRESS", street(lang))
                        .t(", ")
                        .e("POSTCODE", postcode(lang))
                        .t(" " + city(lang) + ". Kannst du das Anschreiben verbessern?");
            case "fr" ->
                d.t("Bonjour, je m'appelle ")
                        .e("PERSON", name)
                        .t(" et j'habite au ")
                        .e("STREET_ADDRESS", street(lang))
                        .t(", ")
                        .e("POSTCODE", postcode(lang))
                        .t(" " + city(lang) + ". Mon numéro : ")
                        .e("PHONE", phone(lang))
                        .t(". Rédige une lettre de résiliation pour mon abonnement.");
            case "es" ->
                d.t("Hola, me llamo ")
                        .e("PERSON", name)
                        .t(", mi correo es ")
                        .e("EMAIL", email(name))
                        .t(" y mi teléfono ")
                        .e("PHONE", phone(lang))
                        .t(". Vivo en ")
                        .e("STREET_ADDRESS", street(lang))
                        .t(". ¿Puedes redactar una reclamación?");
            default -> {
                switch (random.nextInt(3)) {
                    case 0 ->
                        d.t("Customer record: ")
                                .e("PERSON", name)
                                .t(", born ")
                                .e("DATE_OF_BIRTH", date(lang))
                                .t(", card ")
                                .e("CREDIT_CARD", card(true))
                                .t(", email ")
                                .e("EMAIL", email(name))
                                .t(". Summarise the refund request in two sentences.");
                    case 1 ->
                        d.t("Hi, this is ")
                                .e("PERSON", name)
                                .t(" from ")
                                .e("ORGANIZATION", org(lang))
                                .t(". Please wire the deposit to IBAN ")
                                .e("IBAN", iban(true))
                                .t(" and text me at ")
                                .e("PHONE", phone(lang))
                                .t(" once done.");
                    default ->
                        d.t("Draft a reply to ")
                                .e("PERSON", name)
                                .t(" (")
                                .e("EMAIL", email(name))
                                .t(") who lives at ")
                                .e("STREET_ADDRESS", street(lang))
                                .t(", ")
                                .t(city(lang))
                                .t(" ")
                                .e("POSTCODE", postcode(lang))
                                .t(" and was diagnosed with ")
                                .e("HEALTH", health(lang))
                                .t(" last year.");
                }
            }
        }
    }

    private void email(Doc d, String lang) {
        String name = fullName();
        String email = email(name);
        switch (lang) {
            case "de" ->
                d.t(pick("Bitte schick die Rechnung an ", "Meine E-Mail-Adresse lautet ", "Kontakt: "))
                        .e("EMAIL", email)
                        .t(pick(".", " – danke!", ""));
            case "fr" ->
                d.t(pick("Envoie le devis à ", "Mon adresse e-mail est ", "Écrivez-moi à "))
                        .e("EMAIL", email)
                        .t(pick(".", " merci.", ""));
            case "es" ->
                d.t(pick("Envía el informe a ", "Mi correo es ", "Escríbeme a "))
                        .e("EMAIL", email)
                        .t(pick(".", ", gracias.", ""));
            default ->
                d.t(pick("Forward the logs to ", "You can reach me at ", "CC ", "🙂 Send the draft to "))
                        .e("EMAIL", email)
                        .t(pick(" before Friday.", ".", " please."));
        }
    }

    private void phone(Doc d, String lang) {
        String phone = phone(lang);
        switch (lang) {
            case "de" ->
                d.t(pick("Ruf mich an unter ", "Meine Handynummer: ", "Tel. ", "Erreichbar unter "))
                        .e("PHONE", phone)
                        .t(pick(".", " (ab 18 Uhr).", ""));
            case "fr" ->
                d.t(pick("Appelle-moi au ", "Mon portable : ", "Tél. ", "Vous pouvez me joindre au "))
                        .e("PHONE", phone)
                        .t(pick(".", " après 18h.", ""));
            case "es" ->
                d.t(pick("Llámame al ", "Mi móvil: ", "Tel. ", "Puedes contactarme en el "))
                        .e("PHONE", phone)
                        .t(pick(".", " por la tarde.", ""));
            default ->
                d.t(pick("Call me on ", "My cell is ", "Phone: ", "Text ", "Reach the landlord at "))
                        .e("PHONE", phone)
                        .t(pick(" after 6pm.", ".", " if anything breaks."));
        }
    }

    private void card(Doc d, String lang) {
        String card = card(true);
        switch (lang) {
            case "de" ->
                d.t(pick("Meine Kreditkarte ", "Karte: ", "Bitte belaste die Karte "))
                        .e("CREDIT_CARD", card)
                        .t(pick(", gültig bis 04/27.", ".", " für die Buchung."));
            case "fr" ->
                d.t(pick("Ma carte bancaire ", "Carte : ", "Payez avec la carte "))
                        .e("CREDIT_CARD", card)
                        .t(pick(", expire 09/26.", "."));
            case "es" ->
                d.t(pick("Mi tarjeta es ", "Tarjeta: ", "Cobra en la tarjeta "))
                        .e("CREDIT_CARD", card)
                        .t(pick(", caduca 11/27.", "."));
            default ->
                d.t(pick("Charge it to my card ", "Card number: ", "My Visa is ", "Why was ", "Pay with "))
                        .e("CREDIT_CARD", card)
                        .t(pick(" exp 08/27, CVV 123.", " declined at checkout?", "."));
        }
    }

    private void iban(Doc d, String lang) {
        String iban = iban(true);
        switch (lang) {
            case "de" ->
                d.t(pick("Bitte überweise die Miete auf ", "IBAN: ", "Mein Konto: "))
                        .e("IBAN", iban)
                        .t(pick(".", " (Sparkasse).", ""));
            case "fr" ->
                d.t(pick("Faites le virement sur ", "IBAN : ", "Mon compte : "))
                        .e("IBAN", iban)
                        .t(".");
            case "es" ->
                d.t(pick("Haz la transferencia a ", "IBAN: ", "Mi cuenta: "))
                        .e("IBAN", iban)
                        .t(".");
            default ->
                d.t(pick("Send the payment to ", "IBAN ", "My account is "))
                        .e("IBAN", iban)
                        .t(pick(".", ", reference INV-2291.", ""));
        }
    }

    private void nationalId(Doc d, String lang) {
        switch (lang) {
            case "es" ->
                d.t(pick("Mi DNI es ", "DNI: ", "Adjunto copia del DNI "))
                        .e("ES_DNI", dni())
                        .t(".");
            case "fr" ->
                d.t(pick("Mon numéro de sécurité sociale est ", "N° sécu : "))
                        .e("FR_NIR", nir())
                        .t(".");
            case "de" ->
                d.t("Für den US-Antrag: meine SSN ist ").e("US_SSN", ssn(true)).t(".");
            default -> {
                if (random.nextBoolean()) {
                    d.t(pick("My SSN is ", "Social Security number: ", "SSN "))
                            .e("US_SSN", ssn(true))
                            .t(pick(", is that needed for the W-2?", "."));
                } else {
                    d.t(pick("My National Insurance number is ", "NI number: "))
                            .e("UK_NINO", nino())
                            .t(".");
                }
            }
        }
    }

    private void network(Doc d, String lang) {
        switch (random.nextInt(4)) {
            case 0 ->
                d.t(pick("The server at ", "I can't ssh into ", "Block traffic from ", "Ping "))
                        .e("IP_ADDRESS", fullIpv4())
                        .t(pick(" since this morning.", ", why?", "."));
            case 1 ->
                d.t(pick("Our gateway is ", "IPv6 of the host: "))
                        .e("IP_ADDRESS", ipv6())
                        .t(".");
            case 2 ->
                d.t(pick("The MAC address ", "Whitelist device "))
                        .e("MAC_ADDRESS", mac())
                        .t(pick(" keeps dropping off the wifi.", "."));
            default -> d.t("Logs show login from ").e("IP_ADDRESS", fullIpv4()).t(" at 03:12 UTC, is that suspicious?");
        }
    }

    private void secret(Doc d, String lang) {
        if (random.nextInt(6) == 0) {
            d.t("Why does this fail?\n").e("SECRET", privateKey()).t("\nssh says invalid format.");
            return;
        }
        String secret = secret();
        switch (lang) {
            case "de" ->
                d.t(pick("Warum geht das nicht? token=", "Mein API-Key: ", "export KEY="))
                        .e("SECRET", secret)
                        .t(pick("", " – Fehler 401.", "."));
            default ->
                d.t(pick(
                                "Here is my config: api_key = ",
                                "Authorization: Bearer ",
                                "curl -H 'X-Key: ",
                                "const key = '",
                                "This key leaked in a commit: "))
                        .e("SECRET", secret)
                        .t(pick("", "'", " — how do I rotate it?", "."));
        }
    }

    private void password(Doc d, String lang) {
        String pwd = password();
        switch (lang) {
            case "de" -> d.t("Das WLAN-Passwort ist ").e("SECRET", pwd).t(", bitte nicht weitergeben.");
            case "fr" -> d.t("Le mot de passe du serveur est ").e("SECRET", pwd).t(" pour l'instant.");
            case "es" -> d.t("La contraseña: ").e("SECRET", pwd).t(" (cámbiala luego).");
            default ->
                d.t(pick("DB_PASSWORD=", "password: ", "My password is "))
                        .e("SECRET", pwd)
                        .t(pick("", " — is that strong enough?", "."));
        }
    }

    private void credentialUrl(Doc d, String lang) {
        String url = pick("postgres://", "https://", "mongodb+srv://", "ftp://", "redis://")
                + pick("admin", "app_user", "deploy", "root") + ":" + pick("S3cr3t", "hunter2", "pa55word", "Xk9!q")
                + digits(2) + "@" + pick("db.internal.acme.io", "10.1.2.3", "cluster0.mongodb.net", "files.example.org")
                + pick(":5432/prod", "/data", "", ":6379");
        d.t(pick("My connection string is ", "Why does ", "Use "))
                .e("URL_CREDENTIALS", url)
                .t(pick(" time out?", " for the migration.", "."));
    }

    private void person(Doc d, String lang) {
        String first = firstName();
        String last = lastName();
        String name = first + " " + last;
        switch (lang) {
            case "de" -> {
                switch (random.nextInt(4)) {
                    case 0 -> d.t("Sehr geehrte Frau ").e("PERSON", last).t(", vielen Dank für Ihre Nachricht.");
                    case 1 ->
                        d.t("Mein Name ist ").e("PERSON", name).t(" und ich brauche Hilfe mit meiner Steuererklärung.");
                    case 2 ->
                        d.t("Kannst du eine Absage an Herrn ").e("PERSON", name).t(" formulieren?");
                    default -> d.t("Meine Kollegin ").e("PERSON", name).t(" übernimmt ab Montag das Projekt.");
                }
            }
            case "fr" -> {
                switch (random.nextInt(4)) {
                    case 0 -> d.t("Bonjour Madame ").e("PERSON", last).t(", je vous écris au sujet du contrat.");
                    case 1 -> d.t("Je m'appelle ").e("PERSON", name).t(", pouvez-vous corriger ma lettre ?");
                    case 2 -> d.t("Rédige un mail à M. ").e("PERSON", name).t(" pour reporter la réunion.");
                    default -> d.t("Mon collègue ").e("PERSON", name).t(" sera absent demain.");
                }
            }
            case "es" -> {
                switch (random.nextInt(4)) {
                    case 0 -> d.t("Estimada Sra. ").e("PERSON", last).t(", le escribo por la factura.");
                    case 1 -> d.t("Me llamo ").e("PERSON", name).t(" y necesito ayuda con mi currículum.");
                    case 2 -> d.t("Escribe una carta al Dr. ").e("PERSON", name).t(" agradeciendo la consulta.");
                    default -> d.t("Mi compañera ").e("PERSON", name).t(" se encarga del proyecto.");
                }
            }
            default -> {
                switch (random.nextInt(6)) {
                    case 0 -> d.t("Dear ").e("PERSON", name).t(", thank you for your application.");
                    case 1 -> d.t("My name is ").e("PERSON", name).t(" and I need help writing a cover letter.");
                    case 2 ->
                        d.t("Write a performance review for ").e("PERSON", name).t(", who joined in March.");
                    case 3 -> d.t("Please ask Dr. ").e("PERSON", last).t(" to review the results.");
                    case 4 -> d.t("Meeting notes: ").e("PERSON", name).t(" agreed to send the budget by Friday.");
                    default ->
                        d.t("My colleague ")
                                .e("PERSON", first)
                                .t(" keeps interrupting me in meetings, how do I address it?");
                }
            }
        }
    }

    private void address(Doc d, String lang) {
        switch (lang) {
            case "de" ->
                d.t(pick("Ich wohne in der ", "Lieferadresse: ", "Bitte schick das Paket an "))
                        .e("STREET_ADDRESS", street(lang))
                        .t(", ")
                        .e("POSTCODE", postcode(lang))
                        .t(" " + city(lang) + ".");
            case "fr" ->
                d.t(pick("J'habite au ", "Adresse de livraison : "))
                        .e("STREET_ADDRESS", street(lang))
                        .t(", ")
                        .e("POSTCODE", postcode(lang))
                        .t(" " + city(lang) + ".");
            case "es" ->
                d.t(pick("Vivo en ", "Dirección de envío: "))
                        .e("STREET_ADDRESS", street(lang))
                        .t(", ")
                        .e("POSTCODE", postcode(lang))
                        .t(" " + city(lang) + ".");
            default ->
                d.t(pick("I live at ", "Ship it to ", "Our new address is "))
                        .e("STREET_ADDRESS", street(lang))
                        .t(", " + city(lang) + " ")
                        .e("POSTCODE", postcode(lang))
                        .t(".");
        }
    }

    private void dob(Doc d, String lang) {
        String[] frame = switch (lang) {
            case "de" ->
                pick(new String[] {"Ich bin am ", " geboren."}, new String[] {"Geburtsdatum: ", "."}, new String[] {
                    "Patientin, geb. ", ", klagt über Kopfschmerzen."
                });
            case "fr" ->
                pick(new String[] {"Je suis né le ", "."}, new String[] {"Date de naissance : ", "."}, new String[] {
                    "Née le ", ", elle habite à Lyon."
                });
            case "es" ->
                pick(new String[] {"Nací el ", "."}, new String[] {"Fecha de nacimiento: ", "."}, new String[] {
                    "Mi hijo nació el ", " en Sevilla."
                });
            default ->
                pick(
                        new String[] {"I was born on ", ", am I eligible?"},
                        new String[] {"DOB: ", "."},
                        new String[] {"Date of birth ", "."},
                        new String[] {"My daughter's birthday is ", ", plan a party."});
        };
        d.t(frame[0]).e("DATE_OF_BIRTH", date(lang)).t(frame[1]);
    }

    private void age(Doc d, String lang) {
        int age = 18 + random.nextInt(70);
        switch (lang) {
            case "de" -> d.t("Mein Vater ist ").e("AGE", age + " Jahre alt").t(" und braucht eine Pflegeversicherung.");
            case "fr" -> d.t("Ma mère a ").e("AGE", age + " ans").t(" et cherche une mutuelle.");
            case "es" -> d.t("Mi abuela tiene ").e("AGE", age + " años").t(" y necesita ayuda.");
            default -> d.t("I'm a ").e("AGE", age + "-year-old").t(" developer looking for a career change.");
        }
    }

    private void org(Doc d, String lang) {
        switch (lang) {
            case "de" ->
                d.t("Ich arbeite bei der ").e("ORGANIZATION", org(lang)).t(" und suche eine neue Stelle.");
            case "fr" -> d.t("Je travaille chez ").e("ORGANIZATION", org(lang)).t(" depuis trois ans.");
            case "es" -> d.t("Trabajo en ").e("ORGANIZATION", org(lang)).t(" como contable.");
            default -> d.t("I work at ").e("ORGANIZATION", org(lang)).t(" and want to negotiate my notice period.");
        }
    }

    private void health(Doc d, String lang) {
        String term = health(lang);
        String[] frame = switch (lang) {
            case "de" ->
                pick(
                        new String[] {"Ich habe ", " und frage mich, ob ich Sport machen darf."},
                        new String[] {"Mein Arzt hat mir ", " verschrieben."},
                        new String[] {"Bei mir wurde ", " diagnostiziert."});
            case "fr" ->
                pick(
                        new String[] {"Mon médecin m'a diagnostiqué : ", ". Que dois-je éviter ?"},
                        new String[] {"Je prends un traitement (", ") depuis mars."},
                        new String[] {"Je souffre de ", "."});
            case "es" ->
                pick(
                        new String[] {"Tengo ", ", ¿qué dieta me recomiendas?"},
                        new String[] {"Mi médico me recetó ", "."},
                        new String[] {"Me diagnosticaron ", " el año pasado."});
            default ->
                pick(
                        new String[] {"I was diagnosed with ", " — can I still drink coffee?"},
                        new String[] {"My doctor put me on ", ", what should I tell my employer?"},
                        new String[] {"My son has ", "."},
                        new String[] {"Patient notes: history of ", ", follow-up in 6 weeks."});
        };
        d.t(frame[0]).e("HEALTH", term).t(frame[1]);
    }

    private void financial(Doc d, String lang) {
        String amount = amount(lang);
        switch (lang) {
            case "de" ->
                d.t(pick("Mein Gehalt beträgt ", "Kontostand: ", "Ich verdiene "))
                        .e("FINANCIAL", amount)
                        .t(pick(" brutto im Jahr.", ", reicht das für die Miete?", "."));
            case "fr" ->
                d.t(pick("Mon salaire est de ", "Solde du compte : "))
                        .e("FINANCIAL", amount)
                        .t(".");
            case "es" ->
                d.t(pick("Mi sueldo es de ", "Saldo de la cuenta: "))
                        .e("FINANCIAL", amount)
                        .t(".");
            default -> {
                if (random.nextBoolean()) {
                    d.t(pick("My salary is ", "Current balance: ", "I earn "))
                            .e("FINANCIAL", amount)
                            .t(pick(" a year, can I afford a mortgage?", "."));
                } else {
                    d.t("My account number is ")
                            .e("FINANCIAL", digits(8))
                            .t(" and the sort code is ")
                            .e("FINANCIAL", digits(2) + "-" + digits(2) + "-" + digits(2))
                            .t(".");
                }
            }
        }
    }

    private void negative(Doc d, String lang) {
        List<String> texts = switch (lang) {
            case "de" ->
                List.of(
                        "Wie funktioniert ein Wärmepumpe im Winter?",
                        "Schreib mir ein Rezept für Apfelstrudel für vier Personen.",
                        "Erkläre den Unterschied zwischen GmbH und AG.",
                        "Was ist Diabetes und wie entsteht er?",
                        "Übersetze bitte: The meeting is moved to next week.",
                        "Welche Sehenswürdigkeiten gibt es in München?",
                        "Fasse den folgenden Artikel über die Energiewende zusammen.");
            case "fr" ->
                List.of(
                        "Comment faire une pâte à crêpes sans lait ?",
                        "Explique la différence entre une SARL et une SAS.",
                        "Quels sont les symptômes de la grippe ?",
                        "Traduis en anglais : le rapport est prêt.",
                        "Quelle est la capitale de l'Australie ?",
                        "Donne-moi trois idées de sortie à Lyon ce week-end.");
            case "es" ->
                List.of(
                        "¿Cómo se prepara una paella valenciana?",
                        "Explica qué es la inflación en términos sencillos.",
                        "¿Qué es el asma y cómo se trata en general?",
                        "Traduce al inglés: la reunión empieza a las diez.",
                        "Recomiéndame libros de ciencia ficción.",
                        "Escribe un poema sobre el mar.");
            default ->
                List.of(
                        "How do I reverse a linked list in Java?",
                        "Write a haiku about autumn rain.",
                        "What are the main causes of inflation?",
                        "Explain the difference between TCP and UDP.",
                        "Summarize the plot of Hamlet in three sentences.",
                        "What is insulin and how does it work?",
                        "Give me a SQL query that counts orders per customer.",
                        "Can you suggest a name for my bakery?",
                        "Refactor this function to use streams: for (int i = 0; i < n; i++) sum += a[i];",
                        "What's the weather usually like in Lisbon in May?",
                        "Explain how Kubernetes schedules pods on nodes.",
                        "Write a polite email declining a meeting invitation.");
        };
        d.t(pick(texts));
    }

    private void hardNegative(Doc d, String lang) {
        switch (random.nextInt(18)) {
            case 0 ->
                d.t("Order #" + digits(4) + "-" + digits(5) + " shipped on 2024-0" + (1 + random.nextInt(9)) + "-1"
                        + random.nextInt(9) + ", where is it?");
            case 1 -> d.t("The book has ISBN 978-3-16-148410-0; is there a newer edition?");
            case 2 ->
                d.t("After upgrading to version " + random.nextInt(5) + "." + random.nextInt(20) + "."
                        + random.nextInt(10) + " the build fails.");
            case 3 ->
                d.t("Log line: 2024-03-12T10:" + (10 + random.nextInt(50)) + ":45.123Z INFO request finished in "
                        + random.nextInt(900) + " ms");
            case 4 -> d.t("Is " + card(false) + " a valid test card number? The form rejects it.");
            case 5 -> d.t("See https://example.com/docs/getting-started for the setup guide.");
            case 6 -> d.t("The commit " + chars("0123456789abcdef", 40) + " broke the pipeline.");
            case 7 ->
                d.t("Use UUID " + chars("0123456789abcdef", 8) + "-" + chars("0123456789abcdef", 4) + "-4"
                        + chars("0123456789abcdef", 3) + "-a" + chars("0123456789abcdef", 3) + "-"
                        + chars("0123456789abcdef", 12) + " as the correlation id.");
            case 8 ->
                d.t(pick("Die Bestellung ", "La commande ", "El pedido ", "Invoice ")
                        + digits(8)
                        + pick(" ist unterwegs.", " est en retard.", " no ha llegado.", " is overdue."));
            case 9 -> d.t("The price went from €1,299 to €1,099 in the sale; population of the city is 3,645,000.");
            case 10 -> d.t("Tracking number 1Z" + chars(UPPER_DIGITS, 16) + ", expected delivery Thursday.");
            case 11 -> d.t("Error 0x80070005 appears when I run the installer on Windows 11.");
            case 12 ->
                d.t("Upgrade firmware to v" + random.nextInt(4) + "." + random.nextInt(10) + "." + random.nextInt(10)
                        + "." + random.nextInt(100) + " before the release.");
            case 13 ->
                d.t("Meeting on " + (1 + random.nextInt(28)) + "." + (1 + random.nextInt(12))
                        + ".2025 at 14:30 in room 4.12.");
            case 14 -> d.t("Is IBAN " + iban(false) + " valid? My bank says the checksum is wrong.");
            case 15 -> d.t("SSN " + ssn(false) + " was rejected by the form — why?");
            case 16 ->
                d.t("Set the token limit to " + (1000 + random.nextInt(8000))
                        + " and the password policy to 12 characters.");
            default ->
                d.t("Call the function at line " + random.nextInt(500) + " with timeout 30000 ms and port 8080.");
        }
    }
}
