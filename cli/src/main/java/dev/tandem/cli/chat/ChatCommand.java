package dev.tandem.cli.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.audit.AuditOption;
import dev.tandem.cli.json.BatchRequest;
import dev.tandem.cli.json.ResultJson;
import dev.tandem.cli.setup.PolicyOption;
import dev.tandem.cli.setup.RouterSetup;
import dev.tandem.cli.web.WebChat;
import dev.tandem.cli.web.WebChatServer;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.event.DecisionEvent;
import dev.tandem.core.event.TandemListener;
import dev.tandem.core.exception.NoRouteAvailableException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.outcome.Outcome;
import dev.tandem.core.request.CallerMetadata;
import dev.tandem.core.request.TandemRequest;
import dev.tandem.core.tier.Tier;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.audit.AuditLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem chat}: the privacy-first chat. Interactive when stdin is a terminal: each answer shows
 * the tier, the model and the reasons. With {@code --batch}: JSON Lines in, one result line out per
 * input line, in order; logs and notices go to stderr.
 */
@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = {
            "Chat through the router. Interactive on a terminal (/reset clears the conversation, /quit leaves);",
            "with --batch, reads JSONL requests on stdin and writes one JSONL result per line on stdout:",
            "  {\"id\": \"1\", \"prompt\": \"...\"}  or  {\"id\": \"2\", \"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}",
            "  with an optional \"metadata\": {\"tenant\", \"tags\", \"headers\", \"deadline\", \"classification\"}.",
            "With --web [--port N], serves the chat as a web page on http://127.0.0.1:N/ until interrupted;",
            "--bind HOST --allow-remote-clients serves it on another address (with a warning)."
        })
