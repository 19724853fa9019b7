package dev.atrium.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure a client can act on, rendered as RFC 9457 {@code application/problem+json}. Services throw
 * it; the HTTP layer renders it. {@code errors} lists {@code {pointer, message}} items for bodies, or
 * {@code {parameter, position, message}} for query parameters.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final JsonArray errors;
    private final JsonObject extra;

    public ApiProblem(int status, String type, String title, String detail, JsonArray errors, JsonObject extra) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? new JsonArray() : errors;
        this.extra = extra == null ? new JsonObject() : extra;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail, null, null);
    }

    public static ApiProblem invalid(String detail, JsonArray errors) {
        return new ApiProblem(422, "validation", "The request is not valid", detail, errors, null);
    }

    /** One invalid body member. */
    public static ApiProblem invalidField(String pointer, String message) {
        return invalid(
                message,
                new JsonArray().add(new JsonObject().put("pointer", pointer).put("message", message)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, null, null);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(409, type, "Conflict", detail, null, null);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Authentication required", detail, null, null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, null, null);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson(String instance) {
        JsonObject o = new JsonObject()
                .put("type", "https://atrium.dev/problems/" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", getMessage());
        if (instance != null) o.put("instance", instance);
        if (!errors.isEmpty()) o.put("errors", errors);
        o.mergeIn(extra);
        return o;
    }
}
