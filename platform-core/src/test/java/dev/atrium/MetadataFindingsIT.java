package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metadata defects the outside review found, each with what should have happened. */
class MetadataFindingsIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("findings");
    }

    static void deploy(String entitiesJson) {
        Res d = api.deploy(
                new JsonObject().put("entities", new JsonArray(entitiesJson)).put("confirmDataLoss", true));
        assertTrue(d.status() == 201 || d.status() == 200, d.body());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void searchWorksWhenATitleIsAFormula() {
        deploy("""
                [{"name":"person","titleField":"full_name","fields":[{"name":"first","type":"text","searchable":true},
                   {"name":"last","type":"text","searchable":true},
                   {"name":"full_name","type":"formula","returns":"text","expression":"first & ' ' & last"}]}]""");
        SecurityIT.created(api.post(
                "/api/v1/records/person", new JsonObject().put("first", "Ada").put("last", "Lovelace")));
        Res r = api.get("/api/v1/search?q=Lovelace");
        assertEquals(200, r.status(), r.body());
        assertEquals(
                "Ada Lovelace",
                r.json().getJsonArray("results").getJsonObject(0).getString("title"));
    }

    @Test
    void aBeforeSaveRuleDoesNotTurnAWholeNumberFormulaIntoAChange() {
        deploy("""
                [{"name":"box","fields":[{"name":"w","type":"integer"},{"name":"h","type":"integer"},\
                {"name":"note","type":"text"},
                   {"name":"area","type":"formula","returns":"number","expression":"w * h"}],
                  "rules":[{"name":"tidy","kind":"before_save","source":"if (record.note) record.note =\s\
                record.note.trim();"}]}]""");
        String box = SecurityIT.created(
                api.post("/api/v1/records/box", new JsonObject().put("w", 9).put("h", 19)));
        Res r = api.patch("/api/v1/records/box/" + box, new JsonObject().put("note", " wide "), null);
        assertEquals(200, r.status(), r.body());
        assertEquals("wide", r.json().getString("note"));
        assertEquals(171, ((Number) r.json().getValue("area")).intValue());
    }

    @Test
    void bulkUpsertKeepsManyToManyValues() {
        deploy("""
                [{"name":"tag","fields":[{"name":"name","type":"text"}]},
                 {"name":"post","fields":[{"name":"slug","type":"text","unique":true},{"name":"tags",\
                "type":"many_to_many","target":"tag"},
                   {"name":"tag_count","type":"rollup","rollup":{"function":"count","entity":"tag",\
                "via":"tags"}}]}]""");
        String a = SecurityIT.created(api.post("/api/v1/records/tag", new JsonObject().put("name", "a")));
        String b = SecurityIT.created(api.post("/api/v1/records/tag", new JsonObject().put("name", "b")));
        Res created = api.post(
                "/api/v1/records/post",
                new JsonObject()
                        .put("slug", "first")
                        .put("tags", new JsonArray().add(a).add(b)));
        assertEquals(201, created.status(), created.body());
        assertEquals(
                2,
                ((Number) created.json().getValue("tag_count")).intValue(),
                "the write's answer counts its own links");
        Res bulk = api.post(
                "/api/v1/records/post/bulk",
                new JsonObject()
                        .put("operation", "upsert")
                        .put("externalIdField", "slug")
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("slug", "first")
                                                .put("tags", new JsonArray().add(a)))
                                        .add(new JsonObject()
                                                .put("slug", "second")
                                                .put(
                                                        "tags",
                                                        new JsonArray().add(a).add(b)))));
        assertEquals(200, bulk.status(), bulk.body());
        JsonArray ids = bulk.json().getJsonArray("ids");
        JsonObject first = api.get("/api/v1/records/post/" + ids.getString(0)).json();
        JsonObject second = api.get("/api/v1/records/post/" + ids.getString(1)).json();
        assertEquals(new JsonArray().add(a), first.getJsonArray("tags"), "updated by the upsert: " + first);
        assertEquals(2, second.getJsonArray("tags").size(), "created with its links: " + second);
    }

    @Test
    void aRemovedEntityCanComeBack() {
        String doc = """
                [{"id":"ent_comeback","name":"comeback","fields":[{"id":"fld_cb_name","name":"name",\
                "type":"text"}]}]""";
        deploy(doc);
        SecurityIT.created(api.post("/api/v1/records/comeback", new JsonObject().put("name", "kept")));
        Res removed = api.deploy(new JsonObject()
                .put("entities", new JsonArray())
                .put("remove", new JsonArray().add("comeback"))
                .put("confirmDataLoss", true));
        assertEquals(201, removed.status(), removed.body());
        Res again = api.deploy(new JsonObject().put("entities", new JsonArray(doc)));
        assertTrue(again.status() == 201, again.body());
        assertEquals(200, api.get("/api/v1/records/comeback").status());
    }

    @Test
    void removingAPicklistValueInUseIsFlaggedAndHandled() {
        deploy("""
                [{"name":"ticket","fields":[{"name":"name","type":"text"},
                   {"name":"state","type":"picklist","values":[{"value":"open"},{"value":"stale"},\
                {"value":"closed"}]}]}]""");
        SecurityIT.created(api.post(
                "/api/v1/records/ticket", new JsonObject().put("name", "t1").put("state", "stale")));
        SecurityIT.created(api.post(
                "/api/v1/records/ticket", new JsonObject().put("name", "t2").put("state", "open")));
        JsonArray without = new JsonArray("""
                [{"name":"ticket","fields":[{"name":"name","type":"text"},
                   {"name":"state","type":"picklist","values":[{"value":"open"},{"value":"closed"}]}]}]""");
        Res dry = api.deploy(new JsonObject().put("entities", without).put("dryRun", true));
        assertEquals(200, dry.status(), dry.body());
        assertEquals(
                true, dry.json().getBoolean("dataLoss"), "the plan says records hold the removed value: " + dry.body());
        JsonObject held = dry.json().getJsonArray("clearedValues").getJsonObject(0);
        assertEquals("stale", held.getString("value"), dry.body());
        assertEquals(1, held.getLong("records"), "one record holds the removed value: " + dry.body());
        Res unconfirmed = api.deploy(new JsonObject().put("entities", without));
        assertEquals(409, unconfirmed.status(), unconfirmed.body());
        assertTrue(unconfirmed.body().contains("from 1 record(s)"), unconfirmed.body());
        Res confirmed = api.deploy(new JsonObject().put("entities", without).put("confirmDataLoss", true));
        assertEquals(201, confirmed.status(), confirmed.body());
        Res cleared = api.get("/api/v1/records/ticket?count=true&filter=" + q("state is null"));
        assertEquals(200, cleared.status(), cleared.body());
        assertEquals(1, cleared.json().getLong("total"), "the value was cleared, so the record is found as empty");

        JsonArray withoutClosed = new JsonArray("""
                [{"name":"ticket","fields":[{"name":"name","type":"text"},
                   {"name":"state","type":"picklist","values":[{"value":"open"}]}]}]""");
        Res unused = api.deploy(new JsonObject().put("entities", withoutClosed));
        assertEquals(201, unused.status(), "a value no record holds goes without confirmation: " + unused.body());
        assertEquals(false, unused.json().getBoolean("dataLoss"), unused.body());
    }

    @Test
    void workflowValuesFillPlaceholdersInsideText() {
        deploy("""
                [{"name":"deal","fields":[{"name":"name","type":"text"},{"name":"amount","type":"decimal"},\
                {"name":"summary","type":"text"}],
                  "workflows":[{"name":"sum_up","on":["create"],"actions":[{"type":"update",
                     "values":{"summary":"Deal {{name}} worth {{amount}}"}}]}]}]""");
        String deal = SecurityIT.created(api.post(
                "/api/v1/records/deal", new JsonObject().put("name", "Big").put("amount", 42)));
        TestPlatform.drainJobs(api.tenant.id());
        assertEquals(
                "Deal Big worth 42",
                api.get("/api/v1/records/deal/" + deal).json().getString("summary"));
    }
}
