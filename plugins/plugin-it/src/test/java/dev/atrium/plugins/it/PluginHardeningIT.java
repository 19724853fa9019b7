package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.Platform;
import dev.atrium.config.AtriumConfig;
import dev.atrium.plugin.testkit.PluginHarness;
import dev.atrium.plugins.PluginConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the outside review found in the plugin host: tenant administrators acting on the whole platform,
 * a broken upload left behind (and the next start failing on it), a plugin switched off by outsiders or
 * by one tenant's failures, failure details shown to callers, hung calls outliving a stop.
 */
class PluginHardeningIT {
    @Test
    void onlyPlatformOperatorsInstallStopAndRemovePlugins() {
        try (PluginHarness h = PluginHarness.start(Jars.of("locale-ids"))) {
            PluginHarness.Api other = h.tenantAdmin("other", "admin@other.test");
            assertEquals(403, other.upload(Jars.bytes("web-forms")).status(), "a tenant administrator cannot install");
            for (String action : List.of("stop", "start")) {
                var r = other.post("/api/v1/plugins/locale-ids/" + action, new JsonObject());
                assertEquals(403, r.status(), action + ": " + r.body());
                assertTrue(r.body().contains("platform operators"), r.body());
            }
            assertEquals(403, other.delete("/api/v1/plugins/locale-ids").status());
            assertEquals(
                    "started", h.api().get("/api/v1/plugins/locale-ids").json().getString("state"));
            // enabling for one's own organisation is the tenant administrator's to do
            assertEquals(
                    200,
                    other.post("/api/v1/plugins/locale-ids/enable", new JsonObject())
                            .status());
            assertEquals(
                    false,
                    other.get("/api/v1/auth/session")
                            .json()
                            .getJsonObject("user")
                            .getBoolean("operator"));
            assertEquals(
                    true,
                    h.api()
                            .get("/api/v1/auth/session")
                            .json()
                            .getJsonObject("user")
                            .getBoolean("operator"));
        }
    }

