package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Record access holds wherever a query follows a lookup: a record the reader cannot open does not
 * answer filters or sorts through a path, does not feed a formula, and is not counted by a roll-up; a
 * computed field that reads a field the reader cannot see is not shown to them at all.
 */
class LookupAccessIT {
    static Api admin, rep;
    static String hidden, own, visibleContact;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("lookups");
        Res d = admin.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"account","titleField":"name","fields":[
                   {"name":"name","type":"text"},{"name":"annual_revenue","type":"decimal"},{"name":"rating",\
                "type":"text"},
                   {"name":"deal_total","type":"rollup","rollup":{"function":"sum","entity":"deal",\
                "via":"account","field":"amount"}},
                   {"name":"deal_count","type":"rollup","rollup":{"function":"count","entity":"deal","via":"account"}},
                   {"name":"secret_score","type":"decimal"},
                   {"name":"score_doubled","type":"formula","returns":"number","expression":"secret_score * 2"}]},
                 {"name":"contact","fields":[{"name":"name","type":"text"},{"name":"account","type":"lookup",\
                "target":"account"},
                   {"name":"account_revenue","type":"formula","returns":"number","expression":"account.annual_revenue"},
                   {"name":"account_name","type":"formula","returns":"text","expression":"account.name"}]},
                 {"name":"deal","fields":[{"name":"name","type":"text"},{"name":"account","type":"lookup",\
                "target":"account"},
                   {"name":"amount","type":"decimal"}]}]""")));
        assertEquals(201, d.status(), d.body());
        String set = SecurityIT.created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"rep","definition":{"entities":{
                  "account":{"create":true,"read":true,"edit":true,"fields":{"name":{"edit":true},\
                "rating":{"edit":true},
                     "annual_revenue":{"read":true},"deal_total":{"read":true},"deal_count":{"read":true},
                     "score_doubled":{"read":true}}},
                  "contact":{"create":true,"read":true,"edit":true,"viewAll":true,\
                "fields":{"name":{"edit":true},"account":{"edit":true},
                     "account_revenue":{"read":true},"account_name":{"read":true}}},
                  "deal":{"create":true,"read":true,"edit":true,"fields":{"name":{"edit":true},\
                "account":{"edit":true},"amount":{"edit":true}}}}}}""")));
        rep = SecurityITUsers.user(admin, "rep", set);
        hidden = SecurityIT.created(admin.post(
                "/api/v1/records/account",
                new JsonObject()
                        .put("name", "Secret Holdings")
                        .put("annual_revenue", 7_345_000)
                        .put("rating", "hot")));
        own = SecurityIT.created(rep.post("/api/v1/records/account", new JsonObject().put("name", "Rep's own")));
        visibleContact = SecurityIT.created(admin.post(
                "/api/v1/records/contact",
                new JsonObject().put("name", "Contact at the secret account").put("account", hidden)));
        SecurityIT.created(rep.post(
                "/api/v1/records/deal",
                new JsonObject().put("name", "mine").put("account", own).put("amount", 100)));
        SecurityIT.created(admin.post(
                "/api/v1/records/deal",
                new JsonObject().put("name", "not mine").put("account", own).put("amount", 5000)));
    }

    static long total(Api api, String entity, String filter) {
        Res r = api.get("/api/v1/records/" + entity + "?count=true&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body());
        return r.json().getLong("total");
    }

    @Test
    void aLookedUpRecordTheReaderCannotOpenAnswersNoFilter() {
        assertEquals(404, rep.get("/api/v1/records/account/" + hidden).status(), "the rep cannot open the account");
        assertEquals(1, total(rep, "contact", "account = '" + hidden + "'"), "the contact itself is visible (viewAll)");
        assertEquals(
                1,
                total(admin, "contact", "account = '" + hidden + "' and account.annual_revenue > 7000000"),
                "the administrator's answer, for comparison");
        for (String probe : new String[] {
            "account = '" + hidden + "' and account.annual_revenue > 0",
            "account = '" + hidden + "' and account.annual_revenue is null",
            "account = '" + hidden + "' and account.name like 'S%'",
            "account = '" + hidden + "' and account.rating = 'hot'",
        }) {
            long n = total(rep, "contact", probe);
            assertEquals(probe.contains("is null") ? 1 : 0, n, "the hidden account behaves as if absent: " + probe);
        }
    }

    @Test
    void sortingThroughAHiddenLookupRevealsNothing() {
        String small = SecurityIT.created(admin.post(
                "/api/v1/records/account",
                new JsonObject().put("name", "Small Secret").put("annual_revenue", 1)));
        SecurityIT.created(admin.post(
                "/api/v1/records/contact",
                new JsonObject().put("name", "Contact at the small account").put("account", small)));
        java.util.List<String> ascending = names(rep, "account.annual_revenue");
        java.util.List<String> descending = names(rep, "-account.annual_revenue");
        assertEquals(ascending, descending, "hidden values sort as equal (empty), so the order tells nothing");
        assertEquals(
                names(admin, "account.annual_revenue").reversed(),
                names(admin, "-account.annual_revenue"),
                "for the administrator the sort is real");
    }

    static java.util.List<String> names(Api api, String sort) {
        Res r = api.get("/api/v1/records/contact?sort=" + sort + "&filter="
                + URLEncoder.encode("name like 'Contact at%'", StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("data").stream()
                .map(o -> ((JsonObject) o).getString("name"))
                .toList();
    }

    @Test
    void formulasFollowTheReadersRowAccess() {
        JsonObject asRep = rep.get("/api/v1/records/contact/" + visibleContact).json();
        assertTrue(asRep.containsKey("account_name"), asRep.encode());
        assertNull(asRep.getValue("account_name"), "the hidden account's name does not reach the rep: " + asRep);
        assertNull(asRep.getValue("account_revenue"));
        JsonObject asAdmin =
                admin.get("/api/v1/records/contact/" + visibleContact).json();
        assertEquals("Secret Holdings", asAdmin.getString("account_name"));
        assertEquals(0, total(rep, "contact", "account_name = 'Secret Holdings'"), "nor can the rep filter on it");
    }

    @Test
    void rollUpsCountOnlyWhatTheReaderCanRead() {
        JsonObject asRep = rep.get("/api/v1/records/account/" + own).json();
        assertEquals(100, ((Number) asRep.getValue("deal_total")).intValue(), asRep.encode());
        assertEquals(
                1,
                ((Number) asRep.getValue("deal_count")).intValue(),
                "the administrator's deal is not counted for the rep");
        JsonObject asAdmin = admin.get("/api/v1/records/account/" + own).json();
        assertEquals(5100, ((Number) asAdmin.getValue("deal_total")).intValue());
        assertEquals(0, total(rep, "account", "deal_total > 1000"), "nor filtered on");
    }

    @Test
    void aComputedFieldOverAFieldTheReaderCannotSeeIsNotShown() {
        JsonObject asRep = rep.get("/api/v1/records/account/" + own).json();
        assertFalse(asRep.containsKey("score_doubled"), "it reads secret_score, which the rep may not read: " + asRep);
        Res probe = rep.get(
                "/api/v1/records/account?filter=" + URLEncoder.encode("score_doubled > 1", StandardCharsets.UTF_8));
        assertEquals(400, probe.status(), "as if it did not exist: " + probe.body());
        JsonObject mine = rep.get("/api/v1/metadata/entities?view=me").json();
        JsonObject account = mine.getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(e -> e.getString("name").equals("account"))
                .findFirst()
                .orElseThrow();
        assertTrue(account.getJsonArray("fields").stream()
                .noneMatch(f -> ((JsonObject) f).getString("name").equals("score_doubled")));
    }
}
