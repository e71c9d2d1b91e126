package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import org.junit.jupiter.api.Test;

class JsonAnswerTest {

    private static final ResponseFormat DELIVERY = ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder()
                    .name("Delivery")
                    .rootElement(JsonObjectSchema.builder()
                            .addStringProperty("orderNumber")
                            .addEnumProperty("status", java.util.List.of("shipped", "pending"))
                            .required("orderNumber", "status")
                            .build())
                    .build())
            .build();

    @Test
    void anAnswerThatFollowsTheSchemaPassesEvenInsideAFence() {
        JsonAnswer.Check check = JsonAnswer.of(DELIVERY)
                .check("Here you are:\n```json\n{\"orderNumber\": \"7731\", \"status\": \"shipped\"}\n```");

        assertThat(check.passed()).isTrue();
        assertThat(check.json()).contains("{\"orderNumber\":\"7731\",\"status\":\"shipped\"}");
    }

    @Test
    void schemaViolationsAreNamedByPathForTheExceptionAndExplainedForTheModel() {
        JsonAnswer.Check check = JsonAnswer.of(DELIVERY).check("{\"orderNumber\": 7731, \"status\": \"lost\"}");

        assertThat(check.passed()).isFalse();
        assertThat(check.where()).containsExactly("$.orderNumber: type", "$.status: enum");
        assertThat(check.where()).noneMatch(where -> where.contains("7731") || where.contains("lost"));
        assertThat(JsonAnswer.correction(check))
                .startsWith("Your answer does not follow the required JSON format:\n- $.orderNumber")
                .contains("integer found, string expected")
                .endsWith("Answer again with only the corrected JSON value.");
    }

    @Test
    void textThatIsNotJsonFails() {
        JsonAnswer.Check check = JsonAnswer.of(ResponseFormat.JSON).check("Order 7731 has shipped.");

        assertThat(check.passed()).isFalse();
        assertThat(check.where()).containsExactly("$: not JSON");
    }

    @Test
    void withoutASchemaAnyJsonPassesAndTheInstructionSaysJsonOnly() {
        JsonAnswer json = JsonAnswer.of(ResponseFormat.JSON);

        assertThat(json.check("[1, 2]").json()).contains("[1,2]");
        assertThat(json.instruction())
                .isEqualTo("Answer with one JSON value and nothing else: no explanation, no Markdown.");
        assertThat(JsonAnswer.of(DELIVERY).instruction()).contains("\"enum\":[\"shipped\",\"pending\"]");
    }
}
