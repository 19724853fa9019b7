package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A plugin route knows who calls it and reaches records as them: a person who may read only their own
 * gadgets sees only those through the route too, though the plugin itself may read all; a route declared
 * for administrators answers 403 to anyone else.
 */
class RouteCallerIT {
    @Test
    void routesActForTheirCallerAndRefuseWhoTheyDoNotName() {
        try (PluginHarness h = PluginHarness.start(
                new PluginHarness.Options(Duration.ofSeconds(5), false), Jars.of("test-plugins/faulty"))) {
            var admin = h.api();
            h.deploy(new JsonObject("""
                    {"name": "gadget", "fields": [{"name": "name", "type": "text"}]}"""));
            for (String n : new String[] {"fine", "fine", "fine"})
                assertEquals(
                        201,
                        admin.post("/api/v1/records/gadget", new JsonObject().put("name", n))
                                .status());
            assertEquals(
                    200,
                    admin.post("/api/v1/plugins/faulty/enable", new JsonObject().put("grantAccess", true))
                            .status());
            String set = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                            {"name": "Gadget makers", "definition": {"entities": {"gadget": {
                              "create": true, "read": true, "edit": true,
                              "fields": {"name": {"edit": true}}}}}}"""))
                    .json()
                    .getString("id");
            var ann = h.user("ann@acme.test", set);
            assertEquals(
                    201,
                    ann.post("/api/v1/records/gadget", new JsonObject().put("name", "fine"))
                            .status());

            JsonObject asAnn = ann.get("/api/v1/ext/faulty/count").json();
            assertEquals(4, asAnn.getInteger("plugin"), "the plugin reads every gadget it was granted");
            assertEquals(1, asAnn.getInteger("caller"), "Ann reaches only her own through the plugin");
            assertEquals("ann@acme.test", asAnn.getString("who"));
            assertEquals(false, asAnn.getBoolean("admin"));
            assertEquals(4, asAnn.getInteger("total"), "counted by the database");
            assertEquals(1, asAnn.getInteger("callerTotal"), "counting as the caller counts what she sees");
            assertEquals(4, asAnn.getJsonObject("byName").getInteger("fine"), "an aggregate per group");
            assertEquals(4, admin.get("/api/v1/ext/faulty/count").json().getInteger("caller"));

            var refused = ann.get("/api/v1/ext/faulty/admin-only");
            assertEquals(403, refused.status(), refused.body());
            assertTrue(refused.body().contains("only administrators"), refused.body());
            assertEquals(200, admin.get("/api/v1/ext/faulty/admin-only").status());
        }
    }
}
