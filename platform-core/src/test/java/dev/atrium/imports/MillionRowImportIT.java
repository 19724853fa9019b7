package dev.atrium.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.Platform;
import dev.atrium.TestPlatform;
import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A million-row CSV file (a data migration: workflows off) through the API on a platform of its own: the
 * node dies in the middle of a batch half way through, the platform is stopped and started again on the
 * same data directory, the import resumes after the last committed batch, and the table ends with exactly
 * one record per row. Progress is followed the way the app follows it, over server-sent events. Rows:
 * {@code -Datrium.bigImport.rows} (default 1,000,000).
 */
@ExtendWith(VertxExtension.class)
class MillionRowImportIT {
    static final int ROWS = Integer.getInteger("atrium.bigImport.rows", 1_000_000);
    static final int CRASH_AFTER = ROWS / 2;

    @AfterEach
    void noCrash() {
        ImportRun.beforeCommit = row -> {};
    }

    @Test
    void killedHalfwayAndRestartedEndsWithEveryRowExactlyOnce(Vertx vertx) throws Exception {
        Platform first = TestPlatform.isolated();
        AtriumConfig config = first.config();
        Api api = TestPlatform.tenantWithAdmin(first, "big");
        UUID tenant = api.tenant.id();
        assertEquals(201, api.deploy(new JsonObject("""
                        {"entities": [{"name": "firm", "titleField": "name", "fields": [
                          {"name": "name", "type": "text", "required": true},
                          {"name": "code", "type": "text", "unique": true},
                          {"name": "revenue", "type": "decimal"},
                          {"name": "founded", "type": "date"}],
                          "workflows": [{"name": "welcome", "on": ["create"],
                            "actions": [{"type": "update", "values": {"name": "welcomed"}}]}]}]}""")).status());
        StringBuilder csv = new StringBuilder(ROWS * 40).append("Name,Code,Revenue,Founded\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("Firm ")
                    .append(i)
                    .append(",F")
                    .append(i)
                    .append(',')
                    .append(i % 100_000)
                    .append('.')
                    .append(i % 100)
                    .append(",20")
                    .append(10 + i % 15)
                    .append("-0")
                    .append(1 + i % 9)
                    .append('-')
                    .append(10 + i % 18)
                    .append('\n');
        }
        var up = api.postBytes(
                "/api/v1/imports?entity=firm&name=firms.csv",
                csv.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv");
        assertEquals(201, up.status(), up.body());
        String id = up.json().getString("id");
        var quiet = api.patch("/api/v1/imports/" + id, new JsonObject().put("workflows", false), null);
        assertEquals(200, quiet.status(), quiet.body());

        // the node dies once, while a batch past the half is being written (before it commits)
        VertxTestContext died = new VertxTestContext();
        AtomicBoolean once = new AtomicBoolean();
        ImportRun.beforeCommit = upTo -> {
            if (upTo > CRASH_AFTER && once.compareAndSet(false, true)) {
                died.completeNow();
                throw new IllegalStateException("the node died");
            }
        };
        long t0 = System.nanoTime();
        assertEquals(
                202,
                api.post("/api/v1/imports/" + id + "/start", new JsonObject()).status());
        assertTrue(died.awaitCompletion(15, TimeUnit.MINUTES), "the import reached the half");
        ImportRun.beforeCommit = row -> {};
        first.close();

        // started again on the same data directory; the dead node's lease is over
        Platform second = Platform.start(config);
        try {
            second.serve();
            Api again = new Api(second.port(), api.token());
            JsonObject half = again.get("/api/v1/imports/" + id).json().getJsonObject("progress");
            assertEquals("running", half.getString("status"));
            assertEquals(CRASH_AFTER, half.getInteger("processed"), "every batch before the crash, none after");
            second.blocking(() -> second.pool()
                    .preparedQuery("UPDATE atrium.jobs SET status = 'pending', run_at = now() WHERE tenant_id = $1"
                            + " AND kind = 'import' AND status IN ('running', 'pending')")
                    .execute(Tuple.of(tenant))
                    .await());
            JsonObject done = follow(vertx, second.port(), api.token(), id);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "imported %,d rows in %.1f s (%,.0f rows/s, a crash and a restart included)%n",
                    ROWS, seconds, ROWS / seconds);
            assertEquals("done", done.getString("status"), done.encode());
            assertEquals(ROWS, done.getInteger("created"));
            assertEquals(0, done.getInteger("errors"));
            var counts = second.blocking(() -> second.pool()
                    .query("SELECT count(*) AS n, count(DISTINCT code) AS codes, count(*) FILTER (WHERE name ="
                            + " 'welcomed') AS welcomed FROM " + api.tenant.schema() + ".firm")
                    .execute()
                    .await()
                    .iterator()
                    .next());
            assertEquals(ROWS, counts.getLong("n"), "exactly one record per row");
            assertEquals(ROWS, counts.getLong("codes"), "no row twice");
            assertEquals(0, counts.getLong("welcomed"), "no workflow ran");
        } finally {
            second.close();
        }
    }

    /** Follows the import's progress events until it is finished; returns the last one. */
    private static JsonObject follow(Vertx vertx, int port, String token, String id) throws InterruptedException {
        VertxTestContext finished = new VertxTestContext();
        JsonObject[] last = {null};
        HttpClient client = vertx.createHttpClient();
        client.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/api/v1/imports/" + id + "/progress")
                        .putHeader("Authorization", "Bearer " + token))
                .compose(req -> req.send())
                .onFailure(finished::failNow)
                .onSuccess(res -> {
                    StringBuilder buf = new StringBuilder();
                    res.handler(chunk -> {
                        buf.append(chunk.toString(StandardCharsets.UTF_8));
                        int end;
                        while ((end = buf.indexOf("\n\n")) >= 0) {
                            String event = buf.substring(0, end);
                            buf.delete(0, end + 2);
                            int data = event.indexOf("data: ");
                            if (data < 0) continue;
                            last[0] = new JsonObject(event.substring(data + 6).trim());
                            if (!"running".equals(last[0].getString("status"))) finished.completeNow();
                        }
                    });
                });
        assertTrue(finished.awaitCompletion(15, TimeUnit.MINUTES), "the import finished");
        client.close();
        return last[0];
    }
}
