package dev.tandem.core.spi;

import dev.tandem.core.assessment.EntitySpan;
import java.util.List;

/**
 * Finds personal data and secrets in a text. Implementations must be thread-safe, must not keep the
 * text, and must return spans in ascending start order without overlaps.
 */
@FunctionalInterface
public interface PrivacyScanner {

    List<EntitySpan> scan(String text);
}
