package dev.tandem.core.tier;

import java.util.Locale;

/**
 * What a request may need beyond plain text, and a tier may or may not offer. The router drops, before any
 * call, every tier that lacks something the request needs, and says so in the decision's reasons; policies
 * test a request's needs with the {@code needs} condition, using the {@link #wireName()}s.
 */
public enum TierFeature {
    /** Tool specifications, tool calls and tool results in the conversation. */
    TOOLS,
    /** A JSON answer ({@code ResponseFormat.JSON} without a schema). */
    JSON_OUTPUT,
    /** A JSON answer that follows a given JSON schema. */
    JSON_SCHEMA,
    /** Images in user messages. */
    IMAGES;

    /** The name used in policies and messages: {@code tools}, {@code json-output}, {@code json-schema}, {@code images}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
