package dev.tandem.privacy.evaluation;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Generates texts that carry one postal address each, in many countries and languages, with the
 * address and its parts labelled: an evaluation set for ADDRESS recall and training data for a tagger.
 *
 * <pre>{@code
 * AddressSetGenerator generator = AddressSetGenerator.load(Path.of("../shared/data/privacy/resources"));
 * List<AddressSetGenerator.Sample> test = generator.generate(AddressSetGenerator.Split.TEST, 1_000, 42);
 * PrivacyEvaluationReport report = PrivacyEvaluation.of(scanner).evaluate(AddressSetGenerator.labelled(test));
 * }</pre>
 *
 * <p>The layouts are the countries' own templates from OpenCage's address-formatting
 * ({@code address-formatting/conf/countries/worldwide.yaml}, MIT): house number before or after the
 * street, postcode before or after the city, state codes. Street types, unit words and post-office-box
 * words come from libpostal's dictionaries ({@code libpostal/dictionaries/<lang>}, MIT), with their
 * abbreviations. Street-name stems, cities, postcode shapes and the sentences around the addresses are
 * written here for Tandem. On top of the templates: unit lines ({@code Apt. 425}, {@code Suite 464},
 * {@code Wohnung 3}), PO boxes, US military addresses ({@code PSC 3294, Box 9168, APO AA 61487}),
 * multi-line and one-line renderings, and the country name now and then.
 *
 * <p>{@link Split#TRAIN} and {@link Split#TEST} use disjoint countries (for each language, e.g. German
 * trains on Germany and is tested on Austria and Switzerland), disjoint street stems and cities, and
 * different military templates, so a tagger trained on one split is measured on layouts and names it
 * has not seen. The same resources, split, count and seed always give the same samples. Thread-safe.
 */
public final class AddressSetGenerator {

    /** Which half of the countries, stems and templates to draw from. */
    public enum Split {
        TRAIN,
        TEST
    }

    /**
     * One generated text.
     *
     * @param text the text, with the address inside a sentence or on lines of its own
     * @param country ISO 3166 alpha-2 code of the address layout (or {@code US-MIL})
     * @param language the language of the street words and the sentence
     * @param address the whole address, type {@code ADDRESS}
     * @param parts the labelled components, in text order
     */
    public record Sample(String text, String country, String language, EntitySpan address, List<Part> parts) {

        public Sample {
            parts = List.copyOf(parts);
        }

        @Override
        public String toString() {
            return "Sample[country=" + country + ", language=" + language + ", parts=" + parts.size() + "]";
        }
    }

    /**
     * A component of an address: {@code house_number}, {@code road}, {@code unit}, {@code po_box},
     * {@code postcode}, {@code city}, {@code state}, {@code country}, or {@code military} (the
     * PSC/Unit and APO/FPO/DPO lines).
     */
    public record Part(String component, int start, int end) {}

    public static final EntityType ADDRESS = EntityType.of("ADDRESS");

    private static final Pattern FIRST = Pattern.compile("\\{\\{#first}}(.*?)\\{\\{/first}}", Pattern.DOTALL);
    private static final Pattern COMPONENT = Pattern.compile("\\{\\{\\{(\\w+)}}}");
    private static final char MARK_OPEN = '\u0001';
    private static final char MARK_CLOSE = '\u0002';

    private final Map<String, String> templates;
    private final Map<String, Dictionary> dictionaries;

    private AddressSetGenerator(Map<String, String> templates, Map<String, Dictionary> dictionaries) {
        this.templates = templates;
        this.dictionaries = dictionaries;
    }

