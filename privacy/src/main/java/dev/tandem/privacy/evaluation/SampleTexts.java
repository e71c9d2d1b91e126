package dev.tandem.privacy.evaluation;

import java.util.List;

/**
 * Deterministic texts of any length for measuring how long a privacy scan takes, so that benchmarks
 * and profiles in every module scan the same input.
 *
 * <pre>{@code
 * String prose = SampleTexts.prose(2_000); // an ordinary prompt: nothing to find
 * String dense = SampleTexts.dense(2_000); // a worst case: personal data every few words
 * scanner.scan(dense);
 * }</pre>
 *
 * <p>{@link #prose} is English support-ticket prose with numbers, versions, times and dates but no
 * personal data, the common case the router sees. {@link #dense} packs names, dates of birth, ages,
 * street addresses, postcodes, phone numbers, e-mail addresses, card numbers, IBANs, national ids, IP
 * and MAC addresses, a password and health terms in English, German, French and Spanish into every
 * sentence, the worst case for the recognizers. Both repeat their sentences and are cut to exactly the
 * requested length, possibly inside a word. The card numbers, IBANs and ids are published test values
 * or made up (with valid check digits); no real person's data is in them. Stateless and thread-safe.
 */
public final class SampleTexts {

    private static final List<String> PROSE = List.of(
            "After upgrading the gateway from version 3.8.2 to 3.9.0 on 14 February, the nightly export"
                    + " started timing out.",
            "The job reads roughly 25000 rows from the staging table and normally completes in 35 minutes.",
            "Since Monday the third batch fails with error code 504 after about 12 minutes.",
            "We raised the worker count from 8 to 24 and the heap from 2 GB to 6 GB without any change.",
            "Metrics show CPU at 85 percent between 01:30 and 02:15 UTC on two of the four nodes.",
            "The release notes for 3.9.0 mention a new default of 1000 rows per page in the driver.",
            "Could the retry policy of 5 attempts with a 30 second back-off make the backlog worse?",
            "Invoice 2024-0117 was generated twice, which suggests the scheduler ran the job in parallel.",
            "Please compare both configurations and list the three settings most likely to matter.",
            "Keep the answer under 200 words and suggest a rollback plan if nothing else helps.");

    private static final List<String> DENSE = List.of(
            "Dear Mr. Thomas Müller, born 12.03.1984 (41 years old), you live at Hauptstraße 12, 10115 Berlin;"
                    + " call +49 30 901820 or 0171 2345678, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00.",
            "Patient Anna Weber, DOB 1979-05-23, age: 45, Am Markt 5, diagnosed with diabetes and taking"
                    + " metformin; SSN 536-22-8471, phone (650) 253-0000, email anna.weber@example.org.",
            "Je m'appelle Claire Dubois, née le 3 mars 1990, j'ai 34 ans, j'habite 12 rue de la Paix, 75002"
                    + " Paris, tél. 06 12 34 56 78, sécurité sociale 1 97 07 31 016 356 38, IBAN FR14 2004 1010"
                    + " 0505 0001 3M02 606.",
            "Me llamo Javier García, DNI 12345678Z, nacido el 14 de febrero de 1985, tiene 39 años, vivo en"
                    + " Calle Mayor, 5, 28013 Madrid, móvil 612 345 678, tarjeta 5555 5555 5555 4444, IBAN ES91"
                    + " 2100 0418 4502 0005 1332.",
            "Contact Sarah Johnson at 221B Baker Street, London NW1 6XE, phone 020 7946 0958, NINO AB 12 34 56"
                    + " C, Amex 3782 822463 10005, IBAN GB82 WEST 1234 5698 7654 32, server 192.168.1.20, MAC"
                    + " 00:1A:2B:3C:4D:5E, password: Tr0ub4dor&3.");

    private SampleTexts() {}

    /** Support-ticket prose without personal data, exactly {@code chars} UTF-16 units long. */
    public static String prose(int chars) {
        return repeated(PROSE, chars);
    }

    /** Text with personal data every few words, exactly {@code chars} UTF-16 units long. */
    public static String dense(int chars) {
        return repeated(DENSE, chars);
    }

    private static String repeated(List<String> sentences, int chars) {
        if (chars < 0) {
            throw new IllegalArgumentException("chars " + chars + " is negative; pass a length of 0 or more");
        }
        StringBuilder text = new StringBuilder(chars + 256);
        for (int i = 0; text.length() < chars; i++) {
            text.append(sentences.get(i % sentences.size()));
            // A paragraph break now and then, as in real prompts.
            text.append(i % 4 == 3 ? "\n\n" : " ");
        }
        return text.substring(0, chars);
    }
}
