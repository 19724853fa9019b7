package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A deliberately faulty plugin (throws, hangs, ignores interrupts, allocates, recurses) cannot take the
 * platform down: each failure fails only its call with the plugin named, the platform keeps serving, and
 * failures in a row stop the plugin.
 */
class ContainmentIT {
    @Test
    void aFaultyPluginFailsOnlyItsOwnCalls() throws Exception {
        try (PluginHarness h = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(1), false), Jars.of("test-plugins/faulty"))) {
            var api = h.api();
            h.deploy(new JsonObject()
                    .put("name", "gadget")
                    .put(
                            "fields",
                            new JsonArray()
                                    .add(new JsonObject().put("name", "name").put("type", "text"))));
            assertEquals(
                    200,
                    api.post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            assertEquals(
                    201,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                            .status());

            var thrown = api.post("/api/v1/records/gadget", new JsonObject().put("name", "throw"));
            assertEquals(502, thrown.status());
            assertTrue(
                    thrown.body().contains("plugin \\\"faulty\\\"")
                            && thrown.body().contains("reference"),
                    thrown.body());
            assertTrue(
                    api.get("/api/v1/plugins/faulty")
                            .json()
                            .getString("lastCallError")
                            .contains("threw on purpose"),
                    "the details are for administrators");
            assertEquals(
                    201,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                            .status());

            long t0 = System.nanoTime();
            var hung = api.post("/api/v1/records/gadget", new JsonObject().put("name", "hang"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(502, hung.status());
            assertTrue(hung.body().contains("did not finish within 1000 ms"), hung.body());
            assertTrue(ms < 4000, "the deadline cut the call short: " + ms + " ms");
            assertEquals(
                    201,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                            .status());

            var oom = api.get("/api/v1/ext/faulty/misbehave/allocate");
            assertEquals(502, oom.status());
            assertTrue(
                    api.get("/api/v1/plugins/faulty")
                            .json()
                            .getString("lastCallError")
                            .contains("ran out of memory"),
                    oom.body());
            assertEquals(
                    201,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                            .status());

            var deep = api.get("/api/v1/ext/faulty/misbehave/recurse");
            assertEquals(502, deep.status());
            assertTrue(
                    api.get("/api/v1/plugins/faulty")
                            .json()
                            .getString("lastCallError")
                            .contains("recursed too deeply"),
                    deep.body());

            var inRule = h.api()
                    .post(
                            "/api/v1/metadata/rules/test",
                            new JsonObject()
                                    .put("rule", new JsonObject().put("source", "plugins.misbehave('throw');"))
                                    .put("record", new JsonObject()));
            assertTrue(
                    inRule.body().contains("faulty") && inRule.body().contains("reference"),
                    "a rule calling the function gets the plugin's failure: " + inRule.body());

            // threads that ignore interruption keep only the plugin's own quota busy; everyone else carries on
            List<CompletableFuture<Integer>> stuck = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stuck.add(CompletableFuture.supplyAsync(() -> api.get("/api/v1/ext/faulty/misbehave/ignore-interrupts")
                        .status()));
            }
            for (var f : stuck)
                assertTrue(f.get() == 502 || f.get() == 404, "each stuck call failed on its own: " + f.get());
            assertEquals(200, api.get("/api/v1/health").status());
            assertEquals(200, api.get("/api/v1/records/gadget").status());

            // failures in a row suspended the plugin for this tenant (not for everyone); its trigger no longer runs
            JsonObject state = api.get("/api/v1/plugins/faulty").json();
            assertEquals("started", state.getString("state"), state.encode());
            assertTrue(state.getString("suspended").startsWith("suspended: "), state.encode());
            assertEquals(
                    201,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "throw"))
                            .status(),
                    "a suspended plugin's trigger does not run");

            // the administrator enables it again
            var again = api.post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true));
            assertEquals(200, again.status(), again.body());
            assertEquals(
                    502,
                    api.post("/api/v1/records/gadget", new JsonObject().put("name", "throw"))
                            .status());
        }
    }
}
