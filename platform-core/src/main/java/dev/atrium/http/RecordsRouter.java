package dev.atrium.http;

import dev.atrium.access.AccessService;
import dev.atrium.internal.Body;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.record.BulkService;
import dev.atrium.record.ExportService;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.record.SearchService;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** /api/v1/records/{entity}[/{id}] and /api/v1/search. */
final class RecordsRouter {
    private final RecordService records;
    private final BulkService bulk;
    private final SearchService search;
    private final MetadataRegistry registry;
    private final TenantService tenants;
    private final AccessService access;
    private final ExportService export;
    private final dev.atrium.record.IdempotentCreates idempotent;

    RecordsRouter(
            RecordService records,
            BulkService bulk,
            SearchService search,
            MetadataRegistry registry,
            TenantService tenants,
            AccessService access,
            ExportService export,
            dev.atrium.record.IdempotentCreates idempotent) {
        this.idempotent = idempotent;
        this.export = export;
        this.access = access;
        this.records = records;
        this.bulk = bulk;
        this.search = search;
        this.registry = registry;
        this.tenants = tenants;
    }

    void mount(Router r) {
        r.get("/api/v1/records/:entity").handler(this::list);
        r.post("/api/v1/records/:entity").handler(ctx -> {
            // with an Idempotency-Key, a retried create answers the record made the first time
            String key = ctx.request().getHeader("Idempotency-Key");
            JsonObject rec;
            if (key == null) rec = records.create(context(ctx), ctx.pathParam("entity"), Http.body(ctx));
            else {
                var done = idempotent.create(context(ctx), ctx.pathParam("entity"), Http.body(ctx), key);
                if (done.replayed()) ctx.response().putHeader("Idempotent-Replayed", "true");
                rec = done.record();
            }
            Http.etag(ctx, rec);
            ctx.response()
                    .putHeader("Location", "/api/v1/records/" + ctx.pathParam("entity") + "/" + rec.getString("id"));
            Http.json(ctx, 201, rec);
        });
        r.post("/api/v1/records/:entity/bulk")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        bulk.run(
                                context(ctx),
                                ctx.pathParam("entity"),
                                Body.of(Http.body(ctx), "operation", "records", "externalIdField"))));
        r.get("/api/v1/records/:entity/export").handler(ctx -> {
            if ("xlsx".equals(ctx.request().getParam("format"))) {
                byte[] xlsx = export.xlsx(
                        context(ctx),
                        ctx.pathParam("entity"),
                        ctx.request().getParam("filter"),
                        ctx.request().getParam("sort"));
                ctx.response()
                        .putHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                        .putHeader(
                                "Content-Disposition", "attachment; filename=\"" + ctx.pathParam("entity") + ".xlsx\"")
                        .end(io.vertx.core.buffer.Buffer.buffer(xlsx));
                return;
            }
            String csv = export.csv(
                    context(ctx),
                    ctx.pathParam("entity"),
                    ctx.request().getParam("filter"),
                    ctx.request().getParam("sort"));
            ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("entity") + ".csv\"")
                    .end(csv);
        });
        r.get("/api/v1/records/:entity/:id").handler(ctx -> {
            var rec = records.getJson(context(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"));
            Http.etag(ctx, rec.version());
            Http.json(ctx, 200, rec.json());
        });
        r.patch("/api/v1/records/:entity/:id").handler(ctx -> {
            JsonObject rec = records.update(
                    context(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"), Http.body(ctx), Http.ifMatch(ctx));
            Http.etag(ctx, rec);
            Http.json(ctx, 200, rec);
        });
        r.delete("/api/v1/records/:entity/:id").handler(ctx -> {
            if ("true".equals(ctx.request().getParam("purge"))) {
                records.recycleBin().purge(context(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"));
            } else {
                records.recycleBin()
                        .delete(context(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"), Http.ifMatch(ctx));
            }
            ctx.response().setStatusCode(204).end();
        });
        r.post("/api/v1/records/:entity/:id/restore")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        records.recycleBin().restore(context(ctx), ctx.pathParam("entity"), Http.uuid(ctx, "id"))));
        r.get("/api/v1/search")
                .handler(ctx -> Http.json(
                        ctx,
                        200,
                        search.search(
                                context(ctx),
                                ctx.request().getParam("q"),
                                Http.list(ctx, "entities"),
                                Math.max(1, Math.min(Http.intParam(ctx, "limit", 20), 100)))));
    }

    private void list(RoutingContext ctx) {
        var q = ctx.request();
        ListRequest req = new ListRequest(
                q.getParam("filter"),
                q.getParam("sort"),
                Http.list(ctx, "fields"),
                Http.intParam(ctx, "limit", 50),
                q.getParam("cursor"),
                "true".equals(q.getParam("deleted")));
        boolean count = "true".equals(q.getParam("count"));
        List<String> include = Http.list(ctx, "include");
        Http.json(
                ctx,
                200,
                include == null || include.isEmpty()
                        ? records.listJson(context(ctx), ctx.pathParam("entity"), req, count)
                        : records.list(context(ctx), ctx.pathParam("entity"), req, count, include));
    }

    RecordContext context(RoutingContext ctx) {
        var p = AuthHandler.principal(ctx);
        var snapshot = registry.snapshot(p.tenantId());
        return new RecordContext(
                tenants.byId(p.tenantId()),
                p,
                snapshot,
                access.of(p, snapshot),
                ctx.request().remoteAddress() == null
                        ? null
                        : ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("User-Agent"));
    }
}
