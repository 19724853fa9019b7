package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metadata deployments through the HTTP API against real PostgreSQL. */
class DeploymentIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("deploy");
    }

    static JsonObject entity(String name, JsonObject... fields) {
        return new JsonObject().put("name", name).put("fields", new JsonArray(java.util.List.of((Object[]) fields)));
    }

    static JsonObject field(String name, String type) {
        return new JsonObject().put("name", name).put("type", type);
    }

    static long columnCount(String table, String column) {
        return columnCount(api, table, column);
    }

    static long columnCount(Api api, String table, String column) {
        Platform p = TestPlatform.get();
        return p.blocking(() -> p.pool()
                .preparedQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND "
                        + "table_name = $2 AND column_name = $3")
                .execute(Tuple.of(api.tenant.schema(), table, column))
                .await()
                .iterator()
                .next()
                .getLong(0));
    }

    static long version() {
        return api.get("/api/v1/metadata/entities").json().getLong("version");
    }

    @Test
    void dryRunShowsPlanAndSqlAndChangesNothing() {
        Res r = api.deploy(new JsonObject()
                .put("dryRun", true)
                .put("entities", new JsonArray().add(entity("gadget", field("title", "text")))));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getJsonArray("statements").getString(0).startsWith("CREATE TABLE"), r.body());
        assertEquals(0, columnCount("gadget", "title"), "a dry run must not create the table");
    }

    @Test
    void reapplyingTheSameMetadataIssuesNoDdl() {
        JsonObject body = new JsonObject()
                .put(
                        "entities",
                        new JsonArray().add(entity("widget", field("title", "text"), field("size", "integer"))));
        assertEquals(201, api.deploy(body).status());
        long v = version();
        Res again = api.deploy(body);
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().getBoolean("unchanged"), again.body());
        assertTrue(again.json().getJsonArray("statements").isEmpty(), "no DDL on re-apply");
        assertEquals(v, version(), "no new version on re-apply");
    }

    @Test
    void renameKeepsDataAndRemoveNeedsConfirmationAndKeepsData() {
        JsonObject e = entity("ticket", field("subject", "text"), field("note", "long_text"));
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(e)))
                        .status());
        JsonObject exported = api.get("/api/v1/metadata/entities/ticket").json();
        Res created = api.post(
                "/api/v1/records/ticket",
                new JsonObject().put("subject", "Printer on fire").put("note", "urgent"));
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");

        exported.getJsonArray("fields").getJsonObject(0).put("name", "title");
        Res renamed = api.deploy(new JsonObject().put("entities", new JsonArray().add(exported)));
        assertEquals(201, renamed.status(), renamed.body());
        assertEquals(
                "Printer on fire",
                api.get("/api/v1/records/ticket/" + id).json().getString("title"),
                "rename must keep the data");

        JsonObject withoutNote = exported.copy();
        withoutNote.getJsonArray("fields").remove(1);
        Res refused = api.deploy(new JsonObject().put("entities", new JsonArray().add(withoutNote)));
        assertEquals(409, refused.status(), refused.body());
        assertEquals(1, columnCount("ticket", "note"), "refused removal changes nothing");
        Res confirmed = api.deploy(
                new JsonObject().put("confirmDataLoss", true).put("entities", new JsonArray().add(withoutNote)));
        assertEquals(201, confirmed.status(), confirmed.body());
        Res after = api.get("/api/v1/records/ticket/" + id);
        assertEquals(200, after.status(), "reads keep working right after a deployment: " + after.body());
        assertFalse(after.json().containsKey("note"));
        assertEquals(
                1,
                api.get("/api/v1/metadata/removed").json().getJsonArray("data").size(),
                "the removed field is kept recoverable");

        Res restored = api.deploy(new JsonObject().put("entities", new JsonArray().add(exported)));
        assertEquals(201, restored.status(), restored.body());
        assertEquals(
                "urgent",
                api.get("/api/v1/records/ticket/" + id).json().getString("note"),
                "re-adding the field (same id) restores its data");
    }

    @Test
    void typeChangePreviewCountsValuesThatDoNotConvert() {
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put("entities", new JsonArray().add(entity("reading", field("value", "text")))))
                        .status());
        for (String v : new String[] {"12", "40", "abc", "7"})
            api.post("/api/v1/records/reading", new JsonObject().put("value", v));
        JsonObject e = api.get("/api/v1/metadata/entities/reading").json();
        e.getJsonArray("fields").getJsonObject(0).put("type", "integer");
        Res preview = api.deploy(new JsonObject().put("dryRun", true).put("entities", new JsonArray().add(e)));
        JsonObject conv = preview.json().getJsonArray("conversions").getJsonObject(0);
        assertEquals(4, conv.getLong("values"), preview.body());
        assertEquals(1, conv.getLong("failing"), preview.body());
        assertEquals("abc", conv.getJsonArray("failingSamples").getString(0));
        assertEquals(
                409,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(e)))
                        .status(),
                "lossy change needs confirmation");
        Res applied = api.deploy(new JsonObject().put("confirmDataLoss", true).put("entities", new JsonArray().add(e)));
        assertEquals(201, applied.status(), applied.body());
        JsonArray data = api.get("/api/v1/records/reading?sort=value&fields=value")
                .json()
                .getJsonArray("data");
        assertEquals(7L, ((Number) data.getJsonObject(0).getValue("value")).longValue());
        assertEquals(
                1,
                columnCount(
                        "reading",
                        "_bak_" + e.getJsonArray("fields").getJsonObject(0).getString("id")),
                "the old values are kept in a backup column");
    }

    @Test
    void aFailureAfterTheDdlChangesNothing() {
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put("entities", new JsonArray().add(entity("invoice_x", field("total", "decimal")))))
                        .status());
        long before = version();
        Platform p = TestPlatform.get();
        p.migrator().setAfterDdlHook(statements -> {
            throw new IllegalStateException("injected failure after " + statements.size() + " statement(s)");
        });
        try {
            JsonObject e = api.get("/api/v1/metadata/entities/invoice_x").json();
            e.getJsonArray("fields").add(field("paid", "boolean"));
            Res r = api.deploy(new JsonObject().put("entities", new JsonArray().add(e)));
            assertEquals(500, r.status(), r.body());
        } finally {
            p.migrator().setAfterDdlHook(null);
        }
        assertEquals(0, columnCount("invoice_x", "paid"), "the ALTER must be rolled back");
        assertEquals(before, version(), "no new metadata version");
    }

    @Test
    void invalidMetadataIsRejectedWithPointersIntoTheRequest() {
        Res r = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(entity("ok_one", field("a", "text")))
                                .add(entity(
                                        "bad_one",
                                        field("a", "text"),
                                        new JsonObject()
                                                .put("name", "b")
                                                .put("type", "lookup")
                                                .put("target", "nowhere")))));
        assertEquals(422, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals(
                "/entities/1/fields/1/target",
                r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"),
                r.body());
    }

    @Test
    void rollbackDeploysAnEarlierVersion() {
        Api api = TestPlatform.tenantWithAdmin("rollback");
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put("entities", new JsonArray().add(entity("memo", field("text", "long_text")))))
                        .status());
        long v = api.get("/api/v1/metadata/entities").json().getLong("version");
        JsonObject e = api.get("/api/v1/metadata/entities/memo").json();
        e.getJsonArray("fields").add(field("pinned", "boolean"));
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray().add(e)))
                        .status());
        assertEquals(1, columnCount(api, "memo", "pinned"));
        Res rb = api.post(
                "/api/v1/metadata/rollback",
                new JsonObject().put("toVersion", v).put("confirmDataLoss", true));
        assertEquals(200, rb.status(), rb.body());
        assertEquals(0, columnCount(api, "memo", "pinned"), "rolled back: the column is set aside");
        assertTrue(api.get("/api/v1/metadata/deployments")
                        .json()
                        .getJsonArray("data")
                        .size()
                >= 3);
    }

    @Test
    void exportedMetadataDeploysUnchanged() throws Exception {
        Api api = TestPlatform.tenantWithAdmin("roundtrip");
        Platform p = TestPlatform.get();
        TestPlatform.installPackage(p, api.tenant, "crm-core", null);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "export");
        dev.atrium.metadata.model.MetadataSnapshot snap =
                p.blocking(() -> p.metadata().snapshot(api.tenant.id()));
        dev.atrium.cli.MetadataExport.write(snap, dir);
        var reread = dev.atrium.cli.MetadataFiles.directory(dir);
        assertEquals(snap.entities().size(), reread.size());
        var scripts = dev.atrium.cli.MetadataFiles.scripts(dir);
        assertTrue(
                scripts.containsKey("rules/close_date_when_won.js"),
                "rule scripts are exported as files: " + scripts.keySet());
        JsonObject again = p.blocking(() -> p.deployments()
                .deploy(
                        api.tenant,
                        new dev.atrium.deploy.DeploymentRequest(
                                reread, true, java.util.List.of(), false, false, null, scripts)));
        assertTrue(again.getBoolean("unchanged"), "exported files deploy unchanged: " + again.getJsonArray("changes"));
    }

    @Test
    void anEntityWithAThousandFieldsDeploysListsAndSaves() {
        JsonArray fields = new JsonArray();
        JsonObject record = new JsonObject();
        for (int i = 0; i < 1000; i++) {
            boolean number = i % 10 == 9;
            fields.add(new JsonObject()
                    .put("name", "f" + i)
                    .put("type", number ? "integer" : "text")
                    .put("maxLength", number ? null : 20));
            record.put("f" + i, number ? i : "v" + i);
        }
        fields.forEach(f -> ((JsonObject) f).getMap().values().removeIf(java.util.Objects::isNull));
        Res deployed = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray().add(new JsonObject().put("name", "wide").put("fields", fields))));
        assertEquals(201, deployed.status(), deployed.body());
        Res saved = api.post("/api/v1/records/wide", record);
        assertEquals(201, saved.status(), saved.body());
        Res listed = api.get("/api/v1/records/wide?filter=f998%20%3D%20%27v998%27");
        assertEquals(200, listed.status());
        JsonObject row = listed.json().getJsonArray("data").getJsonObject(0);
        assertEquals("v0", row.getString("f0"));
        assertEquals(999L, row.getLong("f999"));
        Res tooMany = api.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "wider")
                                        .put(
                                                "fields",
                                                fields.copy()
                                                        .add(new JsonObject()
                                                                .put("name", "f1000")
                                                                .put("type", "text"))))));
        assertEquals(422, tooMany.status(), "the 1000-field cap keeps clear of PostgreSQL's 1600 columns");
        JsonObject allNumbers = new JsonObject();
        JsonArray numberFields = new JsonArray();
        for (int i = 0; i < 1000; i++) {
            numberFields.add(new JsonObject().put("name", "n" + i).put("type", "integer"));
            allNumbers.put("n" + i, i);
        }
        assertEquals(
                201,
                api.deploy(new JsonObject()
                                .put(
                                        "entities",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("name", "numbers")
                                                        .put("fields", numberFields))))
                        .status());
        Res tooBig = api.post("/api/v1/records/numbers", allNumbers);
        assertEquals(
                422,
                tooBig.status(),
                "a record over PostgreSQL's 8 KB row limit gets a clear error, not a 500: " + tooBig.body());
        assertTrue(tooBig.json().getString("detail").contains("8 KB"), tooBig.body());
    }
}
