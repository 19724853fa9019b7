package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL: a deployment or a token revocation on one is seen by the other through
 * LISTEN/NOTIFY, without restarting it.
 */
class TwoNodesIT {
    static Platform second;
    static Api onFirst;
    static Api onSecond;

    @BeforeAll
    static void startSecondNode() {
        AtriumConfig c = TestPlatform.secondNode();
        second = Platform.start(c);
        second.serve();
        onFirst = TestPlatform.tenantWithAdmin("nodes");
        onSecond = new Api(second.port(), onFirst.token());
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
    }

    @Test
    void aDeploymentOnOneNodeIsLiveOnTheOther() throws InterruptedException {
        JsonObject e = new JsonObject()
                .put("name", "shared")
                .put(
                        "fields",
                        new JsonArray().add(new JsonObject().put("name", "a").put("type", "text")));
        assertEquals(
                201,
                onFirst.deploy(new JsonObject().put("entities", new JsonArray().add(e)))
                        .status());
        assertEquals(
                201,
                onSecond.post("/api/v1/records/shared", new JsonObject().put("a", "x"))
                        .status(),
                "the second node loads the new metadata");

        e.getJsonArray("fields").add(new JsonObject().put("name", "b").put("type", "integer"));
        assertEquals(
                201,
                onFirst.deploy(new JsonObject().put("entities", new JsonArray().add(e)))
                        .status());
        Res r = null;
        for (int i = 0; i < 50; i++) {
            r = onSecond.post(
                    "/api/v1/records/shared", new JsonObject().put("a", "y").put("b", 2));
            if (r.status() == 201) break;
            Thread.sleep(100);
        }
        assertEquals(201, r.status(), "the second node learns of the new field by NOTIFY: " + r.body());
    }

    @Test
    void aTokenRevokedOnOneNodeStopsWorkingOnTheOther() throws InterruptedException {
        Api anon = new Api(TestPlatform.get().port(), null);
        String token = anon.loginSession(onFirst.slug, onFirst.email, TestPlatform.PASSWORD)
                .getString("token");
        Api a = new Api(TestPlatform.get().port(), token);
        Api b = new Api(second.port(), token);
        assertEquals(
                200,
                b.get("/api/v1/auth/session").status(),
                "the token works on the second node (and is cached there)");
        JsonArray tokens = a.get("/api/v1/auth/tokens").json().getJsonArray("data");
        String id = tokens.getJsonObject(tokens.size() - 1).getString("id");
        assertEquals(204, a.delete("/api/v1/auth/tokens/" + id).status());
        int status = 0;
        for (int i = 0; i < 50; i++) {
            status = b.get("/api/v1/auth/session").status();
            if (status == 401) break;
            Thread.sleep(100);
        }
        assertEquals(401, status, "the revocation reaches the other node's cache");
    }

    /**
     * The second node's LISTEN connection is killed; what was announced while it was gone never arrives, so
     * after it reconnects it forgets its cached metadata and credentials: a stale snapshot is replaced by
     * the database's, and a token revoked without an announcement is refused there too.
     */
    @Test
    void aNodeThatLostItsListenConnectionReloadsWhatItCached() throws Exception {
        var tenant = onFirst.tenant.id();
        assertEquals(200, onSecond.get("/api/v1/metadata/entities").status());
        long real = second.blocking(() -> second.metadata().snapshot(tenant).version());
        // the node believes in a version nobody deployed (as if it had missed the way back)
        second.metadata()
                .install(tenant, dev.atrium.metadata.model.MetadataSnapshot.of(real + 100, java.util.List.of()));
        Api other = new Api(
                second.port(),
                onFirst.loginSession(onFirst.slug, onFirst.email, TestPlatform.PASSWORD)
                        .getString("token"));
        assertEquals(200, other.get("/api/v1/auth/session").status(), "the token is cached on the second node");
        String me =
                other.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        // revoked behind the platform's back: no announcement reaches the second node
        second.blocking(() -> second.pool()
                .preparedQuery("UPDATE atrium.api_tokens SET revoked_at = now() WHERE id = (SELECT id FROM"
                        + " atrium.api_tokens WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1)")
                .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(me)))
                .await());
        assertEquals(200, other.get("/api/v1/auth/session").status(), "still cached: nothing was announced");

        io.vertx.junit5.VertxTestContext resynced = new io.vertx.junit5.VertxTestContext();
        second.notifications().onReconnect(resynced::completeNow);
        second.blocking(() -> second.pool()
                .query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"
                        + " AND pid <> pg_backend_pid()")
                .execute()
                .await());
        org.junit.jupiter.api.Assertions.assertTrue(
                resynced.awaitCompletion(60, java.util.concurrent.TimeUnit.SECONDS), "listening again");
        assertEquals(
                real, second.blocking(() -> second.metadata().snapshot(tenant).version()), "reloaded");
        assertEquals(401, other.get("/api/v1/auth/session").status(), "the revocation holds here too");
    }
}
