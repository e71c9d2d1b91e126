package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.exception.TandemException;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.Recognizer;
import dev.tandem.privacy.internal.OtherNumberWords;
import dev.tandem.privacy.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A trained tagger for open-class personal data: person names, places, organisations and addresses,
 * found from the words themselves and their context rather than from cue words. It is an averaged
 * perceptron over hashed features (word forms, shapes, affixes, script, neighbouring words, position
 * in the text and line), decoded greedily left to right; it runs in process, offline and
 * deterministically, in time linear in the text.
 *
 * <pre>{@code
 * PrivacyTagger tagger = PrivacyTagger.load();          // the model in the jar
 * List<EntitySpan> parts = tagger.tag(text);            // PERSON, CITY, STREET, HOUSE_NUMBER, ...
 * List<EntitySpan> spans = tagger.recognize(text);      // PERSON, LOCATION, ORGANIZATION, STREET_ADDRESS, POSTCODE
 * }</pre>
 *
 * <p>As a {@link Recognizer} it reports what a scan should see: the parts of an address that stand
 * together (house number, street, unit, PO box, postcode, city, separated by spaces, commas or line
 * breaks) become one {@code STREET_ADDRESS} span when they hold a street, unit or PO box and a number;
 * a city alone is a {@code LOCATION} and a postcode alone a {@code POSTCODE}; a street name or a house
 * number alone is nothing. {@code docs/privacy.md} gives its training
 * data, its scores and where it is weak. Immutable and thread-safe; it keeps no text.
 */
public final class PrivacyTagger implements Recognizer {

    /** The model in the jar, trained by {@code tandem train privacy}. */
    public static final String BUNDLED_MODEL = "/dev/tandem/privacy/tagger/privacy-tagger.bin.gz";

    /**
     * The score of every span the tagger reports: just above the scan's default threshold (0.5) and below
     * every validated recognizer's base score (the lowest is 0.55), so that where they overlap the
     * validated find wins; positive context words can raise it, negative ones drop it.
     */
    static final double SCORE = 0.54;

    private static volatile PrivacyTagger bundled;

    private final TaggerModel model;

    PrivacyTagger(TaggerModel model) {
        this.model = model;
    }

    /**
     * The model in the jar, read once.
     *
     * @throws TandemException when the model is missing or damaged
     */
    public static PrivacyTagger load() {
        PrivacyTagger tagger = bundled;
        if (tagger == null) {
            synchronized (PrivacyTagger.class) {
                tagger = bundled;
                if (tagger == null) {
                    tagger = readBundled();
                    bundled = tagger;
                }
            }
        }
        return tagger;
    }

