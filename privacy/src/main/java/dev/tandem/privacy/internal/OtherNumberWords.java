package dev.tandem.privacy.internal;

import java.util.Set;

/**
 * Words that announce a number which is not personal data (an order, an invoice, a version, a ticket):
 * they cancel a phone cue further away, and a number they introduce is no postcode ("Order 77812").
 */
public final class OtherNumberWords {

    private static final Set<String> WORDS = Set.of(
            "order",
            "invoice",
            "ref",
            "reference",
            "ticket",
            "tracking",
            "version",
            "v",
            "build",
            "id",
            "account",
            "isbn",
            "sku",
            "case",
            "bestellnummer",
            "bestellung",
            "rechnung",
            "auftrag",
            "commande",
            "facture",
            "pedido",
            "factura",
            "ordine",
            "fattura",
            "bestelling",
            "factuur",
            "ordre",
            "faktura",
            "tilaus");

    private OtherNumberWords() {}

    /** True when {@code lowerCaseWord} (already lower-cased) introduces some other kind of number. */
    public static boolean contains(String lowerCaseWord) {
        return WORDS.contains(lowerCaseWord);
    }
}
