package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntityType;
import java.util.List;

/**
 * The entity types the tagger labels, and the BIO labels built from them: label 0 is "outside",
 * label {@code 1 + 2k} begins an entity of type k and {@code 2 + 2k} continues it.
 */
public final class TaggedTypes {

    public static final EntityType PERSON = EntityType.of("PERSON");
    public static final EntityType LOCATION = EntityType.of("LOCATION");
    public static final EntityType ORGANIZATION = EntityType.of("ORGANIZATION");
    public static final EntityType HOUSE_NUMBER = EntityType.of("HOUSE_NUMBER");
    public static final EntityType STREET = EntityType.of("STREET");
    public static final EntityType UNIT = EntityType.of("UNIT");
    public static final EntityType PO_BOX = EntityType.of("PO_BOX");
    public static final EntityType POSTCODE = EntityType.of("POSTCODE");
    public static final EntityType CITY = EntityType.of("CITY");

    /** In label order; the model file records them, so the order is part of the format. */
    public static final List<EntityType> ALL =
            List.of(PERSON, LOCATION, ORGANIZATION, HOUSE_NUMBER, STREET, UNIT, PO_BOX, POSTCODE, CITY);

    static final int LABELS = 1 + 2 * ALL.size();

    private TaggedTypes() {}

    /** The index of a type in {@link #ALL}, or -1. */
    static int indexOf(EntityType type) {
        return ALL.indexOf(type);
    }

    static boolean isAddressPart(int typeIndex) {
        return typeIndex >= ALL.indexOf(HOUSE_NUMBER);
    }

    static int begin(int typeIndex) {
        return 1 + 2 * typeIndex;
    }

    static int inside(int typeIndex) {
        return 2 + 2 * typeIndex;
    }

    /** The type of a label, or -1 for "outside". */
    static int typeOf(int label) {
        return label == 0 ? -1 : (label - 1) / 2;
    }

    static boolean isInside(int label) {
        return label != 0 && (label - 1) % 2 == 1;
    }
}
