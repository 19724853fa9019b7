package dev.atrium.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Building blocks of operations: tags, parameters, bodies, and the responses every operation declares. */
final class Operations {
    /** The problems any authenticated call may answer, each with a complete {@code Problem}. */
    private static final String[][] PROBLEMS = {
        {"400", "The request is malformed"},
        {"401", "Not signed in, or the token is unknown or revoked"},
        {"403", "Not allowed"},
        {"404", "Not there, or not visible to the caller"},
        {"409", "A conflict: changed by someone else (see currentVersion), or a state that forbids it"},
        {"412", "A precondition failed"},
        {"422", "A value is not valid: errors[].pointer names the member"},
        {"429", "Too many requests: retry after the Retry-After header"}
    };

    private Operations() {}

    static JsonObject op(String tag, String id, String summary) {
        JsonObject responses = new JsonObject();
        for (String[] p : PROBLEMS) responses.put(p[0], problem(p[1]));
        return new JsonObject()
                .put("tags", new JsonArray().add(tag))
                .put("operationId", id)
                .put("summary", summary)
                .put("responses", responses);
    }

    static JsonObject problem(String description) {
        return new JsonObject()
                .put("description", description)
                .put(
                        "content",
                        new JsonObject()
                                .put(
                                        "application/problem+json",
                                        new JsonObject().put("schema", OpenApiSchemas.ref("Problem"))));
    }

    /** A JSON answer with {@code schema} under {@code status}. */
    static JsonObject ok(JsonObject op, String status, JsonObject schema) {
        op.getJsonObject("responses").put(status, json("OK", schema));
        return op;
    }

    static JsonObject json(String description, JsonObject schema) {
        return new JsonObject()
                .put("description", description)
                .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema)));
    }

    static JsonObject noContent(JsonObject op) {
        op.getJsonObject("responses").put("204", new JsonObject().put("description", "Done"));
        return op;
    }

    /** An answer that is a file (a download, an export, an archive). */
    static JsonObject file(JsonObject op, String mediaType) {
        op.getJsonObject("responses")
                .put(
                        "200",
                        new JsonObject()
                                .put("description", "The file")
                                .put(
                                        "content",
                                        new JsonObject()
                                                .put(
                                                        mediaType,
                                                        new JsonObject()
                                                                .put(
                                                                        "schema",
                                                                        new JsonObject()
                                                                                .put("type", "string")
                                                                                .put("format", "binary")))));
        return op;
    }

    static JsonObject etag() {
        return new JsonObject()
                .put(
                        "ETag",
                        new JsonObject()
                                .put("description", "The record's version, for If-Match")
                                .put("schema", new JsonObject().put("type", "string")));
    }

    static JsonObject body(JsonObject schema) {
        return new JsonObject()
                .put("required", true)
                .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema)));
    }

    static JsonObject binaryBody() {
        return new JsonObject()
                .put("required", true)
                .put(
                        "content",
                        new JsonObject()
                                .put(
                                        "application/octet-stream",
                                        new JsonObject()
                                                .put(
                                                        "schema",
                                                        new JsonObject()
                                                                .put("type", "string")
                                                                .put("format", "binary"))));
    }

    static JsonObject path(String name, String format) {
        JsonObject schema = new JsonObject().put("type", "string");
        if (format != null) schema.put("format", format);
        return new JsonObject()
                .put("name", name)
                .put("in", "path")
                .put("required", true)
                .put("schema", schema);
    }

    static JsonObject query(String name, String type, String description) {
        return new JsonObject()
                .put("name", name)
                .put("in", "query")
                .put("description", description)
                .put("schema", new JsonObject().put("type", type));
    }

    static JsonObject ifMatch() {
        return new JsonObject()
                .put("name", "If-Match")
                .put("in", "header")
                .put("description", "The ETag you read (e.g. \"3\"): a change made meanwhile is refused with 409")
                .put("schema", new JsonObject().put("type", "string"));
    }
}