public final class ChatCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Mixin
    private PolicyOption policy;

    @Mixin
    private AuditOption audit;

    @Option(names = "--batch", description = "Read JSONL requests from stdin and write JSONL results to stdout.")
    private boolean batch;

    @Option(
            names = "--web",
            description = "Serve the chat as a web page on 127.0.0.1 instead: answers stream, each with its tier,"
                    + " reasons, redactions and the exact text sent remotely.")
    private boolean web;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "The port for --web; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(
            names = "--bind",
            paramLabel = "HOST",
            description = "The address --web listens on, and the host name the page must be opened with."
                    + " Default: loopback (127.0.0.1) only. Any other address also needs --allow-remote-clients.")
    private @Nullable String bindHost;

    @Option(
            names = "--allow-remote-clients",
            description = "Let --bind name an address other machines can reach. Anyone who can reach it and load"
                    + " the page can chat through your router, read the answers and spend your remote API key.")
    private boolean allowRemoteClients;

    private static final AutoCloseable NO_AUDIT = () -> {};

    /** The decision of each request in flight, so that a failed request's result still shows it. */
    private final Map<String, DecisionEvent> decisions = new ConcurrentHashMap<>();

    @Override
    public void run() {
        Console console = parent.console();
        if (bindHost != null && !WebChatServer.isLoopback(bindHost) && !allowRemoteClients) {
            throw new IllegalArgumentException("--bind " + bindHost + " is not a loopback address: other machines"
                    + " could use the web chat and your remote API key; add --allow-remote-clients to accept that");
        }
        TandemListener recorder = new TandemListener() {
            @Override
            public void onDecision(DecisionEvent event) {
                decisions.put(event.requestId(), event);
            }
        };
        Optional<AuditLog> auditLog = audit.open();
        List<TandemListener> listeners = new ArrayList<>(List.of(recorder));
        auditLog.ifPresent(listeners::add);
        WebChat webChat = WebChat.create();
        if (web) {
            listeners.add(webChat.listener());
        }
        UnaryOperator<Tier> remoteTier = web ? webChat::recordSentText : UnaryOperator.identity();
        // A person chatting gets a real model on first run when the hub answers; a batch never downloads unasked.
        RouterSetup.FirstRun firstRun = batch
                ? RouterSetup.FirstRun.FORGE
                : RouterSetup.FirstRun.pullDefaultModel(console.interactive() || web ? console.out() : console.err());
        try (AutoCloseable auditResource = auditLog.isPresent() ? auditLog.get() : NO_AUDIT;
                RouterSetup setup = RouterSetup.fromEnvironment(
                        console.environment(), policy.load(), listeners, remoteTier, firstRun)) {
            if (web) {
                WebChatServer.serveUntilInterrupted(
                        setup.router(), webChat, bindHost, port, setup.notices(), console.out());
            } else if (batch) {
                setup.printNotices(console.err());
                runBatch(setup.router(), console);
            } else {
                setup.printNotices(console.interactive() ? console.out() : console.err());
                runConversation(setup.router(), console);
            }
        } catch (TandemException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not release the models", e);
        }
    }

    private void runBatch(TandemRouter router, Console console) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line : lines(reader)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            console.out().println(ResultJson.line(answer(router, line, lineNumber)));
        }
    }

    private ObjectNode answer(TandemRouter router, String line, int lineNumber) {
        ObjectNode result = ResultJson.object();
        BatchRequest request;
        try {
            request = BatchRequest.parse(line, lineNumber);
        } catch (BatchRequest.MalformedLineException e) {
            result.set("id", e.id());
            result.set("error", ResultJson.error("MalformedInput", e.getMessage()));
            return result;
        }
        result.set("id", request.id());
        String requestId = request.request().id();
        try {
            ChatResponse response = router.chat(request.request());
            TandemResponseMetadata routing = TandemResponseMetadata.from(response);
            Outcome outcome = routing.outcome();
            result.put("tier", outcome.locality().wireName());
            result.put("tier_name", outcome.tier());
            result.put("model", outcome.model());
            result.put("text", response.aiMessage().text());
            result.set("decision", ResultJson.decision(routing.assessment(), routing.decision()));
            result.set("attempts", ResultJson.attempts(outcome.attempts()));
            result.put("latency_ms", outcome.latency().toMillis());
        } catch (TandemException e) {
            DecisionEvent decided = decisions.get(requestId);
            if (decided != null) {
                result.set("decision", ResultJson.decision(decided.assessment(), decided.decision()));
            }
            if (e instanceof NoRouteAvailableException noRoute) {
                result.set("attempts", ResultJson.attempts(noRoute.attempts()));
            }
            result.set("error", ResultJson.error(e.getClass().getSimpleName(), e.getMessage()));
        } finally {
            decisions.remove(requestId);
        }
        return result;
    }

    private void runConversation(TandemRouter router, Console console) {
        PrintStream out = console.out();
        BufferedReader reader = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
        List<ChatMessage> conversation = new ArrayList<>();
        if (console.interactive()) {
            out.println(
                    "Tandem chat (policy " + router.policy().name() + "). Type /quit to leave, /reset to start over.");
        }
        while (true) {
            if (console.interactive()) {
                out.print("you> ");
                out.flush();
            }
            String line = readLine(reader);
            if (line == null || line.strip().equals("/quit")) {
                return;
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().equals("/reset")) {
                conversation.clear();
                out.println("(conversation cleared)");
                continue;
            }
            conversation.add(UserMessage.from(line));
            TandemRequest request = TandemRequest.of(
                    ChatRequest.builder().messages(conversation).build(), CallerMetadata.none());
            try {
                ChatResponse response = router.chat(request);
                conversation.add(AiMessage.from(response.aiMessage().text()));
                printAnswer(out, response);
            } catch (TandemException e) {
                conversation.remove(conversation.size() - 1);
                out.println("tandem: " + e.getMessage());
            } finally {
                decisions.remove(request.id());
            }
        }
    }

    private static void printAnswer(PrintStream out, ChatResponse response) {
        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        Outcome outcome = routing.outcome();
        out.println("tandem> " + response.aiMessage().text());
        out.println("  [" + outcome.locality().wireName() + " · " + outcome.tier() + " · " + outcome.model() + " · "
                + millis(outcome.latency()) + "]");
        for (Reason reason : routing.decision().reasons()) {
            out.println("  - " + reason.describe());
        }
    }

    private static String millis(Duration latency) {
        return latency.toMillis() + " ms";
    }

    private static Iterable<String> lines(BufferedReader reader) {
        return () -> reader.lines().iterator();
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
