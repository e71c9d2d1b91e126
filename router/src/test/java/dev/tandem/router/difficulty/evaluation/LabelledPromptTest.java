package dev.tandem.router.difficulty.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledPromptTest {

    @TempDir
    Path folder;

    @Test
    void readsOutcomesAndLabels() throws Exception {
        Path file = write("""
                {"id": 1, "prompt": "hi", "small_correct": true, "large_correct": true}

                {"prompt": "prove it", "label": "remote"}
                {"prompt": "thanks", "label": "local"}
                """);

        List<LabelledPrompt> prompts = LabelledPrompt.read(file, false);

        assertThat(prompts)
                .containsExactly(
                        new LabelledPrompt("hi", true, true, false),
                        new LabelledPrompt("prove it", false, true, true),
                        new LabelledPrompt("thanks", true, true, true));
    }

    @Test
    void reportsEveryBadLineWithItsNumber() throws Exception {
        Path file = write("""
                {"prompt": "ok", "label": "local"}
                not json
                {"prompt": "", "label": "local"}
                {"prompt": "x", "label": "maybe"}
                {"prompt": "y", "small_correct": true}
                """);

        assertThatThrownBy(() -> LabelledPrompt.read(file, false))
                .hasMessage("4 bad line(s) in " + file + ":\n"
                        + "  " + file + ":2: not valid JSON\n"
                        + "  " + file + ":3: \"prompt\" must be a non-empty string\n"
                        + "  " + file + ":4: needs \"small_correct\" and \"large_correct\", or \"label\": \"local\" or"
                        + " \"remote\" (was 'maybe')\n"
                        + "  " + file + ":5: \"small_correct\" and \"large_correct\" must both be true or false;"
                        + " \"large_correct\" is missing");
    }

    @Test
    void evaluationNeedsBothOutcomes() throws Exception {
        Path file = write("{\"prompt\": \"x\", \"label\": \"local\"}\n");

        assertThatThrownBy(() -> LabelledPrompt.read(file, true))
                .hasMessageEndingWith(
                        ":1: \"small_correct\" and \"large_correct\" must both be true or false; \"small_correct\" is"
                                + " missing");
    }

    @Test
    void aLabelThatIsNotABooleanIsQuoted() throws Exception {
        Path file = write("{\"prompt\": \"x\", \"small_correct\": \"yes\", \"large_correct\": true}\n");

        assertThatThrownBy(() -> LabelledPrompt.read(file, false))
                .hasMessageEndingWith(":1: \"small_correct\" and \"large_correct\" must both be true or false;"
                        + " \"small_correct\" is \"yes\"");
    }

    @Test
    void readsTheSourceOfALine() throws Exception {
        Path file = write("""
                {"prompt": "2+2?", "small_correct": true, "large_correct": true, "source": "mmlu:elementary_mathematics"}
                {"prompt": "hi", "label": "local"}
                """);

        List<LabelledPrompt> prompts = LabelledPrompt.read(file, false);

        assertThat(prompts)
                .extracting(LabelledPrompt::source)
                .containsExactly(Optional.of("mmlu:elementary_mathematics"), Optional.empty());
    }

    @Test
    void aRepeatedPromptIsRefusedWithBothLineNumbers() throws Exception {
        Path file = write("""
                {"prompt": "a", "label": "local"}
                {"prompt": "b", "label": "remote"}
                {"prompt": "a", "label": "remote"}
                """);

        assertThatThrownBy(() -> LabelledPrompt.read(file, false, LabelledPrompt.Duplicates.REFUSE))
                .hasMessage("1 bad line(s) in " + file + ":\n  " + file + ":3: repeats the prompt of line 1 (a repeated"
                        + " prompt would be scored by a model that saw it; drop repeats with --drop-duplicates)");
    }

    @Test
    void aRepeatedPromptCanBeDroppedKeepingTheFirstLine() throws Exception {
        Path file = write("""
                {"prompt": "a", "label": "local"}
                {"prompt": "a", "label": "remote"}
                """);

        List<LabelledPrompt> prompts = LabelledPrompt.read(file, false, LabelledPrompt.Duplicates.DROP);

        assertThat(prompts).containsExactly(new LabelledPrompt("a", true, true, true));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = folder.resolve("nope.jsonl");

        assertThatThrownBy(() -> LabelledPrompt.read(missing, false))
                .hasMessage("labelled data file " + missing + " does not exist");
    }

    @Test
    void toStringNeverShowsThePrompt() {
        assertThat(new LabelledPrompt("my card is 4111", true, true, false).toString())
                .doesNotContain("4111");
    }

    private Path write(String text) throws Exception {
        Path file = folder.resolve("data.jsonl");
        Files.writeString(file, text);
        return file;
    }
}
