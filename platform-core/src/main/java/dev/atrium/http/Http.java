package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Small request/response helpers shared by the routers. */
final class Http {
    private Http() {}

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(
                        switch (body) {
                            case io.vertx.core.buffer.Buffer b -> b;
                            case JsonObject o -> o.toBuffer();
                            default -> io.vertx.core.json.Json.encodeToBuffer(body);
                        });
    }

    /**
     * The body as a JSON object: 400 when it is not JSON, 422 at the root when it is JSON but not an object
     * (a list, a number), 422 at the member when a text holds an unpaired surrogate (PostgreSQL would store
     * it as "?").
     */
    static JsonObject body(RoutingContext ctx) {
        io.vertx.core.buffer.Buffer b = ctx.body() == null ? null : ctx.body().buffer();
        if (b == null || b.length() == 0) throw ApiProblem.invalidField("", "send a JSON object as the request body");
        Object v;
        try {
            v = io.vertx.core.json.Json.decodeValue(b);
        } catch (io.vertx.core.json.DecodeException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(v instanceof JsonObject o)) {
            throw ApiProblem.invalidField(
                    "",
                    "the body must be a JSON object ({...}), not "
                            + (v instanceof io.vertx.core.json.JsonArray ? "a list" : "a single value"));
        }
        JsonText.checkUnicode(o, "");
        return o;
    }

    /** The body, or an empty object when there is none (for actions whose body is optional). */
    static JsonObject optionalBody(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : body(ctx);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static UUID uuid(RoutingContext ctx, String param) {
        String v = ctx.pathParam(param);
        try {
            if (v.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("\"" + v + "\" is not a record id");
        }
    }

    static List<String> list(RoutingContext ctx, String param) {
        String v = ctx.request().getParam(param);
        if (v == null || v.isBlank()) return null;
        return Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static int intParam(RoutingContext ctx, String param, int dflt) {
        String v = ctx.request().getParam(param);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("\"" + param + "\" must be a whole number");
        }
    }

    /** The version in {@code If-Match: "3"} (or W/"3"), or null. */
    static Long ifMatch(RoutingContext ctx) {
        String v = ctx.request().getHeader("If-Match");
        if (v == null) return null;
        String s = v.trim().replace("W/", "").replace("\"", "");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("If-Match must be the record's ETag, e.g. \"3\"");
        }
    }

    static void etag(RoutingContext ctx, JsonObject record) {
        etag(ctx, record.getValue("version"));
    }

    static void etag(RoutingContext ctx, Object version) {
        ctx.response().putHeader("ETag", "\"" + version + "\"");
    }
}
