package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import dev.atrium.tenant.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stopping a node drains it: a request in flight when the stop begins still gets its answer and its change
 * is kept, the node takes no new connection, event streams end so that browsers reconnect elsewhere, and
 * jobs it claimed but had not started go back to the queue at once instead of waiting out their lease.
 */
@ExtendWith(VertxExtension.class)
class DrainIT {

    @Test
    void aStoppingNodeFinishesWhatItStartedAndGivesBackWhatItDidNot(Vertx vertx) throws Exception {
        Path dir = Path.of("target", "it-data-" + UUID.randomUUID());
        Platform node = Platform.start(
                new AtriumConfig(null, "postgres", "", dir, "127.0.0.1", 0, 500, false, 1).withDrainSeconds(20));
        boolean closed = false;
        try {
            claimedJobsGoBackToTheQueue(node);
            node.serve();
            requestsInFlightFinish(vertx, node);
            closed = true;
        } finally {
            if (!closed) node.close();
        }
    }

    /** Before the node serves, so that no background loop takes the jobs: the runner is driven by hand. */
    private static void claimedJobsGoBackToTheQueue(Platform node) {
        Tenant t = node.blocking(() -> node.tenants().create("drainjobs", "Drain jobs"));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(node.blocking(() -> node.pool()
                    .preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, "
                            + "'script', $2, gen_random_uuid()::text) "
                            + "RETURNING id")
                    .execute(Tuple.of(
                            t.id(), new JsonObject().put("entity", "gone").put("rule", "gone")))
                    .await()
                    .iterator()
                    .next()
                    .getLong(0)));
        }
        AtomicInteger started = new AtomicInteger();
        node.jobs().setBeforeCommit((id, attempt) -> {
            // the stop arrives while the first job runs
            if (started.incrementAndGet() == 1) node.jobs().stopClaiming();
        });
        int ran = node.blocking(() -> node.jobs().runReady());
        assertEquals(1, ran, "the job in flight finished and no other started");
        List<Row> rows = new ArrayList<>();
        node.blocking(() -> node.pool()
                        .preparedQuery("SELECT id, status, attempts, locked_by FROM atrium.jobs WHERE id = ANY($1) "
                                + "ORDER BY id")
                        .execute(Tuple.of(ids.toArray(Long[]::new)))
                        .await())
                .forEach(rows::add);
        assertEquals("done", rows.get(0).getString("status"));
        for (Row r : rows.subList(1, 4)) {
            assertEquals("pending", r.getString("status"), "job " + r.getLong("id") + " is back in the queue");
            assertEquals(0, r.getInteger("attempts"), "giving a job back costs it no attempt");
            assertEquals(null, r.getString("locked_by"), "and no lease of the stopped runner holds it");
        }
        node.blocking(() -> node.pool()
                .preparedQuery("DELETE FROM atrium.jobs WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .await());
    }

    private static void requestsInFlightFinish(Vertx vertx, Platform node) throws Exception {
        Api api = TestPlatform.tenantWithAdmin(node, "drain");
        JsonObject entity = new JsonObject()
                .put("name", "held")
                .put(
                        "fields",
                        new JsonArray().add(new JsonObject().put("name", "note").put("type", "text")));
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(entity)))
                        .status());
        String id = api.post("/api/v1/records/held", new JsonObject().put("note", "before"))
                .json()
                .getString("id");

        // another transaction holds the row, so the PATCH below waits inside the node
        SqlConnection lock = node.pool().getConnection().await(10, TimeUnit.SECONDS);
        lock.query("BEGIN").execute().await(10, TimeUnit.SECONDS);
        lock.preparedQuery("SELECT 1 FROM " + api.tenant.schema() + ".held WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(UUID.fromString(id)))
                .await(10, TimeUnit.SECONDS);

        VertxTestContext test = new VertxTestContext();
        var patched = test.checkpoint();
        var streamEnded = test.checkpoint();
        var refused = test.checkpoint();
        HttpClient client = vertx.createHttpClient();
        RequestOptions base = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(node.port())
                .putHeader("Authorization", "Bearer " + api.token());
        Thread[] stopping = {null};
        // 1. a browser follows its notifications
        client.request(new RequestOptions(base).setMethod(HttpMethod.GET).setURI("/api/v1/notifications/stream"))
                .compose(req -> req.send())
                .onFailure(test::failNow)
                .onSuccess(stream -> {
                    // 2. a change is sent and waits for the row
                    client.request(new RequestOptions(base)
                                    .setMethod(HttpMethod.PATCH)
                                    .setURI("/api/v1/records/held/" + id)
                                    .putHeader("Content-Type", "application/json"))
                            .compose(req -> req.send(new JsonObject()
                                    .put("note", "during the stop")
                                    .encode()))
                            .onFailure(test::failNow)
                            .onSuccess(res -> res.body()
                                    .onComplete(test.succeeding(body -> test.verify(() -> {
                                        // answered means committed: the write path commits before it answers
                                        assertEquals(200, res.statusCode(), body.toString());
                                        assertEquals(
                                                "during the stop",
                                                body.toJsonObject().getString("note"));
                                        patched.flag();
                                    }))));
                    // 3. the node is told to stop once the change is in flight
                    vertx.setTimer(300, t -> {
                        stopping[0] = Thread.ofPlatform().start(node::close);
                    });
                    // 4. the stop ends the stream at once; then nobody new gets in, and the row is let go
                    stream.endHandler(v -> {
                        streamEnded.flag();
                        vertx.createHttpClient()
                                .request(new RequestOptions(base)
                                        .setMethod(HttpMethod.GET)
                                        .setURI("/api/v1/health"))
                                .onComplete(attempt -> test.verify(() -> {
                                    assertTrue(attempt.failed(), "a stopping node accepts no new connection");
                                    refused.flag();
                                    lock.query("COMMIT").execute().compose(r -> lock.close());
                                }));
                    });
                });
        assertTrue(test.awaitCompletion(60, TimeUnit.SECONDS), "the drain went as expected");
        if (test.failed()) throw new AssertionError(test.causeOfFailure());
        stopping[0].join(60_000);
        assertTrue(!stopping[0].isAlive(), "the node stopped once its request was answered");
        client.close();
    }
}
