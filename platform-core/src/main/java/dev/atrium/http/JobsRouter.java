package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * /api/v1/jobs: see the durable queue (pending, running, done, dead) and run a job again (administrators);
 * and the button behind a manual workflow: {@code POST /api/v1/records/{entity}/{id}/workflows/{name}}.
 */
final class JobsRouter {
    private final Pool pool;
    private final ApiServices platform;

    JobsRouter(Pool pool, ApiServices platform) {
        this.pool = pool;
        this.platform = platform;
    }

    void mount(Router r) {
        r.post("/api/v1/records/:entity/:id/workflows/:workflow").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            var snap = platform.metadata().snapshot(p.tenantId());
            var e = snap.entity(ctx.pathParam("entity"))
                    .orElseThrow(() -> ApiProblem.notFound("there is no entity \"" + ctx.pathParam("entity") + "\""));
            var w = e.workflows().stream()
                    .filter(x -> x.name().equals(ctx.pathParam("workflow")) && x.on().contains("manual"))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.notFound(
                            e.name() + " has no manual workflow \"" + ctx.pathParam("workflow") + "\""));
            java.util.UUID id = Http.uuid(ctx, "id");
            var rc = new dev.atrium.record.RecordContext(
                    platform.tenants().byId(p.tenantId()),
                    p,
                    snap,
                    platform.access().of(p, snap));
            if (!rc.access().can(e, "edit") || !new dev.atrium.access.RecordSharing(pool).admits(rc, e, id, true)) {
                throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id + " you can change");
            }
            JsonObject payload = new JsonObject()
                    .put("entity", e.name())
                    .put("workflow", w.id())
                    .put("record", id.toString())
                    .put("action", "manual")
                    .put("by", p.userId().toString());
            Row job = pool.preparedQuery(
                            "INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, "
                                    + "'workflow', $2, $3) RETURNING id")
                    .execute(Tuple.of(
                            p.tenantId(),
                            payload,
                            "manual:" + w.id() + ":" + id + ":" + dev.atrium.internal.Ids.next()))
                    .await()
                    .iterator()
                    .next();
            Http.json(ctx, 202, new JsonObject().put("job", job.getLong("id")));
        });
        r.get("/api/v1/jobs").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            if (!p.admin()) throw ApiProblem.forbidden("the job queue is for administrators");
            String status = ctx.request().getParam("status");
            JsonArray out = new JsonArray();
            for (Row j : pool.preparedQuery(
                            "SELECT id, kind, payload, status, attempts, max_attempts, run_at, last_error, "
                                    + "result, created_at, finished_at "
                                    + "FROM atrium.jobs WHERE tenant_id = $1 AND ($2::text IS NULL OR status "
                                    + "= $2) ORDER BY id DESC LIMIT 200")
                    .execute(Tuple.of(p.tenantId(), status))
                    .await()) {
                out.add(new JsonObject()
                        .put("id", j.getLong("id"))
                        .put("kind", j.getString("kind"))
                        .put("payload", j.getJsonObject("payload"))
                        .put("status", j.getString("status"))
                        .put("attempts", j.getInteger("attempts"))
                        .put("maxAttempts", j.getInteger("max_attempts"))
                        .put("runAt", j.getOffsetDateTime("run_at").toString())
                        .put("lastError", j.getString("last_error"))
                        .put("result", j.getJsonObject("result")));
            }
            Http.json(ctx, 200, new JsonObject().put("data", out));
        });
        r.post("/api/v1/jobs/:id/retry").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            if (!p.admin()) throw ApiProblem.forbidden("the job queue is for administrators");
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw ApiProblem.notFound("no job " + ctx.pathParam("id"));
            }
            int n = pool.preparedQuery("UPDATE atrium.jobs SET status = 'pending', run_at = now(), max_attempts = "
                            + "greatest(max_attempts, attempts + 1) "
                            + "WHERE id = $1 AND tenant_id = $2 AND status IN ('dead', 'pending')")
                    .execute(Tuple.of(id, p.tenantId()))
                    .await()
                    .rowCount();
            if (n == 0) throw ApiProblem.notFound("no dead or waiting job " + id);
            ctx.response().setStatusCode(204).end();
        });
    }
}
