package dev.tandem.router.difficulty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromptFeaturesTest {

    // Surefire runs in the router module; the data sets live at the repository root.
    private static final Path DATASETS = Path.of("..", "datasets");

    private static final Map<String, CandidateMatcher> MATCHERS = Map.of(
            "reasoning", PromptFeatures.REASONING,
            "maths", PromptFeatures.MATHS,
            "code", PromptFeatures.CODE,
            "constraints", PromptFeatures.CONSTRAINTS,
            "counted output", PromptFeatures.COUNTED_OUTPUT,
            "long output", PromptFeatures.LONG_OUTPUT,
            "short output", PromptFeatures.SHORT_OUTPUT,
            "quantity", PromptFeatures.QUANTITY,
            "operation words", PromptFeatures.OPERATION_WORDS_MATCHER);

    /** The single regex that counted operations before it was split into words, operators and percents. */
    private static final Pattern OPERATION_REGEX = Pattern.compile(
            "\\b(?:"
                    + PromptFeatures.OPERATION_WORDS_MATCHER.pattern().pattern().substring(5)
                    + "|(?<=\\d)\\s*[-+*/×÷x]\\s*(?=\\d)|%",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。？！]+(?:\\s+|$)|\\n+");

    /** Texts where a match starts somewhere unusual: inside a number, after indentation, at a non-ASCII letter. */
    private static final List<String> EDGE_CASES = List.of(
            "x^2 + y^2 = 9 and 3 * 4 and 12*34*5, 2 ^ 3",
            "```python\ndef f():\n  return g()\n```",
            "- must do\n   * at least 3 items\n1. no more than 5\n2) in json\r\n\t- keep it short",
            "Write 500 words; 3 paragraphs; 10-steps; 123456 words",
            "tl;dr please, tldr, briefly, in a few words",
            "aſſeſſ the analyſe proof, \u212Aelvin k=3, ſ = 4, İnfer, ınfer",
            "C++ code, #include <x>, a#include, ##include",
            "∑ π Π ϖ √ ≤ ∂x/∂y",
            "\\frac{1}{2} \\sum_i \\sqrt{x}",
            "a = 5, B=7, xy = 3, (z\t=\n1)",
            "Explain why: step-by-step trade-offs, tradeoff, analyze the architecture; implementation",
            "in-depth essay, indepth, thoroughly, complete guide, full implementation",
            "foo() bar () x==y a!=b c=>d e->f {}; ;\nlast;   ",
            "under 50 words within 3 days; underlying; within reason",
            "expected value, prime number, eigenvalues, reimplementing, preprove",
            "3 + 4, 5-6-7, 8 x 9, 2X3, 4 ×\n 5, 6÷2, 7 / 8, 1.5*2, 20% of $3.50 each, x4, 3 - , - 4, 9 -\t",
            "He spent €12 and £7, twice as much; 3. 5 apples. twelve left. A) one B) two",
            "");

    @Test
    void everyMatcherFindsWhatFindFindsOnTheDataSetsAndEdgeCases() throws IOException {
        List<String> texts = new ArrayList<>(EDGE_CASES);
        texts.addAll(field(DATASETS.resolve("routing/dev.jsonl"), "prompt"));
        texts.addAll(field(DATASETS.resolve("routing/test.jsonl"), "prompt"));
        texts.addAll(field(DATASETS.resolve("privacy/dev.jsonl"), "text"));
        assertThat(texts).hasSizeGreaterThan(3_000);

        int matches = 0;
        for (String text : texts) {
            CandidateMatcher.Positions positions = CandidateMatcher.Positions.of(text);
            for (Map.Entry<String, CandidateMatcher> entry : MATCHERS.entrySet()) {
                List<String> expected = new ArrayList<>();
                Matcher find = entry.getValue().pattern().matcher(text);
                while (find.find()) {
                    expected.add(find.start() + "-" + find.end());
                }
                List<String> actual = new ArrayList<>();
                entry.getValue().forEach(text, positions, match -> actual.add(match.start() + "-" + match.end()));
                assertThat(actual).as("%s in %s", entry.getKey(), text).isEqualTo(expected);
                matches += expected.size();
            }
        }
        assertThat(matches).as("matches compared").isGreaterThan(4_000);
    }

    @Test
    void operationsAndStepsCountWhatTheRegexesCountOnTheDataSetsAndEdgeCases() throws IOException {
        List<String> texts = new ArrayList<>(EDGE_CASES);
        texts.addAll(field(DATASETS.resolve("routing/dev.jsonl"), "prompt"));
        texts.addAll(field(DATASETS.resolve("routing/test.jsonl"), "prompt"));
        texts.addAll(field(DATASETS.resolve("privacy/dev.jsonl"), "text"));

        int operations = 0;
        int steps = 0;
        for (String text : texts) {
            PromptFeatures features = PromptFeatures.of(text);
            int expectedOperations = 0;
            Matcher find = OPERATION_REGEX.matcher(text);
            while (find.find()) {
                expectedOperations++;
            }
            assertThat(features.operations()).as("operations in %s", text).isEqualTo(expectedOperations);
            operations += expectedOperations;
            int expectedSteps = 0;
            for (String sentence : SENTENCE_END.split(features.questionStem())) {
                if (PromptFeatures.QUANTITY.pattern().matcher(sentence).find()) {
                    expectedSteps++;
                }
            }
            assertThat(features.steps()).as("steps in %s", text).isEqualTo(expectedSteps);
            steps += expectedSteps;
        }
        assertThat(operations).as("operations compared").isGreaterThan(1_000);
        assertThat(steps).as("steps counted").isGreaterThan(1_000);
    }

    @Test
    void stepsAreTheSentencesOfTheQuestionStemWithAQuantity() {
        String problem = "Tom has 3 apples. He buys twelve more!  How many now?\nA) 15\nB) 9";

        int expected = 0;
        for (String sentence : SENTENCE_END.split("Tom has 3 apples. He buys twelve more!  How many now?\n")) {
            if (PromptFeatures.QUANTITY.pattern().matcher(sentence).find()) {
                expected++;
            }
        }

        assertThat(PromptFeatures.of(problem).steps()).isEqualTo(expected).isEqualTo(2);
    }

    @Test
    void countsTheFeaturesOfAPrompt() {
        PromptFeatures features = PromptFeatures.of("Prove that x^2 >= 0 step by step. Why does it hold? "
                + "Then write a Python function square() and explain why it must not overflow, in 3 paragraphs.");

        assertThat(features.reasoningCues()).isEqualTo(4); // prove, step by step, why does, explain why
        assertThat(features.mathsNotation()).isEqualTo(1); // x^2
        assertThat(features.codeMarkers()).isEqualTo(3); // Python, function, square()
        assertThat(features.constraints()).isEqualTo(1); // must
        assertThat(features.questions()).isEqualTo(1);
        assertThat(features.requestedOutputTokens(256)).isEqualTo(480); // 3 paragraphs of 120 words
    }

    @Test
    void requestedOutputFallsBackToCuesThenToTheDefault() {
        assertThat(PromptFeatures.of("Write a detailed report on it.").requestedOutputTokens(256))
                .isEqualTo(1024);
        assertThat(PromptFeatures.of("Answer briefly.").requestedOutputTokens(256))
                .isEqualTo(32);
        assertThat(PromptFeatures.of("What is the capital of France?").requestedOutputTokens(256))
                .isEqualTo(256);
    }

    @Test
    void aKeywordAlternativeMustStartWithALiteral() {
        assertThat(CandidateMatcher.leadingLiteral("trade-?offs?")).isEqualTo("trade");
        assertThat(CandidateMatcher.leadingLiteral("implications?")).isEqualTo("implication");
        assertThat(CandidateMatcher.leadingLiteral("#include")).isEqualTo("#include");
        assertThatThrownBy(() -> CandidateMatcher.leadingLiteral("(value|number)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a keyword alternative must start with a literal: (value|number)");
    }

    private static List<String> field(Path file, String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                values.add(node.get(name).asText());
            }
        }
        return values;
    }

    @Test
    void countsTheQuantitiesOperationsAndStepsOfAWordProblem() {
        PromptFeatures problem = PromptFeatures.of(
                "A baker makes 48 rolls in the morning and half as many in the"
                        + " afternoon. Each bag holds 6 rolls. She sells every bag for $3.50. How much does she earn in total?");

        assertThat(problem.quantities()).as("48, half, 6, $3.50").isEqualTo(4);
        assertThat(problem.operations())
                .as("as many, each, sells, every, how much, earn, total")
                .isEqualTo(7);
        assertThat(problem.steps()).as("the three sentences with a quantity").isEqualTo(3);
        assertThat(problem.options()).isZero();
        assertThat(problem.optionLength()).isZero();
    }

    @Test
    void countsMultipleChoiceOptionsAndTheirLengthButNotTheirNumbersAsSteps() {
        PromptFeatures question = PromptFeatures.of(
                "Which gas do plants absorb?\nA. Oxygen\nB. Carbon dioxide\nC. 2 nitrogen\nD. Helium\nAnswer:");

        assertThat(question.options()).isEqualTo(4);
        assertThat(question.optionLength()).isEqualTo((6 + 14 + 10 + 6) / 4.0);
        assertThat(question.steps()).isZero();
    }

    @Test
    void oneLetteredLineIsNotAMultipleChoiceQuestion() {
        PromptFeatures note = PromptFeatures.of("Plan:\nA. buy milk");

        assertThat(note.options()).isZero();
        assertThat(note.optionLength()).isZero();
    }
}