    /**
     * Reads the templates and dictionaries under {@code resources} (the shared data's {@code
     * resources} folder, with {@code address-formatting/} and {@code libpostal/}).
     *
     * @throws IllegalArgumentException when a file is missing, naming it
     */
    public static AddressSetGenerator load(Path resources) {
        requireNonNull(resources, "resources");
        Path worldwide = resources.resolve("address-formatting/conf/countries/worldwide.yaml");
        Map<String, String> templates = new LinkedHashMap<>();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(1_000);
        try (Reader reader = Files.newBufferedReader(requireFile(worldwide), StandardCharsets.UTF_8)) {
            Map<?, ?> countries = new Yaml(options).load(reader);
            for (LocaleSpec spec : LocaleSpec.ALL) {
                Object country = countries.get(spec.templateCountry());
                // Territories such as San Marino borrow another country's layout ("use_country: IT").
                if (country instanceof Map<?, ?> entry && entry.get("use_country") instanceof String other) {
                    country = countries.get(other);
                }
                if (!(country instanceof Map<?, ?> entry)
                        || !(entry.get("address_template") instanceof String template)) {
                    throw new IllegalArgumentException(
                            worldwide + " has no address_template for " + spec.templateCountry());
                }
                templates.put(spec.templateCountry(), template);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + worldwide + ": " + e.getMessage(), e);
        }
        Map<String, Dictionary> dictionaries = new LinkedHashMap<>();
        for (LocaleSpec spec : LocaleSpec.ALL) {
            dictionaries.computeIfAbsent(
                    spec.language(),
                    language -> Dictionary.load(resources.resolve("libpostal/dictionaries/" + language)));
        }
        return new AddressSetGenerator(templates, dictionaries);
    }

    /** Labelled texts for {@link PrivacyEvaluation}: one {@code ADDRESS} span per text. */
    public static List<LabelledText> labelled(List<Sample> samples) {
        return samples.stream()
                .map(sample -> new LabelledText(sample.text(), List.of(sample.address())))
                .toList();
    }

