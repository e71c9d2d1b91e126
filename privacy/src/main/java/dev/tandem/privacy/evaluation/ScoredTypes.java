package dev.tandem.privacy.evaluation;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.spi.PrivacyScanner;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.SensitivityLevels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common vocabulary in which Tandem and its peers are scored on the shared corpora, so that every
 * system is judged on the same types.
 *
 * <p>Gold spans keep only {@link #TYPES}: the shared data's unified PERSON, LOCATION and ORGANIZATION
 * (WNUT-17 person / location / corporation and group; GUM person / place / organization; NorNE PER /
 * LOC, GPE_LOC, GPE_ORG / ORG; LER PER, RR, AN / LD, ST, LDS / ORG, UN, INN, GRT), ADDRESS (LER STR,
 * the generated address set) and EMAIL and PHONE. The corpora's other labels (PRODUCT, CREATIVE_WORK,
 * LAW, TIME, ...) are not personal data and are dropped, so finding or missing them counts for nothing.
 *
 * <p>Detected spans: STREET_ADDRESS, POSTCODE and the address parts a tagger may report are scored as
 * ADDRESS, and address spans separated only by spaces, commas or line breaks are joined into one, because
 * a gold address is one span while recognizers report its street and postcode apart. Every other type
 * is kept: outside {@link #TYPES} it never matches a gold span, but it still covers a direct identifier
 * for the leak rate when its level is high or restricted, as redaction would hide it.
 *
 * <p>Levels for the leak rate ({@link #levels()}): the defaults, with ADDRESS high and LOCATION low (a
 * city or country alone does not identify anyone); PERSON, EMAIL and PHONE are high already.
 */
public final class ScoredTypes {

    public static final EntityType LOCATION = EntityType.of("LOCATION");
    public static final EntityType ADDRESS = EntityType.of("ADDRESS");

    /** The scored types, in table order. */
    public static final List<EntityType> TYPES = List.of(
            PrivacyEntityTypes.PERSON,
            LOCATION,
            PrivacyEntityTypes.ORGANIZATION,
            ADDRESS,
            PrivacyEntityTypes.EMAIL,
            PrivacyEntityTypes.PHONE);

    private static final Set<String> ADDRESS_PARTS =
            Set.of("STREET_ADDRESS", "POSTCODE", "ADDRESS", "STREET", "HOUSE_NUMBER", "UNIT", "PO_BOX", "CITY");

    private static final Map<String, EntityType> ALIASES = Map.of("LOC", LOCATION, "GPE", LOCATION);

    private ScoredTypes() {}

    /** The text with only its gold spans of the scored types. */
    public static LabelledText gold(LabelledText labelled) {
        return new LabelledText(
                labelled.text(),
                labelled.spans().stream()
                        .filter(span -> TYPES.contains(span.type()))
                        .toList());
    }

    /** {@code scanner} with its spans mapped to the scored vocabulary and adjacent address parts joined. */
    public static PrivacyScanner detected(PrivacyScanner scanner) {
        return text -> mapped(text, scanner.scan(text));
    }

    /** The default levels with ADDRESS high and LOCATION low. */
    public static SensitivityLevels levels() {
        return SensitivityLevels.from(SensitivityLevels.ofDefaults())
                .level(ADDRESS, Sensitivity.HIGH)
                .level(LOCATION, Sensitivity.LOW)
                .build();
    }

    static List<EntitySpan> mapped(String text, List<EntitySpan> spans) {
        List<EntitySpan> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) ->
                a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        List<EntitySpan> out = new ArrayList<>(sorted.size());
        for (EntitySpan span : sorted) {
            EntityType type = typeOf(span.type());
            EntitySpan current = new EntitySpan(type, span.start(), span.end(), span.score());
            if (type.equals(ADDRESS) && !out.isEmpty()) {
                EntitySpan previous = out.getLast();
                if (previous.type().equals(ADDRESS) && onlySeparators(text, previous.end(), current.start())) {
                    out.set(
                            out.size() - 1,
                            new EntitySpan(
                                    ADDRESS,
                                    previous.start(),
                                    Math.max(previous.end(), current.end()),
                                    Math.max(previous.score(), current.score())));
                    continue;
                }
            }
            out.add(current);
        }
        return out;
    }

    private static EntityType typeOf(EntityType type) {
        if (ADDRESS_PARTS.contains(type.name())) {
            return ADDRESS;
        }
        return ALIASES.getOrDefault(type.name(), type);
    }

    private static boolean onlySeparators(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != ',') {
                return false;
            }
        }
        return true;
    }
}
