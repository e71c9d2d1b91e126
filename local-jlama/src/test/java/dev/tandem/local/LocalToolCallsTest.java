package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.junit.jupiter.api.Test;

class LocalToolCallsTest {

    @Test
    void hermesBlocksBecomeToolCallsAndTheRestStaysText() {
        String output =
                "Let me look.\n<tool_call>\n{\"name\": \"orderStatus\", \"arguments\": {\"orderNumber\": \"7731\"}}\n"
                        + "</tool_call>\n<tool_call>{\"name\": \"weather\", \"arguments\": {\"city\": \"Oslo\"}}</tool_call>";

        LocalToolCalls.Parsed parsed = LocalToolCalls.parse(output);

        assertThat(parsed.text()).isEqualTo("Let me look.");
        assertThat(parsed.calls()).extracting(ToolExecutionRequest::name).containsExactly("orderStatus", "weather");
        assertThat(parsed.calls())
                .extracting(ToolExecutionRequest::arguments)
                .containsExactly("{\"orderNumber\":\"7731\"}", "{\"city\":\"Oslo\"}");
        assertThat(parsed.calls()).allSatisfy(call -> assertThat(call.id()).startsWith("call_"));
        assertThat(parsed.calls().get(0).id())
                .isNotEqualTo(parsed.calls().get(1).id());
        assertThat(parsed.malformed()).isEmpty();
    }

    @Test
    void aBlockCutOffByTheTokenBudgetStillCounts() {
        LocalToolCalls.Parsed parsed =
                LocalToolCalls.parse("<tool_call>\n{\"name\": \"weather\", \"arguments\": {\"city\": \"Oslo\"}}");

        assertThat(parsed.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        });
    }

    @Test
    void llamaStyleBareJsonWithParametersIsAToolCall() {
        LocalToolCalls.Parsed parsed =
                LocalToolCalls.parse("```json\n{\"name\": \"weather\", \"parameters\": {\"city\": \"Oslo\"}}\n```");

        assertThat(parsed.text()).isEmpty();
        assertThat(parsed.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        });
    }

    @Test
    void argumentsWrittenAsAJsonStringAreUnwrapped() {
        LocalToolCalls.Parsed parsed = LocalToolCalls.parse(
                "<tool_call>{\"name\": \"weather\", \"arguments\": \"{\\\"city\\\": \\\"Oslo\\\"}\"}</tool_call>");

        assertThat(parsed.calls())
                .singleElement()
                .satisfies(call -> assertThat(call.arguments()).isEqualTo("{\"city\": \"Oslo\"}"));
        assertThat(parsed.malformed()).isEmpty();
    }

    @Test
    void argumentsThatAreNotJsonAreKeptAsWrittenAndFlagged() {
        LocalToolCalls.Parsed parsed =
                LocalToolCalls.parse("<tool_call>{\"name\": \"weather\", \"arguments\": {city: Oslo}}</tool_call>");

        assertThat(parsed.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("weather");
            assertThat(call.arguments()).isEqualTo("{city: Oslo}");
            assertThat(parsed.malformed()).containsExactly(call.id());
        });
    }

    @Test
    void ordinaryAnswersAndJsonThatIsNotACallStayText() {
        assertThat(LocalToolCalls.parse("Paris is the capital.").calls()).isEmpty();
        LocalToolCalls.Parsed json = LocalToolCalls.parse("{\"orderNumber\": \"7731\", \"status\": \"shipped\"}");
        assertThat(json.calls()).isEmpty();
        assertThat(json.text()).isEqualTo("{\"orderNumber\": \"7731\", \"status\": \"shipped\"}");
        LocalToolCalls.Parsed noName = LocalToolCalls.parse("<tool_call>nothing here</tool_call> ok");
        assertThat(noName.calls()).isEmpty();
        assertThat(noName.text()).isEqualTo("<tool_call>nothing here</tool_call> ok");
    }

    @Test
    void theSystemBlockListsEachToolWithItsSchema() {
        ToolSpecification orderStatus = ToolSpecification.builder()
                .name("orderStatus")
                .description("The delivery status of an order")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("orderNumber")
                        .required("orderNumber")
                        .build())
                .build();

        String block = LocalToolCalls.systemBlock(java.util.List.of(orderStatus));

        assertThat(block)
                .contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"orderStatus\","
                        + "\"description\":\"The delivery status of an order\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{\"orderNumber\":{\"type\":\"string\"}},\"required\":[\"orderNumber\"]}}}\n"
                        + "</tools>")
                .contains("<tool_call>\n{\"name\": <function-name>, \"arguments\": <arguments-json-object>}");
    }

    @Test
    void earlierCallsAreWrittenBackInTheFormatTheParserReads() {
        AiMessage earlier = AiMessage.from(ToolExecutionRequest.builder()
                .id("call_1")
                .name("orderStatus")
                .arguments("{\"orderNumber\":\"7731\"}")
                .build());

        LocalToolCalls.Parsed reread = LocalToolCalls.parse(LocalToolCalls.asText(earlier));

        assertThat(reread.calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("orderStatus");
            assertThat(call.arguments()).isEqualTo("{\"orderNumber\":\"7731\"}");
        });
    }
}
