package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as other languages meet it: the official OpenAI Node client, unchanged but for its base URL
 * and key, runs a blocking call, a stream, a tool call and its result, and two errors it must recognise.
 */
class GatewayOpenAiClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"))
            .resolve("resources/gateway/openai-client.mjs")
            .normalize();

    @TempDir
    Path work;

    @Test
    void theOfficialNodeClientBlocksStreamsCallsToolsAndSeesErrors() throws Exception {
        JsonNode result;
        try (GatewayFixture fixture = new GatewayFixture(work, GatewayConfig.custom())) {
            result = JSON.readTree(NodeOpenAiClient.run(
                    SCRIPT, List.of("TANDEM_BASE_URL=" + fixture.baseUrl(), "TANDEM_API_KEY=" + GatewayFixture.KEY)));
        }

        assertThat(result.at("/blocking/content").asText()).isEqualTo(GatewayFixture.REMOTE_TEXT);
        assertThat(result.at("/blocking/tier").asText()).isEqualTo("remote");
        assertThat(result.at("/blocking/usage/total_tokens").asInt()).isEqualTo(19);
        assertThat(result.at("/streaming/content").asText()).isEqualTo(GatewayFixture.REMOTE_TEXT);
        assertThat(result.at("/streaming/usage/completion_tokens").asInt()).isEqualTo(7);
        assertThat(result.at("/tools/finish").asText()).isEqualTo("tool_calls");
        assertThat(result.at("/tools/name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(result.at("/tools/arguments").asText())
                        .at("/city")
                        .asText())
                .isEqualTo("Oslo");
        assertThat(result.at("/toolResult/finish").asText()).isEqualTo("tool_calls");
        assertThat(result.at("/error/status").asInt()).isEqualTo(404);
        assertThat(result.at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(result.at("/error/isNotFound").asBoolean()).isTrue();
        assertThat(result.at("/unauthorized/status").asInt()).isEqualTo(401);
        assertThat(result.at("/unauthorized/isAuthentication").asBoolean()).isTrue();
    }
}
