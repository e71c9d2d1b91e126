package dev.tandem.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ResponseFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A JSON response format on the local tier: the instruction that asks the model for it, and the check of
 * what the model wrote against it (parse, then the JSON schema, draft 2020-12, with networknt's
 * validator). Jlama 0.8.4 exposes no hook into token sampling, so the answer cannot be constrained while it
 * is generated; it is checked afterwards and the model is shown its mistakes (see {@link JlamaLocalModel}).
 */
final class JsonAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*(.*?)\\s*```", Pattern.DOTALL);

    private final @Nullable JsonSchema schema;
    private final String instruction;

    /**
     * What the check found. {@code json} is the answer reduced to its JSON value when it passed; {@code
     * forModel} explains the mistakes in words the model can act on; {@code where} names them by JSON path
     * and rule only, for exceptions and logs.
     */
    record Check(Optional<String> json, List<String> forModel, List<String> where) {
        boolean passed() {
            return json.isPresent();
        }
    }

    private JsonAnswer(@Nullable JsonSchema schema, String instruction) {
        this.schema = schema;
        this.instruction = instruction;
    }

    static JsonAnswer of(ResponseFormat format) {
        if (format.jsonSchema() == null || format.jsonSchema().rootElement() == null) {
            return new JsonAnswer(null, "Answer with one JSON value and nothing else: no explanation, no Markdown.");
        }
        JsonNode schemaNode = JSON.valueToTree(
                JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement()));
        String instruction = "Answer with one JSON value and nothing else (no explanation, no Markdown). It must"
                + " follow this JSON schema:\n" + schemaNode;
        return new JsonAnswer(SCHEMAS.getSchema(schemaNode), instruction);
    }

    /** The system text that asks for the format. */
    String instruction() {
        return instruction;
    }

    /** Checks one answer. */
    Check check(String answer) {
        String candidate = candidate(answer);
        JsonNode node;
        try {
            node = JSON.readTree(candidate);
        } catch (JsonProcessingException e) {
            return new Check(
                    Optional.empty(),
                    List.of("The answer is not valid JSON (" + e.getOriginalMessage() + ")."),
                    List.of("$: not JSON"));
        }
        if (node == null || node.isMissingNode()) {
            return new Check(
                    Optional.empty(), List.of("The answer is empty; write the JSON value."), List.of("$: empty"));
        }
        if (schema == null) {
            return new Check(Optional.of(node.toString()), List.of(), List.of());
        }
        List<ValidationMessage> problems = schema.validate(node).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .toList();
        if (problems.isEmpty()) {
            return new Check(Optional.of(node.toString()), List.of(), List.of());
        }
        return new Check(
                Optional.empty(),
                problems.stream().map(ValidationMessage::getMessage).toList(),
                problems.stream()
                        .map(m -> m.getInstanceLocation() + ": " + m.getType())
                        .distinct()
                        .toList());
    }

    /** The message that shows the model what was wrong with its answer. */
    static String correction(Check check) {
        return "Your answer does not follow the required JSON format:\n- " + String.join("\n- ", check.forModel())
                + "\nAnswer again with only the corrected JSON value.";
    }

    /** The JSON in an answer: inside a Markdown fence if there is one, else from the first brace or bracket. */
    private static String candidate(String answer) {
        Matcher fence = FENCE.matcher(answer);
        String text = fence.find() ? fence.group(1) : answer;
        int start = firstOf(text, '{', '[');
        if (start < 0) {
            return text.trim();
        }
        char close = text.charAt(start) == '{' ? '}' : ']';
        int end = text.lastIndexOf(close);
        return end > start ? text.substring(start, end + 1) : text.substring(start);
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
