package dev.atrium.http;

import dev.atrium.imports.Imports;
import dev.atrium.internal.ApiProblem;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;

/**
 * Imports: {@code POST /api/v1/imports?entity=&name=} (the file as the body), {@code GET|PATCH
 * /api/v1/imports/{id}} (settings and preview), {@code POST .../start}, {@code GET .../progress}
 * (server-sent events until it is finished), {@code GET .../errors} (the failed rows as CSV),
 * {@code POST .../undo}, {@code GET /api/v1/imports} (recent imports).
 */
final class ImportsRouter {
    private final Imports imports;
    private final Function<RoutingContext, RecordContext> contexts;

    ImportsRouter(ApiServices platform, Function<RoutingContext, RecordContext> contexts) {
        this.imports = new Imports(
                platform.pool(),
                platform.records(),
                platform.auth(),
                platform.access(),
                platform.tenants(),
                platform.metadata());
        this.contexts = contexts;
    }

    void mount(Router r) {
        r.get("/api/v1/imports")
                .handler(ctx -> Http.json(ctx, 200, new JsonObject().put("data", imports.list(contexts.apply(ctx)))));
        r.post("/api/v1/imports").handler(ctx -> {
            String entity = ctx.queryParams().get("entity");
            if (entity == null) throw ApiProblem.badRequest("say which entity to import into: ?entity=");
            byte[] data = ctx.body() == null || ctx.body().buffer() == null
                    ? new byte[0]
                    : ctx.body().buffer().getBytes();
            Http.json(
                    ctx,
                    201,
                    imports.create(
                            contexts.apply(ctx), entity, ctx.queryParams().get("name"), data));
        });
        r.get("/api/v1/imports/:id")
                .handler(ctx -> Http.json(ctx, 200, imports.describe(contexts.apply(ctx), id(ctx))));
        r.patch("/api/v1/imports/:id")
                .handler(ctx -> Http.json(ctx, 200, imports.configure(contexts.apply(ctx), id(ctx), Http.body(ctx))));
        r.post("/api/v1/imports/:id/start")
                .handler(ctx -> Http.json(ctx, 202, imports.start(contexts.apply(ctx), id(ctx))));
        r.post("/api/v1/imports/:id/undo")
                .handler(ctx -> Http.json(ctx, 200, imports.undo(contexts.apply(ctx), id(ctx))));
        r.get("/api/v1/imports/:id/errors")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"import-errors.csv\"")
                        .end(imports.errors(contexts.apply(ctx), id(ctx))));
        r.get("/api/v1/imports/:id/progress").handler(this::progress);
    }

    /** Server-sent events: the progress every half second until the import is finished (or an hour). */
    private void progress(RoutingContext ctx) {
        RecordContext rc = contexts.apply(ctx);
        UUID id = id(ctx);
        JsonObject first = imports.status(rc, id);
        var res = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-store");
        var closed = new java.util.concurrent.atomic.AtomicBoolean();
        res.closeHandler(v -> closed.set(true));
        // a stopping node ends the stream (the browser reconnects elsewhere and goes on following)
        ctx.request().connection().shutdownHandler(v -> closed.set(true));
        JsonObject s = first;
        for (int i = 0; i < 7200 && !closed.get(); i++) {
            res.write("event: progress\ndata: " + s.encode() + "\n\n");
            if (!s.getString("status").equals("running")
                    && !(i == 0 && s.getString("status").equals("draft"))) break;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = imports.status(rc, id);
        }
        if (!res.closed()) res.end();
    }

    private static UUID id(RoutingContext ctx) {
        return Http.uuid(ctx, "id");
    }
}