    /**
     * {@code count} samples of {@code split}, cycling through its countries and layouts in an order
     * fixed by {@code seed}.
     */
    public List<Sample> generate(Split split, int count, long seed) {
        requireNonNull(split, "split");
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative; pass 0 or more");
        }
        List<LocaleSpec> locales =
                LocaleSpec.ALL.stream().filter(spec -> spec.split() == split).toList();
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocaleSpec locale = locales.get(i % locales.size());
            samples.add(sample(locale, split, random));
        }
        return samples;
    }

    private Sample sample(LocaleSpec locale, Split split, SplittableRandom random) {
        Dictionary dictionary = dictionaries.get(locale.language());
        Map<String, String> components = new LinkedHashMap<>();
        String layout;
        String block;
        if (locale.country().equals("US-MIL")) {
            layout = "military";
            block = military(split, random, components);
        } else {
            int kind = random.nextInt(10);
            if (kind == 0 && !dictionary.postOffice().isEmpty()) {
                layout = "po_box";
                components.put("road", poBox(dictionary, random));
            } else {
                layout = kind <= 3 && !dictionary.units().isEmpty() ? "unit" : "street";
                components.put("road", street(locale, dictionary, random));
                components.put("house_number", houseNumber(random));
            }
            components.put("postcode", postcode(locale.postcodeShape(), random));
            components.put("city", pick(locale.cities(), random));
            if (!locale.states().isEmpty()) {
                String state = pick(locale.states(), random);
                components.put("state_code", state);
                components.put("state", state);
            }
            if (random.nextInt(4) == 0) {
                components.put("country", locale.countryName());
            }
            block = render(templates.get(locale.templateCountry()), components.keySet());
            if (layout.equals("unit")) {
                components.put("unit", unit(locale, dictionary, random));
                block = withUnitLine(block, locale, random);
            }
        }
        boolean oneLine = random.nextBoolean();
        if (oneLine) {
            block = block.replace("\n", ", ");
        }
        String carrier = pick(oneLine ? locale.inlineCarriers() : locale.blockCarriers(), random);
        return place(carrier, block, components, locale);
    }

    // Fills the marked components into the rendered block, places the block in its sentence, and
    // records where each component and the whole address ended up.
    private static Sample place(String carrier, String block, Map<String, String> components, LocaleSpec locale) {
        int at = carrier.indexOf("{ADDRESS}");
        StringBuilder text = new StringBuilder(carrier.substring(0, at));
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < block.length()) {
            char c = block.charAt(i);
            if (c == MARK_OPEN) {
                int close = block.indexOf(MARK_CLOSE, i);
                String component = block.substring(i + 1, close);
                String value = components.get(component);
                parts.add(new Part(partName(component), text.length(), text.length() + value.length()));
                text.append(value);
                i = close + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        int start = parts.getFirst().start();
        int end = parts.getLast().end();
        text.append(carrier, at + "{ADDRESS}".length(), carrier.length());
        return new Sample(
                text.toString(), locale.country(), locale.language(), new EntitySpan(ADDRESS, start, end, 1.0), parts);
    }

    private static String partName(String component) {
        return switch (component) {
            case "state_code" -> "state";
            default -> component;
        };
    }

    /**
     * Renders an address-formatting template with markers in place of the present components: keeps
     * the first present alternative of each {@code {{#first}}} group, drops absent components, then
     * tidies spaces, stray commas and empty lines as address-formatting's own cleanup does.
     */
    static String render(String template, Set<String> present) {
        Matcher first = FIRST.matcher(template);
        StringBuilder chosen = new StringBuilder();
        while (first.find()) {
            String pick = "";
            for (String alternative : first.group(1).split("\\|\\|")) {
                Matcher component = COMPONENT.matcher(alternative);
                if (component.find() && present.contains(component.group(1))) {
                    pick = alternative.trim();
                    break;
                }
            }
            first.appendReplacement(chosen, Matcher.quoteReplacement(pick));
        }
        first.appendTail(chosen);
        Matcher component = COMPONENT.matcher(chosen);
        StringBuilder filled = new StringBuilder();
        while (component.find()) {
            String name = component.group(1);
            String replacement = present.contains(name) ? MARK_OPEN + name + MARK_CLOSE : "";
            component.appendReplacement(filled, Matcher.quoteReplacement(replacement));
        }
        component.appendTail(filled);
        List<String> lines = new ArrayList<>();
        for (String line : filled.toString().split("\n")) {
            String tidy = line.replaceAll("[ \\t]+", " ")
                    .replaceAll(" ,", ",")
                    .replaceAll(",+", ",")
                    .replaceAll("^[ ,]+|[ ,-]+$", "");
            if (!tidy.isEmpty() && !lines.contains(tidy)) {
                lines.add(tidy);
            }
        }
        return String.join("\n", lines);
    }

    // The unit goes after the street on its line in English-speaking layouts ("12 Oak Street, Apt. 4"
    // or a line of its own), and on the street line elsewhere ("Hauptstraße 12, Wohnung 3").
    private static String withUnitLine(String block, LocaleSpec locale, SplittableRandom random) {
        String roadLine = block.lines()
                .filter(line -> line.contains(MARK_OPEN + "road" + MARK_CLOSE))
                .findFirst()
                .orElseThrow();
        String unit = MARK_OPEN + "unit" + MARK_CLOSE;
        String replacement = locale.language().equals("en") && random.nextBoolean()
                ? unit + "\n" + roadLine
                : roadLine + (random.nextBoolean() ? ", " : " ") + unit;
        return block.replace(roadLine, replacement);
    }

    private static String military(Split split, SplittableRandom random, Map<String, String> components) {
        String post = pick(List.of("AA", "AE", "AP"), random);
        String zip =
                (post.equals("AA") ? "340" : post.equals("AE") ? "09" + random.nextInt(10) : "96" + random.nextInt(10))
                        + digits(post.equals("AE") || post.equals("AP") ? 2 : 2, random);
        if (split == Split.TEST) {
            components.put("unit", "PSC " + (1000 + random.nextInt(9000)) + ", Box " + (1000 + random.nextInt(9000)));
            components.put("military", "APO " + post);
        } else {
            components.put("unit", "Unit " + (1000 + random.nextInt(9000)) + " Box " + (100 + random.nextInt(900)));
            components.put("military", pick(List.of("DPO", "FPO"), random) + " " + post);
        }
        components.put("postcode", zip);
        return MARK_OPEN + "unit" + MARK_CLOSE + "\n" + MARK_OPEN + "military" + MARK_CLOSE + " " + MARK_OPEN
                + "postcode" + MARK_CLOSE;
    }

    private static String street(LocaleSpec locale, Dictionary dictionary, SplittableRandom random) {
        String stem = pick(locale.stems(), random);
        return switch (locale.style()) {
            case TYPE_AFTER -> stem + " " + capitalized(abbreviated(pick(dictionary.streetTypes(), random), random));
            case TYPE_BEFORE -> {
                String type = pick(dictionary.streetTypes(), random);
                String typeWord = random.nextInt(3) == 0 ? abbreviated(type, random) : type.split("\\|")[0];
                yield capitalized(typeWord) + " " + stem;
            }
            case COMPOUND -> {
                if (random.nextInt(5) == 0) {
                    yield stem;
                }
                String suffix = pick(dictionary.compoundSuffixes(), random).split("\\|")[0];
                // "Berliner " takes a separate, capitalised word: "Berliner Allee", not "Berliner allee".
                yield stem + (stem.endsWith(" ") ? capitalized(suffix) : suffix);
            }
        };
    }

    private static String unit(LocaleSpec locale, Dictionary dictionary, SplittableRandom random) {
        if (locale.language().equals("en")) {
            String word = pick(List.of("Apt.", "Apt", "Apartment", "Suite", "Ste", "Unit", "Flat", "#"), random);
            return word
                    + (word.equals("#") ? "" : " ")
                    + (1 + random.nextInt(999))
                    + (random.nextInt(6) == 0 ? "B" : "");
        }
        return capitalized(abbreviated(pick(dictionary.units(), random), random)) + " " + (1 + random.nextInt(120));
    }

    private static String poBox(Dictionary dictionary, SplittableRandom random) {
        String word = pick(dictionary.postOffice(), random).split("\\|")[0];
        return (Character.isLetter(word.charAt(0)) && word.length() > 3
                        ? capitalized(word)
                        : word.toUpperCase(Locale.ROOT))
                + " " + (1 + random.nextInt(9999));
    }

    private static String houseNumber(SplittableRandom random) {
        int number = 1 + (random.nextInt(4) == 0 ? random.nextInt(2000) : random.nextInt(200));
        return switch (random.nextInt(12)) {
            case 0 -> number + "a";
            case 1 -> number + "B";
            case 2 -> number + "-" + (number + 2);
            default -> Integer.toString(number);
        };
    }

    static String postcode(String shape, SplittableRandom random) {
        StringBuilder code = new StringBuilder(shape.length());
        for (char c : shape.toCharArray()) {
            code.append(
                    switch (c) {
                        case '9' -> (char) ('0' + random.nextInt(10));
                        case 'A' -> (char) ('A' + random.nextInt(26));
                        default -> c;
                    });
        }
        return code.toString();
    }

    private static String digits(int count, SplittableRandom random) {
        return postcode("9".repeat(count), random);
    }

    // A dictionary line is "canonical|abbreviation|..."; an abbreviation is used a third of the time,
    // with a period half of those times when it has none.
    private static String abbreviated(String entry, SplittableRandom random) {
        String[] forms = entry.split("\\|");
        if (forms.length == 1 || random.nextInt(3) != 0) {
            return forms[0];
        }
        // Spellings without diacritics ("ibuo" for "íbúð") are search keys, not abbreviations people write.
        List<String> shorter = Arrays.stream(forms, 1, forms.length)
                .filter(form -> form.length() < forms[0].length() - 1)
                .toList();
        if (shorter.isEmpty()) {
            return forms[0];
        }
        String abbreviation = shorter.get(random.nextInt(shorter.size()));
        return abbreviation.endsWith(".") || random.nextBoolean() ? abbreviation : abbreviation + ".";
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file
                    + "; pass the shared privacy data's resources folder (../shared/data/privacy/resources)");
        }
        return file;
    }

    /** The libpostal word lists of one language that the generator uses. */
    private record Dictionary(
            List<String> streetTypes, List<String> compoundSuffixes, List<String> units, List<String> postOffice) {

        static Dictionary load(Path folder) {
            List<String> compound = new ArrayList<>(lines(folder.resolve("concatenated_suffixes_separable.txt")));
            compound.addAll(lines(folder.resolve("concatenated_suffixes_inseparable.txt")));
            List<String> streetTypes = lines(folder.resolve("street_types.txt"));
            if (streetTypes.isEmpty()) {
                throw new IllegalArgumentException("no street types in " + folder.resolve("street_types.txt"));
            }
            return new Dictionary(
                    streetTypes,
                    compound.isEmpty() ? streetTypes : compound,
                    lines(folder.resolve("unit_types_numbered.txt")),
                    lines(folder.resolve("post_office.txt")));
        }

        private static List<String> lines(Path file) {
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            try {
                // Greek lists repeat each word romanised on the next line; Greek addresses use the Greek.
                boolean greek = file.getParent().getFileName().toString().equals("el");
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .filter(line -> !greek
                                || Character.UnicodeScript.of(line.codePointAt(0)) == Character.UnicodeScript.GREEK)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
