package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import dev.atrium.config.AtriumConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
        Platform first = TestPlatform.get();
        AtriumConfig c = new AtriumConfig(
                first.database().jdbcUrl(),
                first.database().user(),
                first.database().password(),
                Path.of("target", "unused"),
                "127.0.0.1",
                0,
                500,
                false,
                1);
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
}
