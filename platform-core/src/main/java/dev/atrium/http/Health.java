package dev.atrium.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * Probes for load balancers and orchestrators, without signing in: {@code /api/v1/health/live} (the
 * process answers), {@code /api/v1/health/ready} and {@code /api/v1/health} (the database answers a
 * query within 2 s; plugins loaded). Not ready is 503, so a balancer sends requests to another node.
 */
final class Health {
    private final Pool pool;
    private final ApiServices platform;

    Health(ApiServices platform) {
        this.platform = platform;
        this.pool = platform.pool();
    }

    void mount(Router r) {
        r.get("/api/v1/health/live").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "UP")));
        r.get("/api/v1/health/ready").handler(this::ready);
        r.get("/api/v1/health").handler(this::ready);
    }

    private void ready(RoutingContext ctx) {
        JsonObject checks = new JsonObject();
        boolean up = true;
        try {
            pool.query("SELECT 1")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
            checks.put("database", "UP");
        } catch (Exception e) {
            up = false;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            checks.put(
                    "database",
                    "DOWN: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        }
        checks.put("plugins", platform.plugins().host().runningCount() + " running");
        ctx.response().putHeader("Cache-Control", "no-store");
        Http.json(
                ctx,
                up ? 200 : 503,
                new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    }
}
