package dev.tandem.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An error answered in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}} with its
 * HTTP status. Messages name fields and limits, never request text.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final @Nullable String param;
    private final @Nullable String code;
    private final @Nullable Long retryAfterSeconds;

    private ApiError(
            int status,
            String type,
            String message,
            @Nullable String param,
            @Nullable String code,
            @Nullable Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError invalidRequest(String message, @Nullable String param) {
        return new ApiError(400, "invalid_request_error", message, param, null, null);
    }

    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_request_error", message, null, "invalid_json", null);
    }

    public static ApiError unknownField(String field) {
        return new ApiError(
                400,
                "invalid_request_error",
                "Unrecognized request argument supplied: " + field + " (the gateway runs in strict mode)",
                field,
                "unknown_parameter",
                null);
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(
                413,
                "invalid_request_error",
                "The request body is larger than this gateway's limit of " + limit + " bytes.",
                null,
                "request_too_large",
                null);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", message, null, "invalid_api_key", null);
    }

    public static ApiError modelNotFound(String model, String known) {
        return new ApiError(
                404,
                "invalid_request_error",
                "The model '" + model + "' does not exist on this gateway; use one of " + known + ".",
                "model",
                "model_not_found",
                null);
    }

    public static ApiError notFound(String path) {
        return new ApiError(404, "invalid_request_error", "Unknown route " + path + ".", null, "not_found", null);
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(
                405, "invalid_request_error", method + " is not allowed on " + path + ".", null, null, null);
    }

    public static ApiError budgetExceeded(String message, long retryAfterSeconds) {
        return new ApiError(429, "insufficient_quota", message, null, "budget_exceeded", retryAfterSeconds);
    }

    public static ApiError refused(String message) {
        return new ApiError(403, "permission_error", message, null, "request_refused", null);
    }

    public static ApiError overloaded(String message) {
        return new ApiError(503, "server_error", message, null, "overloaded", 1L);
    }

    public static ApiError upstream(int status, String message, String code) {
        return new ApiError(
                status, status >= 500 ? "server_error" : "invalid_request_error", message, null, code, null);
    }

    public int status() {
        return status;
    }

    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }

    /** The {@code {"error": {...}}} object. */
    public ObjectNode body() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
