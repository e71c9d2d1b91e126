package dev.tandem.privacy.internal;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.Recognizer;
import java.util.List;

/**
 * A recognizer that reads the facts a scan computes once per text ({@link ScannedText}); the built-in
 * recognizers implement it so that the scanner built by {@link
 * dev.tandem.privacy.PrivacyScanners} lower-cases the text and finds its digits once for all of
 * them. Called with a plain string, it computes the facts for itself.
 */
public interface ScannedTextRecognizer extends Recognizer {

    List<EntitySpan> recognize(ScannedText text);

    @Override
    default List<EntitySpan> recognize(String text) {
        return recognize(new ScannedText(text));
    }
}
