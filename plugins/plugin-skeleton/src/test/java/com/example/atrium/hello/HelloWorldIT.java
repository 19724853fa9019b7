package com.example.atrium.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The signed jar in the real platform: a workflow runs the action, a rule calls the function. */
class HelloWorldIT {
    @Test
    void theActionCreatesATaskAndTheFunctionServesRules() {
        try (PluginHarness h = PluginHarness.start(PluginHarness.jarOf(Path.of("target")))) {
            h.deploy(new JsonObject()
                    .put("name", "task")
                    .put(
                            "fields",
                            new JsonArray()
                                    .add(new JsonObject().put("name", "subject").put("type", "text"))));
            var enabled = h.api()
                    .post(
                            "/api/v1/plugins/hello-world/enable",
                            new JsonObject()
                                    .put("grantAccess", true)
                                    .put("settings", new JsonObject().put("greeting", "Hola")));
            assertEquals(200, enabled.status(), enabled.body());
            h.deploy(new JsonObject()
                    .put("name", "contact")
                    .put(
                            "fields",
                            new JsonArray()
                                    .add(new JsonObject().put("name", "name").put("type", "text"))
                                    .add(new JsonObject()
                                            .put("name", "nickname")
                                            .put("type", "text")))
                    .put(
                            "rules",
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("name", "nick")
                                            .put("kind", "before_save")
                                            .put("source", "record.nickname = plugins.greeting(record.name);")))
                    .put(
                            "workflows",
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("name", "greet")
                                            .put("on", new JsonArray().add("create"))
                                            .put(
                                                    "actions",
                                                    new JsonArray()
                                                            .add(new JsonObject()
                                                                    .put("type", "plugin")
                                                                    .put("plugin", "hello-world/follow-up")
                                                                    .put(
                                                                            "values",
                                                                            new JsonObject()
                                                                                    .put("name", "{{name}}")))))));
            var created = h.api().post("/api/v1/records/contact", new JsonObject().put("name", "Ana"));
            assertEquals(201, created.status(), created.body());
            assertEquals("Hello, Ana!", created.json().getString("nickname"));
            h.drainJobs();
            var tasks = h.api()
                    .get("/api/v1/records/task?filter="
                            + java.net.URLEncoder.encode(
                                    "subject = 'Hola, Ana!'", java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(1, tasks.json().getJsonArray("data").size(), tasks.body());
        }
    }
}
