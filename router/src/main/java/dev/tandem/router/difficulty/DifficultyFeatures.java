package dev.tandem.router.difficulty;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The signals the {@link CalibratedDifficultyEstimator} computes for one request, before any weight:
 * each with its raw value (a count, a ratio, a probability) and its normalised value, the one the
 * calibration weighs. The calibrator learns from these.
 *
 * <table>
 *   <caption>Signals</caption>
 *   <tr><th>name</th><th>raw value</th><th>normalised</th></tr>
 *   <tr><td>{@code length}</td><td>reference tokens of the last user message</td><td>log(1+t)/log(1+4000), at most 1</td></tr>
 *   <tr><td>{@code questions}</td><td>question marks</td><td>n/4, at most 1</td></tr>
 *   <tr><td>{@code constraints}</td><td>must, exactly, at least, format, list items...</td><td>n/6, at most 1</td></tr>
 *   <tr><td>{@code code}</td><td>fences, keywords, language names, code punctuation</td><td>n/4, at most 1</td></tr>
 *   <tr><td>{@code maths}</td><td>notation (x^2, ∑, ∫, =) and words (integral, theorem)</td><td>n/4, at most 1</td></tr>
 *   <tr><td>{@code reasoning}</td><td>prove, step by step, analyse, trade-off, plan...</td><td>n/3, at most 1</td></tr>
 *   <tr><td>{@code output_length}</td><td>tokens of answer asked for ("500 words", "an essay"), or the
 *       request's max output tokens</td><td>log(1+t)/log(1+4000), at most 1</td></tr>
 *   <tr><td>{@code depth}</td><td>user turns before the last</td><td>n/8, at most 1</td></tr>
 *   <tr><td>{@code non_latin}</td><td>share of letters not in the Latin script</td><td>the same</td></tr>
 *   <tr><td>{@code token_tax}</td><td>local tokens ÷ reference tokens of the last user message</td><td>log2(tax)/3, in [0, 1]</td></tr>
 *   <tr><td>{@code context_fit}</td><td>(prompt + expected output tokens) ÷ local context window</td><td>at most 2</td></tr>
 *   <tr><td>{@code quantities}</td><td>numbers, in digits or words ("48", "$3.50", "half")</td><td>log(1+n)/log(21), at most 1</td></tr>
 *   <tr><td>{@code operations}</td><td>operators between numbers, words implying one ("each", "in total", "left")</td><td>n/6, at most 1</td></tr>
 *   <tr><td>{@code steps}</td><td>sentences of the question that hold a quantity</td><td>n/6, at most 1</td></tr>
 *   <tr><td>{@code options}</td><td>multiple-choice options, one per line ("A. ...")</td><td>n/5, at most 1</td></tr>
 *   <tr><td>{@code option_length}</td><td>mean characters per option</td><td>log(1+c)/log(201), at most 1</td></tr>
 *   <tr><td>{@code task.<type>}</td><td>probability of each task type (embedding on)</td><td>the same</td></tr>
 * </table>
 *
 * @param names the signal names, in a fixed order
 * @param raw the raw values, aligned with {@code names}
 * @param values the normalised values, aligned with {@code names}
 * @param embedding the unit-length prompt embedding, when the embedding signal is on
 * @param taskType the most probable task type, when the embedding signal is on
 */
public record DifficultyFeatures(
        List<String> names, double[] raw, double[] values, Optional<float[]> embedding, Optional<String> taskType) {

    public static final String LENGTH = "length";
    public static final String QUESTIONS = "questions";
    public static final String CONSTRAINTS = "constraints";
    public static final String CODE = "code";
    public static final String MATHS = "maths";
    public static final String REASONING = "reasoning";
    public static final String OUTPUT_LENGTH = "output_length";
    public static final String DEPTH = "depth";
    public static final String NON_LATIN = "non_latin";
    public static final String TOKEN_TAX = "token_tax";
    public static final String CONTEXT_FIT = "context_fit";
    public static final String QUANTITIES = "quantities";
    public static final String OPERATIONS = "operations";
    public static final String STEPS = "steps";
    public static final String OPTIONS = "options";
    public static final String OPTION_LENGTH = "option_length";
    /** Task-type signals are named {@code task.<type>}, such as {@code task.coding}. */
    public static final String TASK_PREFIX = "task.";

    /** The prompt-feature signals, always computed, in this order. */
    public static final List<String> PROMPT_SIGNALS = List.of(
            LENGTH,
            QUESTIONS,
            CONSTRAINTS,
            CODE,
            MATHS,
            REASONING,
            OUTPUT_LENGTH,
            DEPTH,
            NON_LATIN,
            TOKEN_TAX,
            CONTEXT_FIT,
            QUANTITIES,
            OPERATIONS,
            STEPS,
            OPTIONS,
            OPTION_LENGTH);

    public DifficultyFeatures {
        names = List.copyOf(names);
        if (raw.length != names.size() || values.length != names.size()) {
            throw new IllegalArgumentException("raw and normalised values must match the " + names.size() + " names");
        }
        raw = raw.clone();
        values = values.clone();
        requireNonNull(embedding, "embedding");
        requireNonNull(taskType, "taskType");
    }

    /**
     * The kind of prompt, from its signals: multiple choice when it has options, a maths word problem when
     * it has no options and no code, two quantities or more and an operation between them, otherwise open.
     */
    public PromptKind kind() {
        double options = rawValue(OPTIONS).orElse(0.0);
        if (options >= 2) {
            return PromptKind.MULTIPLE_CHOICE;
        }
        if (rawValue(QUANTITIES).orElse(0.0) >= 2
                && rawValue(OPERATIONS).orElse(0.0) >= 1
                && rawValue(CODE).orElse(0.0) == 0) {
            return PromptKind.MATHS_WORD_PROBLEM;
        }
        return PromptKind.OPEN;
    }

    /** The normalised value of a signal, if it was computed. */
    public Optional<Double> value(String name) {
        int index = names.indexOf(name);
        return index < 0 ? Optional.empty() : Optional.of(values[index]);
    }

    /** The raw value of a signal, if it was computed. */
    public Optional<Double> rawValue(String name) {
        int index = names.indexOf(name);
        return index < 0 ? Optional.empty() : Optional.of(raw[index]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DifficultyFeatures that
                && names.equals(that.names)
                && Arrays.equals(raw, that.raw)
                && Arrays.equals(values, that.values)
                && taskType.equals(that.taskType);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("DifficultyFeatures[");
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(raw[i]);
        }
        return text.append(taskType.map(type -> ", task=" + type).orElse(""))
                .append(']')
                .toString();
    }
}
