package dev.tandem.privacy;

import dev.tandem.core.assessment.EntityType;

/**
 * The entity types the built-in recognizers report. Custom recognizers may add their own types; an
 * unknown type is treated as {@code high} by {@link SensitivityLevels#ofDefaults()}.
 */
public final class PrivacyEntityTypes {

    public static final EntityType EMAIL = EntityType.EMAIL;
    public static final EntityType PHONE = EntityType.PHONE;
    public static final EntityType CREDIT_CARD = EntityType.CREDIT_CARD;
    public static final EntityType IBAN = EntityType.of("IBAN");
    /** US Social Security number. */
    public static final EntityType US_SSN = EntityType.of("US_SSN");
    /** UK National Insurance number. */
    public static final EntityType UK_NINO = EntityType.of("UK_NINO");
    /** Spanish DNI or NIE, with its check letter. */
    public static final EntityType ES_DNI = EntityType.of("ES_DNI");
    /** French social security number (NIR), with its 97-key. */
    public static final EntityType FR_NIR = EntityType.of("FR_NIR");

    public static final EntityType IP_ADDRESS = EntityType.of("IP_ADDRESS");
    public static final EntityType MAC_ADDRESS = EntityType.of("MAC_ADDRESS");
    /** A URL with a user and password in it, such as {@code https://user:pass@host/}. */
    public static final EntityType URL_CREDENTIALS = EntityType.of("URL_CREDENTIALS");
    /** Private keys, JWTs, API keys and high-entropy values next to a password or token keyword. */
    public static final EntityType SECRET = EntityType.of("SECRET");

    public static final EntityType PERSON = EntityType.of("PERSON");
    public static final EntityType STREET_ADDRESS = EntityType.of("STREET_ADDRESS");
    public static final EntityType POSTCODE = EntityType.of("POSTCODE");
    public static final EntityType DATE_OF_BIRTH = EntityType.of("DATE_OF_BIRTH");
    public static final EntityType AGE = EntityType.of("AGE");
    public static final EntityType ORGANIZATION = EntityType.of("ORGANIZATION");
    /** A place named alone (a city, a country, a region), found by the trained tagger. */
    public static final EntityType LOCATION = EntityType.of("LOCATION");
    /** Health data about a person: conditions, medications, procedures. */
    public static final EntityType HEALTH = EntityType.of("HEALTH");
    /** Financial data about a person: account numbers, salaries, balances, debts. */
    public static final EntityType FINANCIAL = EntityType.of("FINANCIAL");

    private PrivacyEntityTypes() {}
}
