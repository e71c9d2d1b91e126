package dev.tandem.privacy.evaluation;

import static java.util.Objects.requireNonNull;

import dev.tandem.core.assessment.EntitySpan;
import java.util.List;

/** One line of an evaluation set: a text and its gold spans (score 1.0, UTF-16 offsets). */
public record LabelledText(String text, List<EntitySpan> spans) {

    public LabelledText {
        requireNonNull(text, "text");
        spans = List.copyOf(spans);
        for (EntitySpan span : spans) {
            if (span.end() > text.length()) {
                throw new IllegalArgumentException("gold span [" + span.start() + ", " + span.end()
                        + ") ends after the text, which has " + text.length() + " UTF-16 units");
            }
        }
    }

    @Override
    public String toString() {
        return "LabelledText[length=" + text.length() + ", spans=" + spans.size() + "]";
    }
}