    @Test
    void aPluginThatCannotLoadIsRefusedLeavesNothingAndDoesNotStopTheNextStart() throws Exception {
        byte[] broken = Jars.withTruncatedClass("test-plugins/faulty", "dev.atrium.plugins.faulty.Faulty$Route");
        Path dir;
        try (PluginHarness h = PluginHarness.start()) {
            dir = h.platform().pluginHost().config().dir();
            var r = h.api().upload(broken);
            assertEquals(422, r.status(), r.body());
            assertTrue(r.body().contains("faulty"), r.body());
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), "a refused upload leaves nothing in the plugin directory");
            }
            assertEquals(
                    0,
                    h.api().get("/api/v1/plugins").json().getJsonArray("data").size());
        }
        // the same broken jar copied into the directory by hand: the platform starts and reports it
        Path data = Path.of("target", "broken-start-" + java.util.UUID.randomUUID());
        Files.createDirectories(data.resolve("plugins"));
        Files.write(data.resolve("plugins").resolve("faulty-1.0.0.jar"), broken);
        AtriumConfig c = new AtriumConfig(null, "postgres", "", data, "127.0.0.1", 0, 500, false, 1);
        PluginConfig pc = new PluginConfig(data.resolve("plugins"), List.of(), false, Duration.ofSeconds(5), 5, true);
        try (Platform p = Platform.start(c, pc)) {
            p.serve();
            JsonObject state = p.blocking(() -> p.pluginHost().describe("faulty", null));
            assertEquals("failed", state.getString("state"), state.encode());
            assertTrue(
                    state.getString("error").contains("Faulty$Route")
                            || state.getString("error").contains("Class"),
                    state.encode());
        }
    }

    @Test
    void administrationCommandsLeaveInstalledPluginsAlone() throws Exception {
        Path data = Path.of("target", "admin-start-" + java.util.UUID.randomUUID());
        Files.createDirectories(data.resolve("plugins"));
        Files.copy(Jars.of("test-plugins/faulty"), data.resolve("plugins").resolve("faulty-1.0.0.jar"));
        AtriumConfig c = new AtriumConfig(null, "postgres", "", data, "127.0.0.1", 0, 500, false, 1);
        try (Platform p = Platform.startForAdministration(c)) {
            assertEquals(
                    List.of(),
                    p.blocking(() -> p.pluginHost().list(null)).getList(),
                    "a tenant or user command neither verifies nor loads the plugin directory");
        }
        PluginConfig pc = new PluginConfig(data.resolve("plugins"), List.of(), false, Duration.ofSeconds(5), 5, true);
        try (Platform p = Platform.start(c, pc)) {
            JsonObject state = p.blocking(() -> p.pluginHost().describe("faulty", null));
            assertEquals("started", state.getString("state"), "the server itself loads it: " + state.encode());
        }
    }

    @Test
    void aFailedUpgradePutsThePreviousVersionBack() {
        try (PluginHarness h = PluginHarness.start(Jars.of("test-plugins/faulty"))) {
            byte[] broken = Jars.withTruncatedClass("test-plugins/faulty", "dev.atrium.plugins.faulty.Faulty$Route");
            assertEquals(422, h.api().upload(broken).status());
            JsonObject state = h.api().get("/api/v1/plugins/faulty").json();
            assertEquals("started", state.getString("state"), "the working version runs again: " + state.encode());
            assertEquals(
                    200,
                    h.api()
                            .post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            assertEquals(200, h.api().get("/api/v1/ext/faulty/misbehave/fine").status());
        }
    }

    @Test
    void failuresSuspendAPluginInOneTenantOnlyAndCallersSeeNoDetails() {
        try (PluginHarness h = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(2), false), Jars.of("test-plugins/faulty"))) {
            PluginHarness.Api other = h.tenantAdmin("other", "admin@other.test");
            for (PluginHarness.Api api : List.of(h.api(), other)) {
                assertEquals(
                        200,
                        api.post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                                .status());
            }
            var thrown = h.api().get("/api/v1/ext/faulty/misbehave/throw");
            assertEquals(502, thrown.status());
            assertTrue(thrown.body().contains("faulty") && thrown.body().contains("reference"), thrown.body());
            assertFalse(
                    thrown.body().contains("IllegalStateException")
                            || thrown.body().contains("on purpose"),
                    "the caller does not see the exception: " + thrown.body());
            JsonObject described = h.api().get("/api/v1/plugins/faulty").json();
            assertTrue(
                    described.getString("lastCallError").contains("threw on purpose"),
                    "the administrator does: " + described.encode());

            for (int i = 0; i < 4; i++) h.api().get("/api/v1/ext/faulty/misbehave/throw");
            JsonObject mine = h.api().get("/api/v1/plugins/faulty").json();
            assertTrue(mine.getString("suspended").startsWith("suspended: "), mine.encode());
            assertEquals(false, mine.getBoolean("enabled"));
            assertEquals("started", mine.getString("state"), "not stopped for everyone");
            assertEquals(404, h.api().get("/api/v1/ext/faulty/misbehave/fine").status(), "off in this tenant");
            assertEquals(200, other.get("/api/v1/ext/faulty/misbehave/fine").status(), "the other tenant keeps it");
            assertEquals(
                    200,
                    h.api()
                            .post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            assertEquals(200, h.api().get("/api/v1/ext/faulty/misbehave/fine").status(), "enabled again by its admin");
        }
    }

    @Test
    void callsStillRunningWhenAPluginStopsAreInterruptedAndShown() throws Exception {
        try (PluginHarness h = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(30), false), Jars.of("test-plugins/faulty"))) {
            assertEquals(
                    200,
                    h.api()
                            .post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            var hung = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> h.api().get("/api/v1/ext/faulty/misbehave/ignore-interrupts"));
            // wait until the call is inside the plugin's loop (the faulty plugin counts them)
            String inside = "0";
            for (int i = 0; i < 200 && !inside.contains("1"); i++) {
                inside = h.api().get("/api/v1/ext/faulty/misbehave/inside").body();
                if (!inside.contains("1")) sleep(50);
            }
            assertTrue(inside.contains("1"), inside);
            JsonObject state = h.api().get("/api/v1/plugins/faulty").json();
            assertEquals(1, state.getInteger("callsRunning"), state.encode());
            assertEquals(
                    200,
                    h.api()
                            .post("/api/v1/plugins/faulty/stop", new JsonObject())
                            .status());
            JsonObject stopped = h.api().get("/api/v1/plugins/faulty").json();
            assertEquals("stopped", stopped.getString("state"));
            assertEquals(
                    1,
                    stopped.getInteger("abandonedCalls"),
                    "the hung call is not lost from sight: " + stopped.encode());
            assertTrue(stopped.getString("error").contains("still running"), stopped.encode());
            hung.cancel(true);
        }
    }

    @Test
    void rulesCallOnlyTheFunctionsOfPluginsTheirTenantEnabled() {
        try (PluginHarness h = PluginHarness.start(Jars.of("test-plugins/faulty"))) {
            PluginHarness.Api other = h.tenantAdmin("other", "admin@other.test");
            assertEquals(
                    200,
                    h.api()
                            .post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            JsonObject rule = new JsonObject()
                    .put("rule", new JsonObject().put("source", "return plugins.misbehave('fine');"))
                    .put("record", new JsonObject());
            JsonObject enabled =
                    h.api().post("/api/v1/metadata/rules/test", rule).json();
            assertEquals("fine", enabled.getString("result"), enabled.encode());
            JsonObject notEnabled =
                    other.post("/api/v1/metadata/rules/test", rule).json();
            assertFalse(notEnabled.getBoolean("ok"), notEnabled.encode());
            assertTrue(
                    notEnabled.getString("failure").contains("not a function of any plugin enabled"),
                    notEnabled.encode());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
