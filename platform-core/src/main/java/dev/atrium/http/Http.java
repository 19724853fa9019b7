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
                .end(body instanceof JsonObject o ? o.toBuffer() : io.vertx.core.json.Json.encodeToBuffer(body));
    }

    static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0)
            throw ApiProblem.badRequest("a JSON object body is required");
        Object v = ctx.body().asJsonObject();
        if (v == null) throw ApiProblem.badRequest("a JSON object body is required");
        return (JsonObject) v;
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
        ctx.response().putHeader("ETag", "\"" + record.getValue("version") + "\"");
    }
}
