package dev.atrium.plugins.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.plugin.testkit.PluginHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped plugins' signed jars loaded from the plugin directory at start-up, each extension point
 * used through the platform: field types, before-save and after-commit triggers, rule functions, HTTP
 * routes (signed-in and public), scheduled jobs, templates, UI assets and navigation.
 */
class ShippedPluginsIT {
    static PluginHarness h;

    @BeforeAll
    static void start() {
        h = PluginHarness.start(Jars.of("locale-ids"), Jars.of("rfm-analytics"), Jars.of("web-forms"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void pluginsInTheDirectoryStartWithThePlatform() {
        JsonArray list = h.api().get("/api/v1/plugins").json().getJsonArray("data");
        assertEquals(3, list.size(), list.encode());
        for (Object o : list) assertEquals("started", ((JsonObject) o).getString("state"), o.toString());
        JsonArray types = h.api().get("/api/v1/plugins/field-types").json().getJsonArray("data");
        assertTrue(types.stream()
                .map(o -> ((JsonObject) o).getString("type"))
                .toList()
                .containsAll(java.util.List.of("cn_uscc", "cn_mobile", "es_nif", "ru_inn")));
    }

    @Test
    void localeIdsFieldTypesTriggerAndRuleFunction() {
        var api = h.api();
        assertEquals(
                200,
                api.post("/api/v1/plugins/locale-ids/enable", new JsonObject()).status());
        h.deploy(new JsonObject()
                .put("name", "company")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "name").put("type", "text"))
                                .add(new JsonObject().put("name", "nif").put("type", "es_nif"))
                                .add(new JsonObject().put("name", "mobile").put("type", "cn_mobile"))
                                .add(new JsonObject().put("name", "inn").put("type", "text")))
                .put(
                        "rules",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "inn_check")
                                        .put("kind", "validation")
                                        .put(
                                                "source",
                                                "if (record.inn && "
                                                        + "!plugins.valid_id('ru_inn', "
                                                        + "record.inn)) error('inn', 'is not "
                                                        + "a valid INN');"))));
        var bad = api.post(
                "/api/v1/records/company",
                new JsonObject().put("name", "Bad SL").put("nif", "12345678A"));
        assertEquals(422, bad.status(), bad.body());
        assertTrue(bad.body().contains("/nif") && bad.body().contains("expected Z"), bad.body());
        var good = api.post(
                "/api/v1/records/company",
                new JsonObject()
                        .put("name", "Good SL")
                        .put("nif", "12.345.678-z")
                        .put("mobile", "138 1234 5678"));
        assertEquals(201, good.status(), good.body());
        assertEquals("12345678Z", good.json().getString("nif"), "stored normalized");
        assertEquals("+8613812345678", good.json().getString("mobile"));
        var found = api.get("/api/v1/records/company?filter=" + q("nif = '12345678Z'"));
        assertEquals(1, found.json().getJsonArray("data").size(), "plugin types filter like text");
        var innBad = api.post(
                "/api/v1/records/company", new JsonObject().put("name", "Roga").put("inn", "7707083894"));
        assertEquals(422, innBad.status());
        assertTrue(innBad.body().contains("/inn") && innBad.body().contains("is not a valid INN"), innBad.body());
        assertEquals(
                201,
                api.post(
                                "/api/v1/records/company",
                                new JsonObject().put("name", "Sber").put("inn", "7707083893"))
                        .status());

        h.deploy(new JsonObject()
                .put("name", "account")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "name").put("type", "text"))
                                .add(new JsonObject().put("name", "country").put("type", "text"))
                                .add(new JsonObject().put("name", "tax_id").put("type", "text"))));
        var rejected = api.post(
                "/api/v1/records/account",
                new JsonObject().put("name", "Iberia").put("country", "ES").put("tax_id", "B12345670"));
        assertEquals(422, rejected.status());
        assertTrue(
                rejected.body().contains("/tax_id")
                        && rejected.body().contains("NIF/CIF (Spain)")
                        && rejected.body().contains("locale-ids"),
                rejected.body());
        var accepted = api.post(
                "/api/v1/records/account",
                new JsonObject().put("name", "Iberia").put("country", "ES").put("tax_id", "b-1234567-4"));
        assertEquals(201, accepted.status(), accepted.body());
        assertEquals("B12345674", accepted.json().getString("tax_id"));
        JsonObject created = api
                .get("/api/v1/records/account/" + accepted.json().getString("id") + "/history")
                .json()
                .getJsonArray("data")
                .stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("action").equals("create"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "plugin:locale-ids",
                created.getJsonObject("changes").getJsonObject("_by").getString("tax_id"),
                "the trigger's change is credited to the plugin, not to the user: " + created);
        assertEquals("Admin", created.getString("actorName"));
        var update = api.patch(
                "/api/v1/records/account/" + accepted.json().getString("id"), new JsonObject().put("country", "RU"));
        assertEquals(422, update.status(), "moving the account to Russia re-checks its tax id: " + update.body());

        assertEquals(
                200,
                api.post("/api/v1/plugins/locale-ids/disable", new JsonObject()).status());
        assertEquals(
                201,
                api.post(
                                "/api/v1/records/account",
                                new JsonObject()
                                        .put("name", "Other")
                                        .put("country", "ES")
                                        .put("tax_id", "nonsense"))
                        .status(),
                "a disabled plugin's trigger does not run for the tenant");
        assertEquals(
                200,
                api.post("/api/v1/plugins/locale-ids/enable", new JsonObject()).status());
    }

    @Test
    void rfmScoresAccountsOnDemandOnScheduleAndAfterEachOrder() {
        var api = h.api();
        h.deploy(
                new JsonObject()
                        .put("name", "account")
                        .put(
                                "fields",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "name")
                                                .put("type", "text"))
                                        .add(new JsonObject()
                                                .put("name", "country")
                                                .put("type", "text"))
                                        .add(new JsonObject()
                                                .put("name", "tax_id")
                                                .put("type", "text"))),
                new JsonObject()
                        .put("name", "order")
                        .put(
                                "fields",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "account")
                                                .put("type", "lookup")
                                                .put("target", "account"))
                                        .add(new JsonObject()
                                                .put("name", "order_date")
                                                .put("type", "date"))
                                        .add(new JsonObject()
                                                .put("name", "total")
                                                .put("type", "currency")
                                                .put("currency", "EUR"))
                                        .add(new JsonObject()
                                                .put("name", "status")
                                                .put("type", "picklist")
                                                .put(
                                                        "values",
                                                        new JsonArray()
                                                                .add(new JsonObject().put("value", "open"))
                                                                .add(new JsonObject().put("value", "cancelled"))))));
        var noGrant = api.post("/api/v1/plugins/rfm-analytics/enable", new JsonObject());
        assertEquals(422, noGrant.status());
        assertTrue(
                noGrant.body().contains("account (edit, read)")
                        && noGrant.body().contains("order (read)"),
                noGrant.body());
        assertEquals(
                200,
                api.post("/api/v1/plugins/rfm-analytics/enable", new JsonObject().put("grantAccess", true))
                        .status());
        var meta = api.get("/api/v1/metadata/entities/account");
        assertTrue(
                meta.body().contains("rfm_segment") && meta.body().contains("\"name\":\"tax_id\""),
                "the template added fields and kept the tenant's: " + meta.body());

        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        Map<String, int[]> plan = Map.of(
                "Fresh Big", new int[] {1, 6, 900}, "Old Small", new int[] {400, 1, 10}, "Mid", new int[] {60, 3, 200});
        Map<String, String> ids = new java.util.HashMap<>();
        for (var e : plan.entrySet()) {
            String id = api.post(
                            "/api/v1/records/account",
                            new JsonObject().put("name", e.getKey()).put("country", "US"))
                    .json()
                    .getString("id");
            ids.put(e.getKey(), id);
            for (int i = 0; i < e.getValue()[1]; i++) {
                var o = api.post(
                        "/api/v1/records/order",
                        new JsonObject()
                                .put("account", id)
                                .put(
                                        "order_date",
                                        today.minusDays(e.getValue()[0] + i * 7L)
                                                .toString())
                                .put("total", e.getValue()[2])
                                .put("status", "open"));
                assertEquals(201, o.status(), o.body());
            }
        }
        api.post(
                "/api/v1/records/order",
                new JsonObject()
                        .put("account", ids.get("Old Small"))
                        .put("order_date", today.toString())
                        .put("total", 99999)
                        .put("status", "cancelled"));
        h.drainJobs();
        JsonObject fresh =
                api.get("/api/v1/records/account/" + ids.get("Fresh Big")).json();
        assertEquals(
                6,
                fresh.getInteger("rfm_frequency"),
                "the after-commit trigger refreshed the metrics: " + fresh.encode());
        assertEquals(1, fresh.getInteger("rfm_recency_days"));
        JsonObject old =
                api.get("/api/v1/records/account/" + ids.get("Old Small")).json();
        assertEquals(1, old.getInteger("rfm_frequency"), "cancelled orders do not count");

        var recalc = api.post("/api/v1/ext/rfm-analytics/recalculate", new JsonObject());
        assertEquals(200, recalc.status(), recalc.body());
        assertEquals(3, recalc.json().getInteger("accounts"));
        fresh = api.get("/api/v1/records/account/" + ids.get("Fresh Big")).json();
        old = api.get("/api/v1/records/account/" + ids.get("Old Small")).json();
        assertEquals("555", fresh.getString("rfm_score"));
        assertEquals("champions", fresh.getString("rfm_segment"));
        assertEquals("111", old.getString("rfm_score"));
        assertEquals("lost", old.getString("rfm_segment"));
        assertEquals(405, api.get("/api/v1/ext/rfm-analytics/recalculate").status());
        var someone = h.user("someone@rfm.test");
        assertEquals(
                403,
                someone.post("/api/v1/ext/rfm-analytics/recalculate", new JsonObject())
                        .status(),
                "scoring every account is for administrators");
        api.patch(
                "/api/v1/records/account/" + ids.get("Old Small"), new JsonObject().put("rfm_segment", (String) null));
        var queued = api.post("/api/v1/ext/rfm-analytics/recalculate?async=true", new JsonObject());
        assertEquals(202, queued.status(), queued.body());
        long job = queued.json().getLong("job");
        h.drainJobs();
        assertEquals(
                "lost",
                api.get("/api/v1/records/account/" + ids.get("Old Small"))
                        .json()
                        .getString("rfm_segment"),
                "the queued scoring ran (runLater)");
        assertTrue(api.get("/api/v1/jobs?status=done").body().contains("\"id\":" + job), "as a durable job");

        // the nightly job, run now through the plugin manager
        api.patch("/api/v1/records/account/" + ids.get("Mid"), new JsonObject().put("rfm_segment", (String) null));
        var run = api.post("/api/v1/plugins/rfm-analytics/jobs/nightly-scoring/run", new JsonObject());
        assertEquals(202, run.status(), run.body());
        h.drainJobs();
        assertNotNull(
                api.get("/api/v1/records/account/" + ids.get("Mid")).json().getString("rfm_segment"),
                "the scheduled job scored again");
        assertEquals(
                404,
                api.post("/api/v1/plugins/rfm-analytics/jobs/nope/run", new JsonObject())
                        .status());

        // schedules: the first sight records the fire time; a later fire time queues one job per tenant
        var p = h.platform();
        int first = p.blocking(() -> p.plugins().schedule(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        int again = p.blocking(() -> p.plugins().schedule(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
        int tomorrow = p.blocking(() -> p.plugins()
                .schedule(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusDays(1)));
        assertEquals(0, first);
        assertEquals(0, again);
        assertEquals(1, tomorrow, "one nightly run for the one tenant that enabled the plugin");
        h.drainJobs();

        // the rule function
        h.deploy(new JsonObject()
                .put("name", "segment_probe")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject().put("name", "r").put("type", "integer"))
                                .add(new JsonObject().put("name", "segment").put("type", "text")))
                .put(
                        "rules",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "seg")
                                        .put("kind", "before_save")
                                        .put("source", "record.segment = plugins.rfm_segment(record.r, 5, 5);"))));
        assertEquals(
                "at_risk",
                api.post("/api/v1/records/segment_probe", new JsonObject().put("r", 2))
                        .json()
                        .getString("segment"));
        var badCall = api.post("/api/v1/records/segment_probe", new JsonObject().put("r", 9));
        assertEquals(422, badCall.status());
        assertTrue(
                badCall.body().contains("rfm-analytics") && badCall.body().contains("scores are 1 to 5"),
                badCall.body());
    }

    @Test
    void webFormsCreateLeadsPubliclyAndDropSpam() {
        var api = h.api();
        h.deploy(new JsonObject()
                .put("name", "lead")
                .put(
                        "fields",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "name")
                                        .put("type", "text")
                                        .put("required", true))
                                .add(new JsonObject().put("name", "email").put("type", "email"))
                                .add(new JsonObject().put("name", "source").put("type", "text"))));
        String forms = "{\"contact\": {\"entity\": \"lead\", \"fields\": {\"full_name\": \"name\", \"email\": "
                + "\"email\"}, \"fixed\": {\"source\": \"web\"}, \"required\": [\"email\"]}}";
        var badSettings = api.post(
                "/api/v1/plugins/web-forms/enable",
                new JsonObject().put("grantAccess", true).put("settings", new JsonObject().put("forms", "{not json")));
        assertEquals(422, badSettings.status());
        assertTrue(badSettings.body().contains("/settings/forms"), badSettings.body());
        assertEquals(
                200,
                api.post(
                                "/api/v1/plugins/web-forms/enable",
                                new JsonObject()
                                        .put("grantAccess", true)
                                        .put("settings", new JsonObject().put("forms", forms)))
                        .status());

        var anon = api.anonymous();
        String url = "/api/v1/ext/web-forms/submit/contact?tenant=acme";
        var ok = anon.send(
                "POST",
                url,
                "full_name=Jos%C3%A9+P%C3%A9rez&email=jose%40example.es",
                "application/x-www-form-urlencoded",
                null,
                null);
        assertEquals(201, ok.status(), ok.body());
        JsonObject lead =
                api.get("/api/v1/records/lead/" + ok.json().getString("id")).json();
        assertEquals("José Pérez", lead.getString("name"));
        assertEquals("web", lead.getString("source"));
        JsonObject change =
                api
                        .get("/api/v1/records/lead/" + lead.getString("id") + "/history")
                        .json()
                        .getJsonArray("data")
                        .stream()
                        .map(o -> (JsonObject) o)
                        .filter(o -> o.getString("action").equals("create"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(
                dev.atrium.plugins.PluginServices.principalId("web-forms").toString(),
                change.getString("actor"),
                "audited under the plugin's principal: " + change);
        assertEquals("Plugin web-forms", change.getString("actorName"), "the history names the plugin: " + change);

        var spam = anon.send(
                "POST",
                url,
                new JsonObject()
                        .put("full_name", "Bot")
                        .put("email", "b@x.io")
                        .put("website", "http://spam")
                        .encode(),
                "application/json",
                null,
                null);
        assertEquals(200, spam.status());
        var missing = anon.send(
                "POST", url, new JsonObject().put("full_name", "No Mail").encode(), "application/json", null, null);
        assertEquals(422, missing.status());
        var invalid = anon.send(
                "POST",
                url,
                new JsonObject()
                        .put("full_name", "Bad Mail")
                        .put("email", "nope")
                        .encode(),
                "application/json",
                null,
                null);
        assertEquals(422, invalid.status(), "the normal write path validates: " + invalid.body());
        // the plugin refusing bad input (PluginException, 400) is not a failure: outsiders cannot switch it off
        for (int i = 0; i < 12; i++) {
            var garbage = anon.send("POST", url, "{not json", "application/json", null, null);
            assertEquals(400, garbage.status(), garbage.body());
        }
        JsonObject state = api.get("/api/v1/plugins/web-forms").json();
        assertEquals("started", state.getString("state"), state.encode());
        assertEquals(true, state.getBoolean("enabled"), "still enabled for the tenant: " + state.encode());
        assertEquals(null, state.getValue("suspended"), state.encode());
        assertEquals(
                1,
                api.get("/api/v1/records/lead").json().getJsonArray("data").size(),
                "only the human submission created a lead");
        assertEquals(
                404,
                anon.send(
                                "POST",
                                "/api/v1/ext/web-forms/submit/contact?tenant=nope",
                                "{}",
                                "application/json",
                                null,
                                null)
                        .status());
        assertEquals(
                404,
                anon.send(
                                "POST",
                                "/api/v1/ext/web-forms/submit/other?tenant=acme",
                                "{}",
                                "application/json",
                                null,
                                null)
                        .status());
        assertEquals(401, anon.get("/api/v1/ext/web-forms/forms").status(), "non-public routes need a login");
        var listed = api.get("/api/v1/ext/web-forms/forms");
        assertEquals(200, listed.status());
        assertEquals(
                "/api/v1/ext/web-forms/submit/contact?tenant=acme",
                listed.json().getJsonArray("data").getJsonObject(0).getString("submitUrl"));

        // 30 a minute per address in fixed minute windows: 65 requests fill at least one window, even when
        // a minute boundary falls in the middle of the flood
        int limited = 0;
        for (int i = 0; i < 65 && limited == 0; i++) {
            if (anon.send(
                                    "POST",
                                    url,
                                    new JsonObject()
                                            .put("full_name", "Flood")
                                            .put("email", "f" + i + "@x.io")
                                            .put("website", "x")
                                            .encode(),
                                    "application/json",
                                    null,
                                    null)
                            .status()
                    == 429) limited++;
        }
        assertTrue(limited >= 1, "public routes are rate limited per address");

        JsonArray nav = api.get("/api/v1/plugins/navigation").json().getJsonArray("data");
        assertTrue(
                nav.stream().anyMatch(o -> ((JsonObject) o).getString("path").equals("/ext/web-forms/forms.html")),
                nav.encode());
        var js = anon.get("/ext/web-forms/embed.js");
        assertEquals(200, js.status());
        assertTrue(js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
        assertTrue(js.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
        assertEquals(404, anon.get("/ext/web-forms/..%2Fpom.xml").status());
        assertEquals(404, anon.get("/ext/web-forms/nothing.js").status());
        assertFalse(api.get("/api/v1/plugins/web-forms")
                .json()
                .getJsonObject("values")
                .getString("forms")
                .isEmpty());
    }
}
