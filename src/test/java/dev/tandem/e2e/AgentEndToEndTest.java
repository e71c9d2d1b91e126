package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.samples.AgentExample;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md's agent example end to end: AiServices with a {@code @Tool}, a structured answer and
 * a listener, on a router with a forged Jlama tier and a remote tier served by WireMock over real HTTP.
 */
class AgentEndToEndTest {

    /** What OpenAI sends when the model calls a tool. */
    private static final String TOOL_CALL = """
            {"id":"chatcmpl-t1","object":"chat.completion","model":"gpt-stub","choices":[{"index":0,
             "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_7731","type":"function",
             "function":{"name":"orderStatus","arguments":"{\\"arg0\\":\\"7731\\"}"}}],"refusal":null},
             "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":60,"completion_tokens":17,"total_tokens":77}}""";

    private static final String FINAL_ANSWER = """
            {"id":"chatcmpl-t2","object":"chat.completion","model":"gpt-stub","choices":[{"index":0,
             "message":{"role":"assistant","content":"Order 7731 shipped on 2 December."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":90,"completion_tokens":9,"total_tokens":99}}""";

    private static final String STRUCTURED_ANSWER = """
            {"id":"chatcmpl-t3","object":"chat.completion","model":"gpt-stub","choices":[{"index":0,
             "message":{"role":"assistant","content":"{\\"orderNumber\\":\\"7731\\",\\"status\\":\\"shipped\\"}"},
             "finish_reason":"stop"}],"usage":{"prompt_tokens":70,"completion_tokens":12,"total_tokens":82}}""";

    @Test
    void agentCallsItsToolOnTheRemoteTierAndReturnsAStructuredAnswer() {
        try (OpenAiStub remote = new OpenAiStub()) {
            remote.answersWhenBodyContains("\"role\":\"tool\"", FINAL_ANSWER, 1);
            remote.answersWhenBodyContains("as JSON", STRUCTURED_ANSWER, 2);
            remote.answersWhenBodyContains("Where is order 7731?", TOOL_CALL, 3);

            AgentExample.Run run = AgentExample.run(ForgedModel.folder(), remote.baseUrl(), OpenAiStub.MODEL);

            assertThat(run.answer()).isEqualTo("Order 7731 shipped on 2 December.");
            assertThat(run.tier()).isEqualTo("remote");
            assertThat(run.toolCalls()).containsExactly("7731");
            assertThat(run.delivery()).isEqualTo(new AgentExample.Delivery("7731", "shipped"));
            assertThat(run.reasons()).anySatisfy(reason -> assertThat(reason).contains("local lacks tools"));
            assertThat(run.heard()).containsExactly("answered by remote", "answered by remote", "answered by remote");
            assertThat(remote.receivedBodies()).hasSize(3);
            assertThat(remote.receivedBodies().get(0))
                    .contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"orderStatus\"");
            assertThat(remote.receivedBodies().get(1))
                    .contains("\"tool_call_id\":\"call_7731\"", "shipped on 2 December");
        }
    }
}
