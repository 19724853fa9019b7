package dev.atrium.http;

import dev.atrium.access.AccessAdmin;
import dev.atrium.audit.AuditService;
import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** /api/v1/audit: query, verify the hash chain, retention. Needs the viewAudit permission. */
final class AuditRouter {
    private final AuditService audit;
    private final AccessAdmin admin;

    AuditRouter(AuditService audit, AccessAdmin admin) {
        this.audit = audit;
        this.admin = admin;
    }

    void mount(Router r) {
        r.get("/api/v1/audit").handler(this::query);
        r.get("/api/v1/audit/export").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            admin.require(p, "viewAudit");
            var q = ctx.request();
            io.vertx.core.json.JsonArray rows = audit.query(
                            p.tenantId(),
                            id(q.getParam("user"), "user"),
                            q.getParam("entity"),
                            id(q.getParam("record"), "record"),
                            q.getParam("action"),
                            time(q.getParam("from"), "from"),
                            time(q.getParam("to"), "to"),
                            null,
                            100_000)
                    .getJsonArray("data");
            java.io.StringWriter out = new java.io.StringWriter();
            try (var csv = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.RFC4180)) {
                csv.printRecord(
                        "id", "at", "actor", "ip", "user_agent", "action", "entity", "record_id", "changes", "sealed");
                for (int i = 0; i < rows.size(); i++) {
                    JsonObject e = rows.getJsonObject(i);
                    csv.printRecord(
                            e.getValue("id"),
                            e.getString("at"),
                            e.getString("actor"),
                            e.getString("ip"),
                            e.getString("userAgent"),
                            e.getString("action"),
                            e.getString("entity"),
                            e.getString("recordId"),
                            e.getValue("changes") == null
                                    ? ""
                                    : e.getValue("changes").toString(),
                            e.getBoolean("sealed"));
                }
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .end(out.toString());
        });
        r.get("/api/v1/audit/verify").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            admin.require(p, "viewAudit");
            audit.chain().sealPending();
            Http.json(ctx, 200, audit.chain().verify(p.tenantId()));
        });
        r.put("/api/v1/audit/retention").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            admin.require(p, "viewAudit");
            JsonObject b = Http.body(ctx);
            if (b.getString("entity") == null) throw ApiProblem.invalidField("/entity", "entity is required");
            audit.setRetention(p.tenantId(), b.getString("entity"), b.getInteger("days"));
            ctx.response().setStatusCode(204).end();
        });
    }

    private void query(RoutingContext ctx) {
        var p = AuthHandler.principal(ctx);
        admin.require(p, "viewAudit");
        var q = ctx.request();
        Http.json(
                ctx,
                200,
                audit.query(
                        p.tenantId(),
                        id(q.getParam("user"), "user"),
                        q.getParam("entity"),
                        id(q.getParam("record"), "record"),
                        q.getParam("action"),
                        time(q.getParam("from"), "from"),
                        time(q.getParam("to"), "to"),
                        q.getParam("before") == null ? null : (long) Http.intParam(ctx, "before", 0),
                        Math.max(1, Math.min(Http.intParam(ctx, "limit", 100), 1000))));
    }

    private static UUID id(String v, String name) {
        if (v == null) return null;
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("\"" + name + "\" must be an id");
        }
    }

    private static OffsetDateTime time(String v, String name) {
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("\"" + name + "\" must be a date-time like 2026-01-31T00:00:00Z");
        }
    }
}
