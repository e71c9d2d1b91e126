package dev.tandem.privacy.tagger;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.privacy.evaluation.LabelledText;
import dev.tandem.privacy.evaluation.PrivacyEvaluation;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The human-annotated corpora the tagger learns from, in the shared JSONL format of
 * {@code ../shared/data/privacy} ({@code {"text", "spans": [{"type", "start", "end"}]}}), and the
 * lower-case and upper-case copies that teach it text typed without capitals.
 */
public final class TrainingCorpora {

    /**
     * The train splits used by default. The English ones are listed three times: they are a sixth of the
     * annotated text but what the targets are measured on (three times scored better on their dev splits
     * than once). LER (German court decisions) has no train split; its dev split is used for training
     * and its test split stays for reporting, because without German text the tagger took capitalised
     * German nouns for names.
     */
    public static final List<String> TRAIN_SPLITS = List.of(
            "wnut17.train",
            "wnut17.train",
            "wnut17.train",
            "gum.train",
            "gum.train",
            "gum.train",
            "norne-nob.train",
            "norne-nno.train",
            "ler.dev");

    /** The English test splits of the tagger's targets. */
    public static final List<String> ENGLISH_TEST_SPLITS = List.of("wnut17.test", "gum.test");

    private TrainingCorpora() {}

    /** Reads {@code <dir>/<split>.jsonl}. */
    public static List<LabelledText> read(Path dir, String split) {
        Path file = dir.resolve(split + ".jsonl");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return PrivacyEvaluation.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies of some texts in lower case (the given share) and in upper case (a third of that share),
     * chosen with the given random source; texts whose length would change are left out.
     */
    public static List<LabelledText> caseCopies(List<LabelledText> texts, double share, Random random) {
        List<LabelledText> copies = new ArrayList<>();
        for (LabelledText text : texts) {
            double draw = random.nextDouble();
            String copy = null;
            if (draw < share) {
                copy = text.text().toLowerCase(Locale.ROOT);
            } else if (draw < share * 4 / 3) {
                copy = text.text().toUpperCase(Locale.ROOT);
            }
            if (copy != null && copy.length() == text.text().length()) {
                copies.add(new LabelledText(copy, List.<EntitySpan>copyOf(text.spans())));
            }
        }
        return copies;
    }
}
