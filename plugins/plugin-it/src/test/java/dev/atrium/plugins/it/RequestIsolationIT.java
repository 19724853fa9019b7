package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slow call on the request path (a plugin route that hangs, a rule waiting on a plugin function) holds
 * only its own request: every other request is answered while the slow ones are still running. The
 * platform serves HTTP from one verticle instance here, the setting that exposed the stall.
 */
@ExtendWith(VertxExtension.class)
class RequestIsolationIT {
    static PluginHarness harness;
    static final int SLOW = 4;

    @BeforeAll
    static void start() {
        harness = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(4), false), Jars.of("test-plugins/faulty"));
        harness.deploy(new JsonObject()
                .put("name", "gadget")
                .put(
                        "fields",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject().put("name", "name").put("type", "text")))
                .put(
                        "rules",
                        new io.vertx.core.json.JsonArray()
                                .add(new JsonObject()
                                        .put("name", "waits_on_plugin")
                                        .put("kind", "validation")
                                        .put(
                                                "source",
                                                "return record.name !== 'slow' || "
                                                        + "plugins.misbehave('hang') === 'fine';"))));
        assertEquals(
                200,
                harness.api()
                        .post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                        .status());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void otherRequestsAreAnsweredWhileSlowCallsRun(Vertx vertx, VertxTestContext test) {
        WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
        String auth = "Bearer " + harness.api().token();
        int port = harness.api().port();
        AtomicInteger slowFinished = new AtomicInteger();
        Checkpoint slowDone = test.checkpoint(2 * SLOW);
        Checkpoint quickDone = test.checkpoint(2 * SLOW * 5);
        for (int i = 0; i < SLOW; i++) {
            client.get(port, "127.0.0.1", "/api/v1/ext/faulty/misbehave/hang")
                    .putHeader("Authorization", auth)
                    .send()
                    .onComplete(test.succeeding(r -> test.verify(() -> {
                        slowFinished.incrementAndGet();
                        assertEquals(502, r.statusCode(), "the hung route is cut at its deadline");
                        slowDone.flag();
                    })));
            client.post(port, "127.0.0.1", "/api/v1/records/gadget")
                    .putHeader("Authorization", auth)
                    .sendJsonObject(new JsonObject().put("name", "slow"))
                    .onComplete(test.succeeding(r -> test.verify(() -> {
                        slowFinished.incrementAndGet();
                        assertEquals(
                                422, r.statusCode(), "the rule fails with the plugin's failure: " + r.bodyAsString());
                        slowDone.flag();
                    })));
        }
        // give the slow calls a moment to reach the plugin, then ask quick questions
        vertx.setTimer(300, t -> {
            for (int i = 0; i < 2 * SLOW * 5; i++) {
                String path = i % 2 == 0 ? "/api/v1/health" : "/api/v1/records/gadget?limit=1";
                client.get(port, "127.0.0.1", path)
                        .putHeader("Authorization", auth)
                        .send()
                        .onComplete(test.succeeding(r -> test.verify(() -> {
                            assertEquals(200, r.statusCode(), path);
                            assertEquals(
                                    0,
                                    slowFinished.get(),
                                    path + " was answered only after a slow call finished: it waited for it");
                            quickDone.flag();
                        })));
            }
        });
    }
}
