package dev.tandem.samples.support;

import dev.langchain4j.service.Result;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.Failure;
import dev.tandem.router.TandemResponseMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/tickets/answer} with {@code {"ticket": "..."}}: the assistant's answer and how Tandem
 * routed it.
 *
 * <pre>{@code
 * {"answer": "...", "tier": "remote", "locality": "remote", "model": "gpt-4o-mini",
 *  "reasons": ["hard-requests-go-remote: difficulty 0.72 >= 0.60"], "sensitivity": "low",
 *  "redactions": {"IP_ADDRESS": 1}, "keptLocal": {},
 *  "attempts": [{"tier": "remote", "status": "succeeded", "redacted": true, "error": null}]}
 * }</pre>
 *
 * <p>{@code redactions} counts what was replaced by placeholders before the remote model saw the ticket;
 * {@code keptLocal} counts the personal data of a ticket that never left the machine.
 */
@RestController
class TicketController {

    /** The request body. */
    record Ticket(String ticket) {}

    /** One tier attempt, as the API shows it. */
    record AttemptView(String tier, String locality, String status, boolean redacted, String error) {}

    /** The response body. */
    record Answer(
            String answer,
            String tier,
            String locality,
            String model,
            List<String> reasons,
            String sensitivity,
            double difficulty,
            Map<String, Integer> redactions,
            Map<String, Integer> keptLocal,
            List<AttemptView> attempts) {}

    private final SupportAssistant assistant;

    TicketController(SupportAssistant assistant) {
        this.assistant = assistant;
    }

    @PostMapping("/api/tickets/answer")
    Answer answer(@RequestBody Ticket ticket) {
        if (ticket == null || ticket.ticket() == null || ticket.ticket().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body needs a non-empty \"ticket\"");
        }
        Result<String> result = assistant.answer(ticket.ticket());
        TandemResponseMetadata routing = TandemResponseMetadata.from(result.finalResponse());

        boolean sentRemotely = routing.outcome().attempts().stream().anyMatch(Attempt::redacted);
        Map<String, Integer> found = new TreeMap<>();
        routing.assessment().privacy().countsByType().forEach((type, count) -> found.put(type.name(), count));
        Map<String, Integer> redacted = new TreeMap<>();
        if (sentRemotely) {
            routing.assessment().privacy().countsByType().forEach((type, count) -> {
                if (routing.decision().redaction().covers(type)) {
                    redacted.put(type.name(), count);
                }
            });
        }
        boolean servedLocally = routing.outcome().attempts().stream()
                .noneMatch(attempt -> attempt.locality().wireName().equals("remote")
                        && !attempt.status().wireName().equals("skipped"));
        return new Answer(
                result.content(),
                routing.outcome().tier(),
                routing.outcome().locality().wireName(),
                routing.outcome().model(),
                routing.decision().reasons().stream().map(Reason::describe).toList(),
                routing.assessment().privacy().sensitivity().wireName(),
                routing.assessment().difficulty().score(),
                redacted,
                servedLocally ? found : Map.of(),
                routing.outcome().attempts().stream()
                        .map(attempt -> new AttemptView(
                                attempt.tier(),
                                attempt.locality().wireName(),
                                attempt.status().wireName(),
                                attempt.redacted(),
                                attempt.failure().map(Failure::type).orElse(null)))
                        .toList());
    }
}
