package dev.tandem.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The remote overhead: the same request sent to the loopback server three ways, alternating in every
 * round so that drift in machine load hits all three alike: (1) a bare OkHttp POST of a pre-serialized
 * body, reading the answer's bytes — the floor any Java client pays; (2) the remote tier alone
 * ({@code OpenAiCompatibleChatModel}: JSON codec and LangChain4j types added); (3) the router in front of
 * that tier (assess, decide, redaction plan, resilience, listeners, response metadata).
 */
public final class RemoteOverhead {

    /** Latencies of the three paths. */
    public record Result(Samples okHttp, Samples tier, Samples router) {

        /** Router minus bare OkHttp, medians, in microseconds. */
        public double overheadMicros() {
            return router.medianMicros() - okHttp.medianMicros();
        }

        /** Router minus the tier alone, medians, in microseconds: what routing itself adds. */
        public double routingMicros() {
            return router.medianMicros() - tier.medianMicros();
        }

        public double ratio() {
            return router.medianMicros() / okHttp.medianMicros();
        }
    }

    private static final MediaType JSON = MediaType.get("application/json");

    private RemoteOverhead() {}

    public static Result run(
            LoopbackServer server, TandemRouter router, ChatModel tier, String prompt, int warmUpRounds, int rounds) {
        OkHttpClient client = server.client();
        byte[] body = requestBody(prompt);
        Request http = new Request.Builder()
                .url(server.baseUrl() + "/chat/completions")
                .post(RequestBody.create(body, JSON))
                .build();
        ChatRequest chat =
                ChatRequest.builder().messages(UserMessage.from(prompt)).build();
        TandemRequest routed = Prompts.request(prompt);
        for (int i = 0; i < warmUpRounds; i++) {
            Harness.consume(okHttp(client, http));
            Harness.consume(tier.chat(chat));
            Harness.consume(router.chat(routed));
        }
        long[] a = new long[rounds];
        long[] b = new long[rounds];
        long[] c = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            Harness.consume(okHttp(client, http));
            a[i] = System.nanoTime() - start;
            start = System.nanoTime();
            Harness.consume(tier.chat(chat));
            b[i] = System.nanoTime() - start;
            start = System.nanoTime();
            Harness.consume(router.chat(routed));
            c[i] = System.nanoTime() - start;
        }
        return new Result(new Samples(a), new Samples(b), new Samples(c));
    }

    static byte[] requestBody(String prompt) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("model", "bench-remote");
        root.putArray("messages").addObject().put("role", "user").put("content", prompt);
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] okHttp(OkHttpClient client, Request request) {
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("loopback server answered HTTP " + response.code());
            }
            return response.body().bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("loopback call failed", e);
        }
    }
}