    /**
     * A model written by {@code tandem train privacy}.
     *
     * @throws TandemException when the file is missing or is not a valid model
     */
    public static PrivacyTagger load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new PrivacyTagger(TaggerModel.read(in));
        } catch (NoSuchFileException e) {
            throw new TandemException("privacy tagger model " + file + " does not exist", e);
        } catch (IOException | RuntimeException e) {
            throw new TandemException(
                    "privacy tagger model " + file + " cannot be read: " + e.getMessage()
                            + "; retrain it with `tandem train privacy` or use the bundled model",
                    e);
        }
    }

    /**
     * A new copy of the model in the jar, apart from the one {@link #load()} shares: for measuring what
     * the model holds on the heap. Prefer {@link #load()}.
     *
     * @throws TandemException when the model is missing or damaged
     */
    public static PrivacyTagger readBundled() {
        InputStream in = PrivacyTagger.class.getResourceAsStream(BUNDLED_MODEL);
        if (in == null) {
            throw new TandemException("the privacy tagger model " + BUNDLED_MODEL
                    + " is missing from the class path; the tandem-privacy jar is incomplete");
        }
        try (in) {
            return new PrivacyTagger(TaggerModel.read(in));
        } catch (IOException | RuntimeException e) {
            throw new TandemException(
                    "the privacy tagger model " + BUNDLED_MODEL + " in the jar cannot be read: " + e.getMessage()
                            + "; the tandem-privacy jar is damaged",
                    e);
        }
    }

    /** Writes the model in the format {@link #load(Path)} reads. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (var out = Files.newOutputStream(file)) {
            model.write(out);
        }
    }

    /**
     * The entities as the model labels them, address parts apart: {@link TaggedTypes#ALL} types, in
     * text order, not overlapping.
     */
    public List<EntitySpan> tag(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        Tokens tokens = Tokens.of(text);
        int[] labels = model.decode(new Features(tokens, model.bits, model.clusters));
        List<EntitySpan> spans = new ArrayList<>();
        BitSet inAddressOrLink = emailsAndLinks(text);
        int i = 0;
        while (i < tokens.count) {
            int type = TaggedTypes.typeOf(labels[i]);
            if (type < 0 || inAddressOrLink.get(tokens.starts[i])) {
                i++;
                continue;
            }
            int last = i;
            while (last + 1 < tokens.count && labels[last + 1] == TaggedTypes.inside(type)) {
                last++;
            }
            spans.add(new EntitySpan(TaggedTypes.ALL.get(type), tokens.starts[i], tokens.ends[last], SCORE));
            i = last + 1;
        }
        return spans;
    }

    /**
     * The characters of e-mail addresses and links ({@code jane@web.de}, {@code https://...}, {@code
     * www....}): their parts are not names or places (the e-mail recognizer reports the address), while
     * an {@code @mention} at the start of a word may be a name. One pass over the text.
     */
    private static BitSet emailsAndLinks(String text) {
        BitSet marked = new BitSet();
        int length = text.length();
        int start = 0;
        while (start < length) {
            while (start < length && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int end = start;
            boolean link = false;
            while (end < length && !Character.isWhitespace(text.charAt(end))) {
                char c = text.charAt(end);
                link |= (c == '@' && end > start)
                        || (c == ':' && end + 2 < length && text.charAt(end + 1) == '/' && text.charAt(end + 2) == '/');
                end++;
            }
            link |= text.startsWith("www.", start);
            if (link) {
                marked.set(start, end);
            }
            start = end;
        }
        return marked;
    }

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> parts = tag(text);
        List<EntitySpan> found = new ArrayList<>(parts.size());
        int i = 0;
        while (i < parts.size()) {
            EntitySpan part = parts.get(i);
            int type = TaggedTypes.indexOf(part.type());
            if (!TaggedTypes.isAddressPart(type)) {
                // A lone letter or mark ("A." of a multiple-choice list, a quote) names nothing.
                if (letters(text, part) >= 2
                        && !(part.type().equals(PrivacyEntityTypes.PERSON)
                                && (isAcronymInMixedCase(text, part) || isLowerCaseInCapitalisedText(text, part)))) {
                    found.add(part);
                }
                i++;
                continue;
            }
            int last = i;
            while (last + 1 < parts.size()
                    && TaggedTypes.isAddressPart(
                            TaggedTypes.indexOf(parts.get(last + 1).type()))
                    && onlySeparators(
                            text, parts.get(last).end(), parts.get(last + 1).start())) {
                last++;
            }
            addAddress(text, parts.subList(i, last + 1), found);
            i = last + 1;
        }
        return found;
    }

    /**
     * A short all-capitals word ({@code JSON}, {@code EKS}, {@code S3}) in text that also has lower-case
     * letters: an acronym or a technical token, which the tagger otherwise takes for a name at times (an
     * AiServices JSON-format instruction was kept local for "JSON"). Names in all-capitals text stay.
     */
    private static boolean isAcronymInMixedCase(String text, EntitySpan span) {
        int length = span.end() - span.start();
        if (length < 2 || length > 6) {
            return false;
        }
        for (int k = span.start(); k < span.end(); k++) {
            char c = text.charAt(k);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        for (int k = 0; k < text.length(); k++) {
            if (Character.isLowerCase(text.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A name written without any capital in text that capitalises (starts with a capital and has one
     * other than the pronoun "I"): in such text a lower-case word is a common noun ("the ward clerk", "a
     * shallot"); the tagger, taught lower-case copies of its texts, otherwise takes some for names. Names
     * in text typed in lower case stay.
     */
    private static boolean isLowerCaseInCapitalisedText(String text, EntitySpan span) {
        for (int k = span.start(); k < span.end(); k++) {
            if (Character.isUpperCase(text.charAt(k))) {
                return false;
            }
        }
        int first = 0;
        while (first < text.length() && !Character.isLetter(text.charAt(first))) {
            first++;
        }
        // Text that starts in lower case is typed in lower case ("eva kleist lives at Via Roma 131").
        if (first == text.length() || !Character.isUpperCase(text.charAt(first))) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (Character.isUpperCase(c) && !isPronounI(text, k)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPronounI(String text, int at) {
        return text.charAt(at) == 'I'
                && (at == 0 || !Character.isLetter(text.charAt(at - 1)))
                && (at + 1 == text.length() || !Character.isLetter(text.charAt(at + 1)));
    }

    private static void addAddress(String text, List<EntitySpan> group, List<EntitySpan> found) {
        boolean street = false;
        boolean number = false;
        for (EntitySpan part : group) {
            EntityType type = part.type();
            // A single letter ("A. 10", "B. 4:" in a multiple-choice list) is an option, not a street.
            street |= (type.equals(TaggedTypes.STREET)
                            || type.equals(TaggedTypes.PO_BOX)
                            || type.equals(TaggedTypes.UNIT))
                    && letters(text, part) >= 2;
            number |= !type.equals(TaggedTypes.STREET) && !type.equals(TaggedTypes.CITY) && hasDigit(text, part);
        }
        // A street name without any number is a place name, not an address someone lives at.
        if (street && number) {
            found.add(new EntitySpan(
                    PrivacyEntityTypes.STREET_ADDRESS,
                    group.getFirst().start(),
                    group.getLast().end(),
                    SCORE));
            return;
        }
        for (EntitySpan part : group) {
            if (part.type().equals(TaggedTypes.CITY)) {
                found.add(new EntitySpan(PrivacyEntityTypes.LOCATION, part.start(), part.end(), SCORE));
            } else if (part.type().equals(TaggedTypes.POSTCODE)
                    && hasDigit(text, part)
                    && numberGroups(text, part) <= 2
                    && !introducedByOtherNumberWord(text, part)) {
                found.add(new EntitySpan(PrivacyEntityTypes.POSTCODE, part.start(), part.end(), SCORE));
            }
        }
    }

    /**
     * True when the span's first word, or the word before it, announces another kind of number: "Order
     * 77812" and "invoice 40213" are no postcodes.
     */
    private static boolean introducedByOtherNumberWord(String text, EntitySpan span) {
        int firstEnd = span.start();
        while (firstEnd < span.end() && Character.isLetter(text.charAt(firstEnd))) {
            firstEnd++;
        }
        if (firstEnd > span.start()) {
            return OtherNumberWords.contains(Text.lower(text.substring(span.start(), firstEnd)));
        }
        int end = span.start();
        while (end > 0 && !Character.isLetter(text.charAt(end - 1)) && span.start() - end < 3) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return start < end && OtherNumberWords.contains(Text.lower(text.substring(start, end)));
    }

    /**
     * The space-separated groups that hold a digit: no postcode has more than two ({@code LS1 4AB},
     * {@code 123 45}, {@code 1234 AB}), while the tail of a phone number ({@code 123 98 65}) has three.
     */
    private static int numberGroups(String text, EntitySpan span) {
        int groups = 0;
        boolean digitInGroup = false;
        for (int k = span.start(); k <= span.end(); k++) {
            if (k == span.end() || Character.isWhitespace(text.charAt(k))) {
                groups += digitInGroup ? 1 : 0;
                digitInGroup = false;
            } else if (Character.isDigit(text.charAt(k))) {
                digitInGroup = true;
            }
        }
        return groups;
    }

    private static int letters(String text, EntitySpan span) {
        int count = 0;
        for (int k = span.start(); k < span.end(); k++) {
            if (Character.isLetter(text.charAt(k))) {
                count++;
            }
        }
        return count;
    }

    private static boolean hasDigit(String text, EntitySpan span) {
        for (int k = span.start(); k < span.end(); k++) {
            if (Character.isDigit(text.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlySeparators(String text, int from, int to) {
        if (to - from > 4) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (!Character.isWhitespace(c) && c != ',' && c != '-') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PrivacyTagger[hashBits=" + model.bits + ", types=" + TaggedTypes.ALL.size() + "]";
    }
}
