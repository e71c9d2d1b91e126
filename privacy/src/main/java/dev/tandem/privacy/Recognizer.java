package dev.tandem.privacy;

import dev.tandem.core.assessment.EntitySpan;
import java.util.List;

/**
 * Finds candidate entities of one or a few types in a text: the extension point for recognizers the
 * built-in set lacks, such as another country's national identifier.
 *
 * <p>Unlike a {@link dev.tandem.core.spi.PrivacyScanner}, a recognizer may return spans in any
 * order, overlapping, and with scores below the reporting threshold: the scanner built by {@link
 * PrivacyScanners} adjusts the scores with the {@link ContextWords} of each type, drops allowed and
 * low-scoring spans and resolves overlaps. Implementations must be thread-safe, must not keep the
 * text, and must never put a found value into a {@code toString}, a log or an exception message.
 *
 * <pre>{@code
 * Recognizer employeeIds = PatternRule.builder(EntityType.of("EMPLOYEE_ID"))
 *         .pattern("\\bEMP-\\d{6}\\b")
 *         .score(0.8)
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface Recognizer {

    List<EntitySpan> recognize(String text);
}
