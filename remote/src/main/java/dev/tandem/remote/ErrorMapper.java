package dev.tandem.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.exception.ModelRefusalException;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.TierAuthenticationException;
import dev.tandem.core.exception.TierException;
import dev.tandem.core.exception.TierModelNotFoundException;
import dev.tandem.core.exception.TierRequestRejectedException;
import dev.tandem.core.exception.TierTimeoutException;
import dev.tandem.core.exception.TierUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates HTTP statuses, transport errors and unreadable answers into core's exception tree, at the
 * boundary of this module.
 *
 * <p>Messages name the tier, the status, the endpoint host and the provider's error {@code type} and
 * {@code code} when they look like identifiers. They never quote the provider's free-text message or
 * body (providers echo keys and prompts), the request, or the API key. Thread-safe.
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /**
     * Provider error types and codes are lower-case identifiers such as {@code invalid_api_key} or numbers;
     * anything else is dropped.
     */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9_.-]{1,48}");

    private static final long ERROR_BODY_LIMIT = 16 * 1024;

    private final String tier;
    private final String host;
    private final String timeouts;
    private final Clock clock;
    private final List<String> secrets;

    /**
     * @param secrets the API key and header values; a provider type or code that contains one, or is part
     *     of one, is dropped from messages
     */
    ErrorMapper(
            String tier,
            HttpUrl endpoint,
            Duration connect,
            Duration read,
            Duration call,
            Clock clock,
            List<String> secrets) {
        this.tier = tier;
        // Values this short cannot be told apart from ordinary words, and a type or code cannot hide them.
        this.secrets = secrets.stream().filter(secret -> secret.length() >= 6).toList();
        this.host = endpoint.port() == HttpUrl.defaultPort(endpoint.scheme())
                ? endpoint.host()
                : endpoint.host() + ":" + endpoint.port();
        this.timeouts = "connect " + connect + ", read " + read + ", call " + call;
        this.clock = clock;
    }

    /** Maps an unsuccessful response; reads at most a small prefix of its body for the error type and code. */
    TierException fromStatus(Response response, String model) {
        int status = response.code();
        JsonNode body = errorNode(response);
        String where = "HTTP " + status + " from " + host + providerDetail(body);
        TierException mapped = switch (status) {
            case 400, 422 ->
                new TierRequestRejectedException(
                        tier,
                        prefix() + "rejected the request: " + where
                                + ". Check the request parameters (temperature, maxOutputTokens, stop"
                                + " sequences) and that the conversation fits model '" + model
                                + "'; sending it again will not help.",
                        null);
            case 413 ->
                new TierRequestRejectedException(
                        tier,
                        prefix() + "rejected the request as too large: " + where
                                + ". Shorten the conversation for model '" + model
                                + "'; sending it again will not help.",
                        null);
            case 401 ->
                new TierAuthenticationException(
                        tier,
                        prefix() + "refused the credentials: " + where
                                + ". Check the API key configured for this tier (OPENAI_API_KEY for"
                                + " OpenAI) and that it belongs to " + host + ".",
                        null);
            case 403 ->
                new TierAuthenticationException(
                        tier,
                        prefix() + "denied access: " + where
                                + ". Check that the API key may use model '" + model
                                + "' and that your organisation, project or region is allowed.",
                        null);
            case 404 ->
                new TierModelNotFoundException(
                        tier,
                        prefix() + "does not know model '" + model + "' or its endpoint: " + where
                                + ". Check modelName, and that baseUrl includes the API version path,"
                                + " like https://api.openai.com/v1.",
                        null);
            case 408 ->
                new TierTimeoutException(
                        tier,
                        prefix() + "timed out on the server: " + where + ". Retry later or shorten the request.",
                        null);
            case 429 -> rateLimited(response, where);
            // 503 with Retry-After: the server says when it can take the call again, so say it like 429 does.
            case 503 ->
                RetryAfter.parse(response.header("Retry-After"), clock) != null
                        ? rateLimited(response, where)
                        : otherStatus(status, where);
            default -> otherStatus(status, where);
        };
        LOG.debug("{}", mapped.getMessage());
        return mapped.withProviderMessage(providerMessage(body));
    }

    /** Maps a transport failure: timeouts become {@link TierTimeoutException}, the rest unavailability. */
    TierException fromIo(IOException e) {
        TierException mapped;
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            mapped = new TierTimeoutException(
                    tier,
                    prefix() + "did not answer in time: " + e.getClass().getSimpleName() + " talking to " + host + " ("
                            + timeouts + "). Retry later, or raise the timeouts if answers are long.",
                    e);
        } else {
            mapped = new TierUnavailableException(
                    tier,
                    prefix() + "could not be reached: " + e.getClass().getSimpleName() + " talking to " + host
                            + ". Check that the server is running and that baseUrl is right; retry later.",
                    e);
        }
        LOG.debug("{}", mapped.getMessage());
        return mapped;
    }

    /** The provider answered with success but the answer is not Chat Completions JSON. */
    TierUnavailableException unreadable(UnreadableAnswerException e) {
        TierUnavailableException mapped = new TierUnavailableException(
                tier,
                prefix() + "answered from " + host + " but Tandem could not read the answer: " + e.getMessage()
                        + ". Check that baseUrl points at an OpenAI-compatible API; retry later.",
                null);
        LOG.debug("{}", mapped.getMessage());
        return mapped;
    }

    /** A successful stream response that is not an event stream. */
    TierUnavailableException notAnEventStream(@Nullable String contentType) {
        return unreadable(new UnreadableAnswerException(
                "a stream was requested but the answer has content type " + safeContentType(contentType)));
    }

    /** The provider sent an error object in the middle of a stream. */
    TierUnavailableException streamError(JsonNode error) {
        TierUnavailableException mapped = new TierUnavailableException(
                tier,
                prefix() + "failed in the middle of a stream from " + host + providerDetail(error)
                        + ". The partial answer was discarded; retry later or fall back to another tier.",
                null);
        LOG.debug("{}", mapped.getMessage());
        mapped.withProviderMessage(providerMessage(error));
        return mapped;
    }

    /** The model refused to answer; the refusal text travels on the exception, never in its message. */
    ModelRefusalException refused(String refusal, String model) {
        ModelRefusalException mapped = new ModelRefusalException(tier, model, refusal);
        LOG.debug("{}", mapped.getMessage());
        return mapped;
    }

    /** A stream that stopped before its end: no {@code [DONE]} and no finish reason. */
    TierUnavailableException truncatedStream() {
        TierUnavailableException mapped = new TierUnavailableException(
                tier,
                prefix() + "ended the stream from " + host
                        + " before the answer was complete (no finish_reason and no [DONE]). The partial answer"
                        + " was discarded; retry later or fall back to another tier.",
                null);
        LOG.debug("{}", mapped.getMessage());
        return mapped;
    }

    /** Anything else OkHttp reports; kept as the cause, since it comes from the transport, not the provider. */
    TierUnavailableException unexpected(@Nullable Throwable t) {
        TierUnavailableException mapped = new TierUnavailableException(
                tier,
                prefix() + "failed while talking to " + host + ": "
                        + (t == null ? "no cause given" : t.getClass().getSimpleName())
                        + ". Retry later or fall back to another tier.",
                t);
        LOG.debug("{}", mapped.getMessage());
        return mapped;
    }

    private TierException rateLimited(Response response, String where) {
        Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
        String when = retryAfter == null
                ? "; it did not say when to retry"
                : "; it asked to retry after " + retryAfter.toSeconds() + " s";
        return new RateLimitedException(
                tier,
                prefix() + "is rate limited: " + where + when
                        + ". Retry later, send fewer requests, or check the account's quota.",
                retryAfter);
    }

    private TierException otherStatus(int status, String where) {
        if (status >= 500) {
            return new TierUnavailableException(
                    tier,
                    prefix() + "is unavailable: " + where
                            + ". The provider failed on its side; retry later or fall back to another tier.",
                    null);
        }
        if (status >= 400) {
            return new TierRequestRejectedException(
                    tier,
                    prefix() + "rejected the request: " + where
                            + ". Check that baseUrl points at an OpenAI-compatible API; sending it again will not"
                            + " help.",
                    null);
        }
        return new TierUnavailableException(
                tier,
                prefix() + "answered with an unexpected status: " + where
                        + ". Redirects are not followed: set baseUrl to the final URL of the API.",
                null);
    }

    private String prefix() {
        return "Tier '" + tier + "' ";
    }

    private static JsonNode errorNode(Response response) {
        try {
            return ChatCompletionsCodec.errorNode(
                    response.peekBody(ERROR_BODY_LIMIT).string());
        } catch (IOException | RuntimeException e) {
            // The status alone is enough to map the error; the body only adds detail.
            return ChatCompletionsCodec.errorNode("");
        }
    }

    /** The provider's {@code error.message}, for {@link TierException#providerMessage()} only. */
    private static @Nullable String providerMessage(JsonNode error) {
        JsonNode message = error.path("message");
        return message.isTextual() ? message.asText() : null;
    }

    private String providerDetail(JsonNode error) {
        String type = identifier(error.path("type"));
        String code = identifier(error.path("code"));
        if (type == null && code == null) {
            return "";
        }
        if (type == null) {
            return " (code " + code + ")";
        }
        return code == null ? " (type " + type + ")" : " (type " + type + ", code " + code + ")";
    }

    private @Nullable String identifier(JsonNode node) {
        if (!node.isTextual() && !node.isIntegralNumber()) {
            return null;
        }
        String value = node.asText();
        if (!IDENTIFIER.matcher(value).matches()) {
            return null;
        }
        for (String secret : secrets) {
            if (value.contains(secret) || (value.length() >= 6 && secret.contains(value))) {
                return null;
            }
        }
        return value;
    }

    private static String safeContentType(@Nullable String contentType) {
        if (contentType == null) {
            return "none";
        }
        String mediaType = contentType.split(";", 2)[0].strip();
        return Pattern.matches("[A-Za-z0-9.+-]{1,40}/[A-Za-z0-9.+-]{1,60}", mediaType) ? mediaType : "(unreadable)";
    }
}
