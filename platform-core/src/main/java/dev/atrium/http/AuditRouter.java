package dev.atrium.http;

import dev.atrium.access.AccessAdmin;
import dev.atrium.audit.AuditService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Body;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** /api/v1/audit: query, verify the hash chain, retention. Needs the viewAudit permission. */
final class AuditRouter {
    private final AuditService audit;
    private final dev.atrium.audit.ViewLog views;
    private final AccessAdmin admin;
    private final dev.atrium.metadata.MetadataRegistry metadata;

    private final dev.atrium.access.AccessService access;

    AuditRouter(
            AuditService audit,
            AccessAdmin admin,
            dev.atrium.metadata.MetadataRegistry metadata,
            dev.atrium.access.AccessService access,
            dev.atrium.audit.ViewLog views) {
        this.audit = audit;
        this.views = views;
        this.admin = admin;
        this.metadata = metadata;
        this.access = access;
    }

    /**
     * Leaves out the changes of fields the reader may not read: {@code viewAudit} shows who did what,
     * not field values a reader's grants hide elsewhere.
     */
    private io.vertx.core.json.JsonArray readable(dev.atrium.auth.Principal p, io.vertx.core.json.JsonArray entries) {
        if (p.admin()) return entries;
        var snap = metadata.snapshot(p.tenantId());
        var fields = access.of(p, snap).fields();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject e = entries.getJsonObject(i);
            JsonObject changes = e.getValue("changes") instanceof JsonObject c ? c : null;
            if (changes == null || e.getString("entity") == null) continue;
            var entity = snap.entity(e.getString("entity")).orElse(null);
            for (String k : new java.util.ArrayList<>(changes.fieldNames())) {
                if (k.startsWith("_")) continue;
                String field = k.contains("__") ? k.substring(0, k.indexOf("__")) : k;
                var f = entity == null ? null : entity.field(field).orElse(null);
                if (f == null || !fields.visible(entity, f)) changes.remove(k);
            }
        }
        return entries;
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
            readable(p, rows);
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
        r.get("/api/v1/audit/view-log").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            admin.require(p, "viewAudit");
            Http.json(ctx, 200, new JsonObject().put("durable", views.durableViews(p.tenantId())));
        });
        r.put("/api/v1/audit/view-log").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            if (!p.admin()) throw ApiProblem.forbidden("how record views are logged is for administrators to choose");
            Body b = Body.of(Http.body(ctx), "durable");
            if (!(b.json().getValue("durable") instanceof Boolean on))
                throw ApiProblem.invalidField(
                        "/durable",
                        "give true (every view written before the read is "
                                + "answered) or false (views queued; a crash may lose the last moments of them)");
            views.setDurableViews(p.tenantId(), on);
            Http.json(ctx, 200, new JsonObject().put("durable", on));
        });
        r.put("/api/v1/audit/retention").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            // retention erases what the trail keeps: an administrator's decision, not a reader's
            if (!p.admin())
                throw ApiProblem.forbidden("changing how long the audit trail keeps changes is for administrators");
            Body b = Body.of(Http.body(ctx), "entity", "days");
            String entity = b.requiredString("entity");
            if (metadata.snapshot(p.tenantId()).entity(entity).isEmpty())
                throw ApiProblem.invalidField("/entity", "\"" + entity + "\" is not an entity of this organisation");
            Integer days = b.has("days") ? b.integer("days", 0, 1, 36_500) : null;
            audit.setRetention(p.tenantId(), entity, days);
            ctx.response().setStatusCode(204).end();
        });
    }

    private void query(RoutingContext ctx) {
        var p = AuthHandler.principal(ctx);
        admin.require(p, "viewAudit");
        var q = ctx.request();
        JsonObject page = audit.query(
                p.tenantId(),
                id(q.getParam("user"), "user"),
                q.getParam("entity"),
                id(q.getParam("record"), "record"),
                q.getParam("action"),
                time(q.getParam("from"), "from"),
                time(q.getParam("to"), "to"),
                q.getParam("before") == null ? null : (long) Http.intParam(ctx, "before", 0),
                Math.max(1, Math.min(Http.intParam(ctx, "limit", 100), 1000)));
        readable(p, page.getJsonArray("data"));
        Http.json(ctx, 200, page);
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
