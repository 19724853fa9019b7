package dev.atrium.http;

import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** /api/v1/jobs: see the durable queue (pending, running, done, dead) and run a job again. Administrators. */
final class JobsRouter {
    private final Pool pool;

    JobsRouter(Pool pool) {
        this.pool = pool;
    }

    void mount(Router r) {
        r.get("/api/v1/jobs").handler(ctx -> {
            var p = AuthHandler.principal(ctx);
            if (!p.admin()) throw ApiProblem.forbidden("the job queue is for administrators");
            String status = ctx.request().getParam("status");
            JsonArray out = new JsonArray();
            for (Row j : pool.preparedQuery("SELECT id, kind, payload, status, attempts, max_attempts, run_at, last_error, result, created_at, finished_at "
                    + "FROM atrium.jobs WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 200")
                    .execute(Tuple.of(p.tenantId(), status)).await()) {
                out.add(new JsonObject().put("id", j.getLong("id")).put("kind", j.getString("kind")).put("payload", j.getJsonObject("payload"))
                        .put("status", j.getString("status")).put("attempts", j.getInteger("attempts")).put("maxAttempts", j.getInteger("max_attempts"))
                        .put("runAt", j.getOffsetDateTime("run_at").toString()).put("lastError", j.getString("last_error"))
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
            int n = pool.preparedQuery("UPDATE atrium.jobs SET status = 'pending', run_at = now(), max_attempts = greatest(max_attempts, attempts + 1) "
                    + "WHERE id = $1 AND tenant_id = $2 AND status IN ('dead', 'pending')").execute(Tuple.of(id, p.tenantId())).await().rowCount();
            if (n == 0) throw ApiProblem.notFound("no dead or waiting job " + id);
            ctx.response().setStatusCode(204).end();
        });
    }
}
