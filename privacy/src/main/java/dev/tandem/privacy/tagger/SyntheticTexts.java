package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.evaluation.LabelledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Synthetic training texts from our own templates: addresses in English, German, French, Spanish,
 * Italian, Dutch, Swedish, Danish, Norwegian, Finnish, Icelandic and Greek (street types, unit words and
 * PO-box words from libpostal's dictionaries), names where prose gives no cue (message starts, lists,
 * dialogue speakers, greetings, sign-offs, signature blocks, a surname as a whole answer, lower case),
 * and texts with no personal data that look like they might have some (technical tokens, log lines,
 * product names, "Sir bot"). Names and places are drawn from the spans of the training corpora, so no
 * name list from elsewhere is needed. Deterministic for a given random source.
 */
public final class SyntheticTexts {

    private static final Pattern NAME_WORD = Pattern.compile("\\p{Lu}\\p{Ll}{1,14}");
    private static final String[] LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "sv", "da", "nb", "fi", "is", "el"};
    /** Languages that write the street type as a suffix of the name (Hauptstraße, Kiannonkatu). */
    private static final String SUFFIX_LANGUAGES = "de nl sv da nb fi is";

    private final Random random;
    private final List<String> givenNames;
    private final List<String> surnames;
    private final List<String> places;
    private final List<Language> languages = new ArrayList<>();

    private record Language(String code, List<String> streetTypes, List<String> units, List<String> poBoxes) {}

    private SyntheticTexts(Path libpostal, List<LabelledText> corpora, Random random) {
        this.random = random;
        TreeSet<String> given = new TreeSet<>();
        TreeSet<String> family = new TreeSet<>();
        TreeSet<String> place = new TreeSet<>();
        for (LabelledText text : corpora) {
            for (EntitySpan span : text.spans()) {
                String[] words = text.text().substring(span.start(), span.end()).split(" ");
                boolean clean = true;
                for (String word : words) {
                    clean &= NAME_WORD.matcher(word).matches();
                }
                if (!clean || words.length > 3) {
                    continue;
                }
                if (span.type().name().equals("PERSON")) {
                    given.add(words[0]);
                    if (words.length > 1) {
                        family.add(words[words.length - 1]);
                    }
                } else if (span.type().name().equals("LOCATION") && words.length == 1) {
                    place.add(words[0]);
                }
            }
        }
        if (given.isEmpty() || family.isEmpty() || place.isEmpty()) {
            throw new IllegalArgumentException(
                    "the corpora hold no person or place names to build synthetic texts from");
        }
        this.givenNames = List.copyOf(given);
        this.surnames = List.copyOf(family);
        this.places = List.copyOf(place);
        for (String code : LANGUAGES) {
            Path dir = libpostal.resolve(code);
            languages.add(new Language(
                    code,
                    dictionary(dir.resolve("street_types.txt")),
                    dictionary(dir.resolve("unit_types_numbered.txt")),
                    dictionary(dir.resolve("post_office.txt"))));
        }
    }

    /**
     * Generates texts.
     *
     * @param libpostal the {@code resources/libpostal/dictionaries} folder of the shared data
     * @param corpora annotated texts whose PERSON and LOCATION spans give the names and places
     */
    public static List<LabelledText> generate(Path libpostal, List<LabelledText> corpora, int count, Random random) {
        SyntheticTexts texts = new SyntheticTexts(libpostal, corpora, random);
        List<LabelledText> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double draw = random.nextDouble();
            Sample sample = draw < 0.45 ? texts.address() : draw < 0.8 ? texts.person() : texts.negative();
            out.add(sample.build());
        }
        return out;
    }

    private static List<String> dictionary(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> words = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                for (String form : line.split("\\|")) {
                    String word = form.strip();
                    if (word.length() >= 2 && !word.contains("/") && !word.contains("\\")) {
                        words.add(word);
                    }
                }
            }
            return List.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- addresses

    private Sample address() {
        Language language = languages.get(random.nextInt(languages.size()));
        Sample s = new Sample();
        boolean multiline = random.nextDouble() < 0.3;
        String separator = multiline ? "\n" : ", ";
        if (!multiline) {
            s.text(pick(carriers(language.code())));
        } else if (random.nextBoolean()) {
            s.span(TaggedTypes.PERSON, fullName(language)).text("\n");
        }
        boolean poBox = !language.poBoxes().isEmpty() && random.nextDouble() < 0.12;
        if (poBox) {
            s.span(TaggedTypes.PO_BOX, capitalise(pick(language.poBoxes())) + " " + number(1, 9999));
        } else if (language.code().equals("en") && random.nextDouble() < 0.1) {
            s.span(TaggedTypes.PO_BOX, "PSC " + number(1000, 9999) + ", Box " + number(1000, 9999))
                    .text(separator)
                    .span(TaggedTypes.CITY, pick(List.of("APO", "FPO", "DPO")) + " " + pick(List.of("AA", "AE", "AP")))
                    .text(" ")
                    .span(TaggedTypes.POSTCODE, digits(5));
            return s.text(ending(multiline));
        } else {
            street(s, language);
        }
        if (!language.units().isEmpty() && random.nextDouble() < 0.25) {
            s.text(random.nextBoolean() ? ", " : separator);
            s.span(TaggedTypes.UNIT, unit(language));
        }
        if (random.nextDouble() < 0.75) {
            s.text(separator);
            String city = city(language);
            String postcode = postcode(language.code());
            if (language.code().equals("en") && random.nextBoolean()) {
                s.span(TaggedTypes.CITY, city)
                        .text(", " + pick(List.of("CA", "NY", "TX", "WA", "IL", "MA", "FL")) + " ")
                        .span(TaggedTypes.POSTCODE, postcode);
            } else if (random.nextDouble() < 0.85) {
                s.span(TaggedTypes.POSTCODE, postcode).text(" ").span(TaggedTypes.CITY, city);
            } else {
                s.span(TaggedTypes.CITY, city);
            }
        }
        return s.text(ending(multiline));
    }

    private void street(Sample s, Language language) {
        String stem =
                language.code().equals("el") ? greek(pick(places)) : pick(random.nextBoolean() ? places : surnames);
        String type = language.streetTypes().isEmpty() ? "street" : pick(language.streetTypes());
        String name;
        if (SUFFIX_LANGUAGES.contains(language.code()) && random.nextDouble() < 0.7) {
            name = stem + type.toLowerCase(Locale.ROOT);
        } else if (language.code().equals("en")) {
            name = stem + " " + capitalise(type) + (type.length() <= 4 && random.nextBoolean() ? "." : "");
        } else if (SUFFIX_LANGUAGES.contains(language.code())) {
            name = stem + " " + capitalise(type);
        } else {
            String link = switch (language.code()) {
                case "fr" -> pick(List.of("", "", "de ", "de la ", "du "));
                case "es" -> pick(List.of("", "", "de ", "del "));
                case "it" -> pick(List.of("", "", "", "dei "));
                default -> "";
            };
            name = (random.nextDouble() < 0.85 ? capitalise(type) + " " : "") + link + stem;
            if (random.nextDouble() < 0.2) {
                name = name + " " + pick(places);
            }
        }
        String house = houseNumber();
        boolean numberFirst = language.code().equals("en") || language.code().equals("fr") || random.nextDouble() < 0.1;
        if (numberFirst) {
            s.span(TaggedTypes.HOUSE_NUMBER, house)
                    .text(language.code().equals("fr") && random.nextBoolean() ? ", " : " ")
                    .span(TaggedTypes.STREET, name);
            if (random.nextDouble() < 0.05) {
                s.text(" ").span(TaggedTypes.HOUSE_NUMBER, houseNumber());
            }
        } else {
            s.span(TaggedTypes.STREET, name)
                    .text(language.code().equals("es") && random.nextBoolean() ? ", " : " ")
                    .span(TaggedTypes.HOUSE_NUMBER, house);
        }
    }

    private String unit(Language language) {
        String word = pick(language.units());
        if (language.code().equals("en")) {
            word = pick(List.of("Apt.", "Apt", "Suite", "Unit", "Flat", "Apartment", "Ste", "Room", capitalise(word)));
        }
        return capitalise(word)
                + (random.nextBoolean() ? " " : " #")
                + number(1, 999)
                + (random.nextDouble() < 0.2 ? pick(List.of("A", "B", "C")) : "");
    }

    private String city(Language language) {
        String city = language.code().equals("el") ? greek(pick(places)) : pick(places);
        return random.nextDouble() < 0.1 ? city.toUpperCase(Locale.ROOT) : city;
    }

    private String houseNumber() {
        String n = String.valueOf(number(1, 999));
        double draw = random.nextDouble();
        return draw < 0.1
                ? n + pick(List.of("a", "b", "A", "B"))
                : draw < 0.15 ? n + "-" + (Integer.parseInt(n) + 2) : n;
    }

    private String postcode(String language) {
        return switch (language) {
            case "en" -> random.nextDouble() < 0.7 ? digits(5) : ukPostcode();
            case "nl" -> digits(4) + " " + letters(2);
            case "sv", "el" -> digits(3) + " " + digits(2);
            case "da", "nb" -> digits(4);
            case "is" -> digits(3);
            default -> digits(5);
        };
    }

    private String ukPostcode() {
        return letters(2) + number(1, 20) + " " + number(1, 9) + letters(2);
    }

    private List<String> carriers(String language) {
        return switch (language) {
            case "de" ->
                List.of("Ich wohne in der ", "Meine Adresse ist ", "Bitte schicken Sie es an ", "Lieferadresse: ", "");
            case "fr" -> List.of("J'habite au ", "Mon adresse est ", "Envoyez-le au ", "Adresse : ", "");
            case "es" -> List.of("Vivo en ", "Mi dirección es ", "Envíelo a ", "Dirección: ", "");
            case "it" -> List.of("Abito in ", "Il mio indirizzo è ", "Spedite a ", "Indirizzo: ", "");
            case "nl" -> List.of("Ik woon op ", "Mijn adres is ", "Stuur het naar ", "Adres: ", "");
            case "sv" -> List.of("Jag bor på ", "Min adress är ", "Adress: ", "");
            case "da" -> List.of("Jeg bor på ", "Min adresse er ", "Adresse: ", "");
            case "nb" -> List.of("Jeg bor i ", "Adressen min er ", "Adresse: ", "");
            case "fi" -> List.of("Asun osoitteessa ", "Osoitteeni on ", "Osoite: ", "");
            case "is" -> List.of("Ég bý á ", "Heimilisfangið mitt er ", "");
            case "el" -> List.of("Μένω στην ", "Η διεύθυνσή μου είναι ", "Διεύθυνση: ", "");
            default ->
                List.of(
                        "I live at ",
                        "My address is ",
                        "Please ship it to ",
                        "Send the papers to ",
                        "Shipping address: ",
                        "we moved to ",
                        "");
        };
    }

    private String ending(boolean multiline) {
        return multiline
                ? pick(List.of("", "\n", "\nThanks"))
                : pick(List.of("", ".", ". Thanks!", " - is that right?"));
    }

    // ---- names

    private Sample person() {
        Sample s = new Sample();
        String given = pick(givenNames);
        String family = pick(surnames);
        boolean lower = random.nextDouble() < 0.15;
        String g = lower ? given.toLowerCase(Locale.ROOT) : given;
        String f = lower ? family.toLowerCase(Locale.ROOT) : family;
        switch (random.nextInt(14)) {
            case 0 ->
                s.span(TaggedTypes.PERSON, g + " " + f)
                        .text(pick(List.of(
                                " will be talking about the budget.",
                                " joined the team last week.",
                                " asked me to call back.",
                                " is my neighbour.")));
            case 1 -> {
                s.text(pick(List.of("They had " + number(3, 9) + ": ", "Invited: ", "The winners were ", "Team: ")));
                int n = 2 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    if (k > 0) {
                        s.text(k == n - 1 && random.nextBoolean() ? " and " : ", ");
                    }
                    s.span(TaggedTypes.PERSON, pick(givenNames));
                }
                s.text(".");
            }
            case 2 ->
                s.span(TaggedTypes.PERSON, g)
                        .text(": "
                                + pick(List.of(
                                        "who are you?", "hi there", "ok let's go", "did you get my message?", "lol"))
                                + "\n")
                        .span(TaggedTypes.PERSON, pick(givenNames).toLowerCase(Locale.ROOT))
                        .text(": " + pick(List.of("not sure", "yes", "see you at 5")));
            case 3 ->
                s.text(pick(List.of(
                                "Hi ",
                                "Hello ",
                                "Dear ",
                                "Hey ",
                                "Hallo ",
                                "Bonjour ",
                                "Hola ",
                                "Ciao ",
                                "Hej ",
                                "Hoi ")))
                        .span(TaggedTypes.PERSON, g)
                        .text(pick(
                                List.of(",\ncan you check the invoice?", ", thanks for the update.", "! Long time.")));
            case 4 ->
                s.text(pick(List.of("Please review the draft.\n\n", "See attached.\n", "Let me know.\n\n")))
                        .text(pick(List.of(
                                "Best,\n",
                                "Regards,\n",
                                "Thanks,\n",
                                "Cheers,\n",
                                "Mit freundlichen Grüßen\n",
                                "Cordialement,\n",
                                "Saludos,\n",
                                "Hilsen\n",
                                "-- \n")))
                        .span(TaggedTypes.PERSON, random.nextBoolean() ? g : g + " " + f)
                        .text(random.nextBoolean() ? "" : "\n" + pick(List.of("Sales Manager", "Support", "CTO")));
            case 5 ->
                s.text(pick(List.of("What's your last name? ", "Surname? ", "Family name: ", "Last name please.\n")))
                        .span(TaggedTypes.PERSON, f);
            case 6 ->
                s.text(pick(List.of("remove my kid ", "please add ", "I want to thank ", "can you ask ", "tell ")))
                        .span(TaggedTypes.PERSON, g)
                        .text(pick(List.of(
                                " from the will", " to the list", " for the help", " about it", " that I'm late")));
            case 7 ->
                s.span(TaggedTypes.PERSON, g + " " + f)
                        .text(pick(List.of(" lives at ", " works in ", " moved to ")))
                        .span(TaggedTypes.LOCATION, pick(places))
                        .text(".");
            case 8 ->
                s.text(pick(List.of(
                                "Ich heiße ",
                                "Je m'appelle ",
                                "Me llamo ",
                                "Mi chiamo ",
                                "Ik heet ",
                                "Jeg heter ",
                                "Jag heter ",
                                "My name is ",
                                "I'm ",
                                "Minun nimeni on ")))
                        .span(TaggedTypes.PERSON, g + " " + f)
                        .text(".");
            case 9 ->
                s.text("Με λένε ")
                        .span(TaggedTypes.PERSON, greek(given) + " " + greek(family))
                        .text(".");
            case 10 ->
                s.text(pick(List.of("Meeting with ", "Call ", "Lunch with ", "Ask ")))
                        .span(TaggedTypes.PERSON, g)
                        .text(pick(List.of(" at 3pm", " tomorrow", " re: contract", "")));
            case 11 ->
                s.span(TaggedTypes.PERSON, (g + " " + f).toUpperCase(Locale.ROOT))
                        .text(pick(List.of(" - ACCOUNT OVERDUE", "\nSHIPPING LABEL")));
            case 12 ->
                s.text(pick(List.of("I work at ", "She left ", "Contact ")))
                        .span(
                                TaggedTypes.ORGANIZATION,
                                pick(surnames) + pick(List.of(" GmbH", " Ltd", " Inc.", " AG", " SA", " AB", " AS")))
                        .text(".");
            default ->
                s.text(pick(List.of("Hi, I'm ", "This is ", "It's ")))
                        .span(TaggedTypes.PERSON, g)
                        .text(pick(List.of(" from ", " in ")))
                        .span(TaggedTypes.LOCATION, pick(places))
                        .text(pick(List.of(".", "!", " - quick question.")));
        }
        return s;
    }

    // ---- texts with nothing personal

    private Sample negative() {
        Sample s = new Sample();
        if (random.nextInt(13) == 12) {
            return examQuestion();
        }
        String text = switch (random.nextInt(12)) {
            case 0 ->
                pick(List.of("Sir bot, ", "Dear bot, ", "Hello Assistant, ", "Hey ChatGPT, ", "Ok Computer, "))
                        + pick(List.of("can you help me?", "summarise this.", "what time is it in UTC?"));
            case 1 ->
                "Deploy it on " + pick(List.of("EKS", "GKE", "AKS", "ECS")) + " with "
                        + pick(List.of("S3", "EBS", "EFS")) + " and " + pick(List.of("C4", "M5", "T3", "R6g"))
                        + " instances in " + pick(List.of("us-east-1", "eu-west-2"));
            case 2 ->
                "2024-0" + number(1, 9) + "-1" + number(0, 9) + " 12:0" + number(0, 9) + ":33 "
                        + pick(List.of("INFO", "WARN", "ERROR", "DEBUG")) + " ["
                        + pick(List.of("main", "http-nio-8080-exec-1", "worker-3"))
                        + "] " + pick(List.of("o.a.c.Server", "c.z.h.HikariPool", "d.t.r.Router")) + " - "
                        + pick(List.of(
                                "Started ServerConnector", "Connection timeout", "Pool stats (total=10, active=2)"));
            case 3 ->
                pick(List.of(
                        "Compare the iPhone 15 Pro and the Pixel 8",
                        "Is Windows 11 better than macOS Sonoma?",
                        "Upgrade from Python 3.11 to 3.12",
                        "Write a Kubernetes Deployment for Redis",
                        "Explain Kafka vs RabbitMQ"));
            case 4 ->
                pick(List.of(
                        "The Q3 report is due Friday.",
                        "Set the timeout to 30 s and retry 3 times.",
                        "Order #" + digits(6) + " has not shipped.",
                        "Version 2.4.1 fixes the memory leak."));
            case 5 ->
                pick(List.of(
                        "What is the capital of France?",
                        "How do I center a div?",
                        "Translate 'good morning' into German.",
                        "Summarize the article below in three bullet points."));
            case 6 ->
                pick(List.of(
                        "NullPointerException at Main.java:42",
                        "HTTP 503 Service Unavailable",
                        "exit code 137 (OOMKilled)",
                        "GET /api/v1/users?page=2 200 OK"));
            case 7 ->
                pick(List.of(
                        "Use AES-256 and SHA-256", "Room B2 on level 3", "Step 4: click Save", "Chapter 12, page 131"));
            case 8 -> pick(List.of("thanks!", "ok", "Yes please.", "lol that's great", "no idea"));
            case 10 ->
                pick(List.of(
                                "Metrics show",
                                "Invoice",
                                "Build",
                                "Ticket",
                                "Server",
                                "Batch",
                                "Release",
                                "Sprint",
                                "Rechnung",
                                "Facture",
                                "Pedido",
                                "Stage",
                                "Node",
                                "Job"))
                        + " " + pick(List.of("", "CPU at ", "number ", "#", "v"))
                        + number(2, 9999)
                        + pick(List.of(
                                " was generated twice",
                                " failed on step " + number(1, 9),
                                " percent between 01:30 and 02:00",
                                " is assigned to the support queue",
                                " restarted at 02:00",
                                " wurde storniert",
                                " est en retard"));
            case 11 ->
                pick(List.of(
                                "Chapter",
                                "Section",
                                "Table",
                                "Figure",
                                "Page",
                                "Room",
                                "Gate",
                                "Level",
                                "Platform",
                                "Version",
                                "Model",
                                "Step",
                                "Kapitel",
                                "Seite",
                                "Abschnitt"))
                        + " " + number(1, 400)
                        + pick(List.of(
                                " explains the setup.",
                                " is closed today.",
                                " shows the results.",
                                " ist veraltet.",
                                ""));
            default ->
                pick(List.of(
                        "Mr. Robot season 2 is good",
                        "Captain Marvel and Iron Man",
                        "Best pizza recipe?",
                        "Monday standup moved to 10:30"));
        };
        return s.text(text);
    }

    /**
     * A multiple-choice question as exam sets and benchmarks write them ("... A. 8.05 B. 10 ... Answer:"):
     * option letters are not street names and "Answer:" is not a dialogue speaker. A third of the
     * questions are about a person, whose name stays a name.
     */
    private Sample examQuestion() {
        Sample s = new Sample();
        if (random.nextInt(3) == 0) {
            s.text(pick(List.of("In the story, ", "According to the passage, ", "")));
            s.span(TaggedTypes.PERSON, pick(givenNames) + (random.nextBoolean() ? " " + pick(surnames) : ""));
            s.text(pick(List.of(
                    " buys 3 apples and 4 pears. How many fruits are there?",
                    " argued that which of the following is true?",
                    " signed a contract with a builder. Which statement is correct?",
                    " ran 12 miles in 2 hours. What was the average speed?")));
        } else {
            s.text(pick(List.of(
                    "Which of the following is a prime number?",
                    "Find the degree of the field extension Q(sqrt(2)) over Q.",
                    "The amount of rainfall per month is approximately normally distributed. What is the mean?",
                    "Which statement about the law of demand is correct?",
                    "What is the main function of the mitochondria?",
                    "Statement 1 | Every group of order 4 is abelian. Statement 2 | S_3 is cyclic.",
                    "This question refers to the following information. The treaty ended the war.",
                    "How many pence make a pound in British currency?",
                    "Our ability to perceive depth depends primarily on what?",
                    "Which of the following is NOT a feature of a market economy?")));
        }
        String separator = random.nextBoolean() ? "\n" : " ";
        boolean numeric = random.nextBoolean();
        for (char option = 'A'; option <= 'D'; option++) {
            s.text(separator + option + (random.nextInt(4) == 0 ? ") " : ". "));
            s.text(
                    numeric
                            ? number(1, 999) + pick(List.of("", "", ".05", ".5", ",", " km/h", "%"))
                            : pick(List.of(
                                    "True, True",
                                    "False, True",
                                    "Mitochondria",
                                    "Supply and demand",
                                    "Binocular cues",
                                    "a lookout tower",
                                    "None of the above",
                                    "Both A and B",
                                    "Photosynthesis",
                                    "Inflation")));
        }
        return s.text(separator + pick(List.of("Answer:", "Answer:", "Correct answer:", "Antwort:")));
    }

    // ---- helpers

    private String fullName(Language language) {
        String name = pick(givenNames) + " " + pick(surnames);
        return language.code().equals("el") ? greek(name) : name;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private int number(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    private String digits(int count) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < count; k++) {
            b.append((char) ('0' + (k == 0 ? 1 + random.nextInt(9) : random.nextInt(10))));
        }
        return b.toString();
    }

    private String letters(int count) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < count; k++) {
            b.append((char) ('A' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String capitalise(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** A Latin-script word spelled with Greek letters, for Greek-script names and places. */
    static String greek(String latin) {
        String lower = latin.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        String from = "abcdefghijklmnopqrstuvwxyz";
        String[] to = {
            "α", "β", "κ", "δ", "ε", "φ", "γ", "χ", "ι", "τζ", "κ", "λ", "μ", "ν", "ο", "π", "κ", "ρ", "σ", "τ", "ου",
            "β", "ου", "ξ", "υ", "ζ"
        };
        for (int k = 0; k < lower.length(); k++) {
            int index = from.indexOf(lower.charAt(k));
            if (index >= 0) {
                b.append(to[index]);
            } else if (Character.isLetter(lower.charAt(k))) {
                b.append('α');
            } else {
                b.append(lower.charAt(k));
            }
        }
        if (b.length() > 0 && b.charAt(b.length() - 1) == 'σ') {
            b.setCharAt(b.length() - 1, 'ς');
        }
        String word = b.toString();
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** A text under construction with its spans. */
    private static final class Sample {
        private final StringBuilder text = new StringBuilder();
        private final List<EntitySpan> spans = new ArrayList<>();

        Sample text(String part) {
            text.append(part);
            return this;
        }

        Sample span(EntityType type, String part) {
            spans.add(new EntitySpan(type, text.length(), text.length() + part.length(), 1.0));
            text.append(part);
            return this;
        }

        LabelledText build() {
            return new LabelledText(text.toString(), spans);
        }
    }
}
