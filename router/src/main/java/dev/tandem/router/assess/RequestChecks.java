package dev.tandem.router.assess;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.request.TandemRequest;
import java.util.List;
import java.util.Locale;

/**
 * Rejects requests that no tier could serve, before any tier is called: null messages, text that is not
 * well-formed UTF-16 (a lone surrogate), and parameters out of range. Each message names the request,
 * the offending field and value (never message text), and the valid range.
 */
final class RequestChecks {

    /** More output than any model writes in one answer; a larger cap is a bug in the caller. */
    static final int MAX_OUTPUT_TOKENS = 1_000_000;

    private RequestChecks() {}

    static void check(TandemRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message == null) {
                throw new InvalidRequestException(
                        "request " + request.id() + " has a null message at index " + i + "; remove it");
            }
            String text = MessageText.of(message);
            int bad = loneSurrogate(text);
            if (bad >= 0) {
                throw new InvalidRequestException(String.format(
                        Locale.ROOT,
                        "request %s, message %d has invalid Unicode: a lone surrogate U+%04X at index %d; send"
                                + " well-formed text (check how it was decoded or truncated)",
                        request.id(),
                        i,
                        (int) text.charAt(bad),
                        bad));
            }
        }
        checkParameters(request.id(), request.chatRequest().parameters());
    }

    /** The index of the first unpaired surrogate, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void checkParameters(String id, ChatRequestParameters p) {
        Integer maxOutput = p.maxOutputTokens();
        if (maxOutput != null && (maxOutput < 1 || maxOutput > MAX_OUTPUT_TOKENS)) {
            throw invalid(id, "maxOutputTokens", maxOutput, "between 1 and " + MAX_OUTPUT_TOKENS);
        }
        Double temperature = p.temperature();
        if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
            throw invalid(id, "temperature", temperature, "between 0.0 and 2.0");
        }
        Double topP = p.topP();
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw invalid(id, "topP", topP, "greater than 0.0 and at most 1.0");
        }
        Integer topK = p.topK();
        if (topK != null && topK < 1) {
            throw invalid(id, "topK", topK, "at least 1");
        }
        Double frequency = p.frequencyPenalty();
        if (frequency != null && !(frequency >= -2.0 && frequency <= 2.0)) {
            throw invalid(id, "frequencyPenalty", frequency, "between -2.0 and 2.0");
        }
        Double presence = p.presencePenalty();
        if (presence != null && !(presence >= -2.0 && presence <= 2.0)) {
            throw invalid(id, "presencePenalty", presence, "between -2.0 and 2.0");
        }
    }

    private static InvalidRequestException invalid(String id, String name, Object value, String range) {
        return new InvalidRequestException(
                "request " + id + " has " + name + " " + value + "; it must be " + range + ". No tier was called.");
    }
}
