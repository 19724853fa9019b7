package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every deployment's plan says what it changes in the metadata, not only the DDL; nothing means nothing. */
class DeploymentPlanIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("plan");
    }

    static JsonObject entity(String json) {
        return new JsonObject(json);
    }

    @Test
    void numbersWrittenDifferentlyAreNoChange() {
        String first = """
                {"name":"gauge","fields":[{"name":"level","type":"decimal","min":0,"max":100,"default":50},
                  {"name":"note","type":"text"}],
                 "workflows":[{"name":"cap","on":["update"],"actions":[{"type":"update","values":{"level":100}}]}]}""";
        Res created = api.deploy(new JsonObject().put("entities", new JsonArray().add(entity(first))));
        assertEquals(201, created.status(), created.body());
        String same = first.replace("\"max\":100", "\"max\":100.0")
                .replace("\"default\":50", "\"default\":50.00")
                .replace("\"level\":100}", "\"level\":1E2}");
        Res again = api.deploy(new JsonObject().put("entities", new JsonArray().add(entity(same))));
        assertTrue(again.status() == 200 || again.status() == 201, again.body());
        assertEquals(true, again.json().getBoolean("unchanged"), "100 and 100.0 are the same: " + again.body());
        assertEquals(
                created.json().getLong("toVersion"), again.json().getLong("toVersion"), "no empty version is created");
    }

    @Test
    void thePlanListsLabelPicklistViewLayoutRuleAndWorkflowChanges() {
        String before = """
                {"name":"ticket","label":{"en":"Ticket"},"fields":[{"name":"title","type":"text"},
                  {"name":"state","type":"picklist","values":[{"value":"open"},{"value":"closed"}]}]}""";
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(entity(before))))
                        .status());
        String after = """
                {"name":"ticket","label":{"en":"Ticket","es":"Incidencia"},"fields":[{"name":"title","type":"text"},
                  {"name":"state","type":"picklist","values":[{"value":"open"},{"value":"closed"},{"value":"parked"}]}],
                 "rules":[{"name":"titled","kind":"validation","field":"title","source":"return !!record.title;"}],
                 "workflows":[{"name":"close","on":["manual"],"actions":[{"type":"update",\
                "values":{"state":"closed"}}]}],
                 "ui":{"views":[{"name":"Open","filter":"state = 'open'"}],
                       "layout":{"sections":[{"id":"main","fields":["title","state"]}]}}}""";
        Res dry = api.deploy(new JsonObject()
                .put("entities", new JsonArray().add(entity(after)))
                .put("dryRun", true));
        assertEquals(200, dry.status(), dry.body());
        List<String> paths = new ArrayList<>();
        for (Object o : dry.json().getJsonArray("metadataChanges")) paths.add(((JsonObject) o).getString("path"));
        String all = String.join("\n", paths);
        for (String expected :
                List.of("/label/es", "/values[", "/rules[", "/workflows[", "/ui/views[Open]", "/ui/layout")) {
            assertTrue(all.contains(expected), "the plan names " + expected + ":\n" + all);
        }
        assertTrue(dry.json().getJsonArray("statements").isEmpty(), "none of it needs DDL");
    }

    @Test
    void readsGoOnAfterAFieldChangesType() {
        // each connection keeps its statements prepared; a column's new type must not break the one it holds
        StringBuilder wide = new StringBuilder(); // long enough that its statements exceed 2,048 characters
        for (int i = 0; i < 120; i++) wide.append(",{\"name\":\"f").append(i).append("\",\"type\":\"text\"}");
        for (String extra : List.of("", wide.toString())) {
            String name = extra.isEmpty() ? "meter" : "wide_meter";
            String before =
                    "{\"name\":\"" + name + "\",\"fields\":[{\"name\":\"n\",\"type\":\"integer\"}" + extra + "]}";
            assertEquals(
                    201,
                    api.deploy(new JsonObject().put("entities", new JsonArray().add(entity(before))))
                            .status());
            String id = api.post("/api/v1/records/" + name, new JsonObject().put("n", 7))
                    .json()
                    .getString("id");
            for (int i = 0; i < 20; i++) {
                assertEquals(200, api.get("/api/v1/records/" + name + "/" + id).status());
                assertEquals(200, api.get("/api/v1/records/" + name).status());
            }
            Res changed = api.deploy(new JsonObject()
                    .put("entities", new JsonArray().add(entity(before.replace("integer", "decimal"))))
                    .put("confirmDataLoss", true));
            assertTrue(changed.status() == 200 || changed.status() == 201, changed.body());
            for (int i = 0; i < 20; i++) {
                Res read = api.get("/api/v1/records/" + name + "/" + id);
                assertEquals(200, read.status(), read.body());
                assertEquals(
                        0,
                        new java.math.BigDecimal("7")
                                .compareTo(new java.math.BigDecimal(
                                        read.json().getValue("n").toString())));
                Res list = api.get("/api/v1/records/" + name);
                assertEquals(200, list.status(), list.body());
                Res write = api.patch("/api/v1/records/" + name + "/" + id, new JsonObject().put("n", 7.0), null);
                assertEquals(200, write.status(), write.body());
                Res made = api.post("/api/v1/records/" + name, new JsonObject().put("n", 1.5));
                assertEquals(201, made.status(), made.body());
            }
        }
    }
}
