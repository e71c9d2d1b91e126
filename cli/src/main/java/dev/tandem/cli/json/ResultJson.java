package dev.tandem.cli.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.Sensitivity;
import dev.tandem.core.assessment.Signal;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.outcome.Attempt;
import java.util.List;

/**
 * Writes the JSON Lines results of the commands, field order fixed so output diffs cleanly. Only types,
 * counts, scores, names and the answer text are written: never the detected values.
 */
public final class ResultJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultJson() {}

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The {@code decision} object: route, target, fallbacks, reasons, difficulty, sensitivity, redactions. */
    public static ObjectNode decision(Assessment assessment, Decision decision) {
        ObjectNode node = JSON.createObjectNode();
        node.put("route", decision.locality().wireName());
        node.put("target", decision.tier());
        ArrayNode fallbacks = node.putArray("fallbacks");
        decision.fallbacks().forEach(fallbacks::add);
        node.put("remote_allowed", decision.remoteAllowed());
        ArrayNode reasons = node.putArray("reasons");
        decision.reasons().stream().map(Reason::describe).forEach(reasons::add);
        node.put("difficulty", round(assessment.difficulty().score()));
        ObjectNode signals = node.putObject("difficulty_signals");
        for (Signal signal : assessment.difficulty().signals()) {
            signals.put(signal.name(), round(signal.contribution()));
        }
        node.put("sensitivity", assessment.privacy().sensitivity().wireName());
        ObjectNode redactions = node.putObject("redactions");
        assessment.privacy().countsByType().forEach((type, count) -> {
            if (decision.redaction().covers(type)) {
                redactions.put(type.name(), count);
            }
        });
        node.put("language", assessment.language().scriptName());
        node.put("prompt_tokens", assessment.tokens().promptTokens());
        return node;
    }

    public static ArrayNode attempts(List<Attempt> attempts) {
        ArrayNode array = JSON.createArrayNode();
        for (Attempt attempt : attempts) {
            ObjectNode node = array.addObject();
            node.put("tier", attempt.tier());
            node.put("locality", attempt.locality().wireName());
            node.put("outcome", attempt.status().wireName());
            if (attempt.failure().isPresent()) {
                node.put(
                        "error",
                        attempt.failure().get().type() + ": "
                                + attempt.failure().get().message());
            } else {
                node.putNull("error");
            }
            node.put("latency_ms", attempt.latency().toMillis());
            node.put("redacted", attempt.redacted());
        }
        return array;
    }

    public static ObjectNode error(String type, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("message", message);
        return node;
    }

    /** The {@code scan} result for one text. */
    public static ObjectNode scan(JsonNode id, Sensitivity sensitivity, List<EntitySpan> spans) {
        ObjectNode node = JSON.createObjectNode();
        node.set("id", id);
        node.put("sensitivity", sensitivity.wireName());
        ArrayNode array = node.putArray("spans");
        for (EntitySpan span : spans) {
            ObjectNode item = array.addObject();
            item.put("type", span.type().name());
            item.put("start", span.start());
            item.put("end", span.end());
            item.put("score", round(span.score()));
        }
        return node;
    }

    public static String line(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
