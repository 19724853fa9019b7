package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * crm-core's processes through the API: lead conversion with its duplicate check, duplicate rules, merging
 * accounts, and a quote with discounted lines becoming an order.
 */
class CrmProcessesIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("crm");
        TestPlatform.installPackage(TestPlatform.get(), api.tenant, "crm-core", null);
    }

    static String create(String entity, JsonObject body) {
        Res r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static JsonObject get(String entity, String id) {
        Res r = api.get("/api/v1/records/" + entity + "/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static int count(String entity, String filter) {
        Res r = api.get("/api/v1/records/" + entity + "?count=true&filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body());
        return r.json().getInteger("total");
    }

    static JsonObject lead(String name, String company, String email, String phone) {
        return new JsonObject()
                .put("name", name)
                .put("company", company)
                .put("email", email)
                .put("phone", phone)
                .put("source", "web")
                .put("status", "new");
    }

    @Test
    void aLeadConvertsToAccountContactAndOpportunityAfterTheDuplicateCheck() {
        String existing = create(
                "account", new JsonObject().put("name", "Torres Logistics").put("phone", "+34 600 111 222"));
        String lead = create("lead", lead("Ana Torres", "Torres Logistics", "ana@torres.test", "600-111-222"));
        String activity = create(
                "activity",
                new JsonObject()
                        .put("subject", "First call")
                        .put("kind", "call")
                        .put(
                                "related_to",
                                new JsonObject().put("entity", "lead").put("id", lead)));

        Res preview = api.get("/api/v1/records/lead/" + lead + "/conversions/convert");
        assertEquals(200, preview.status(), preview.body());
        JsonObject account = preview.json().getJsonArray("targets").getJsonObject(0);
        assertEquals("Torres Logistics", account.getJsonObject("values").getString("name"));
        JsonArray matches = account.getJsonArray("matches");
        assertEquals(1, matches.size(), preview.body());
        assertEquals(existing, matches.getJsonObject(0).getString("id"));
        assertTrue(matches.getJsonObject(0).getJsonArray("rules").contains("same_phone"), preview.body());

        Res refused = api.post("/api/v1/records/lead/" + lead + "/conversions/convert", new JsonObject());
        assertEquals(409, refused.status(), refused.body());
        assertEquals("account", refused.json().getString("target"));
        assertEquals(
                existing,
                refused.json().getJsonArray("matches").getJsonObject(0).getString("id"));
        assertEquals("new", get("lead", lead).getString("status"), "a refused conversion changes nothing");
        assertEquals(0, count("contact", "email = 'ana@torres.test'"));

        Res bad = api.post(
                "/api/v1/records/lead/" + lead + "/conversions/convert",
                new JsonObject().put("skip", new JsonArray().add("contact")));
        assertEquals(422, bad.status(), bad.body());
        assertEquals("/skip", bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));

        Res done = api.post(
                "/api/v1/records/lead/" + lead + "/conversions/convert",
                new JsonObject()
                        .put("use", new JsonObject().put("account", existing))
                        .put("values", new JsonObject().put("opportunity", new JsonObject().put("amount", 5000))));
        assertEquals(200, done.status(), done.body());
        JsonObject records = done.json().getJsonObject("records");
        assertFalse(records.getJsonObject("account").getBoolean("created"));
        String contact = records.getJsonObject("contact").getString("id");
        String opportunity = records.getJsonObject("opportunity").getString("id");
        JsonObject c = get("contact", contact);
        assertEquals("Ana Torres", c.getString("last_name"));
        assertEquals(existing, c.getString("account"));
        JsonObject o = get("opportunity", opportunity);
        assertEquals(existing, o.getString("account"));
        assertEquals(contact, o.getString("contact"));
        assertEquals("web", o.getString("source"));
        JsonObject converted = get("lead", lead);
        assertEquals("converted", converted.getString("status"));
        assertEquals(contact, converted.getString("converted_contact"));
        assertEquals(opportunity, converted.getString("converted_opportunity"));
        assertEquals(
                new JsonObject().put("entity", "contact").put("id", contact),
                get("activity", activity).getJsonObject("related_to"),
                "the lead's activities move to the contact");
        assertEquals(1, done.json().getInteger("moved"));

        Res again = api.post("/api/v1/records/lead/" + lead + "/conversions/convert", new JsonObject());
        assertEquals(409, again.status(), "a converted lead cannot be converted twice: " + again.body());
        assertEquals(1, count("contact", "email = 'ana@torres.test'"));
    }

    @Test
    void aConversionThatFailsHalfWayChangesNothing() {
        String lead = create("lead", lead("Solo Person", null, "solo@nowhere.test", null));
        Res r = api.post(
                "/api/v1/records/lead/" + lead + "/conversions/convert",
                new JsonObject().put("skip", new JsonArray().add("opportunity")));
        assertEquals(422, r.status(), "an account needs a name, and the lead has no company: " + r.body());
        assertEquals("new", get("lead", lead).getString("status"));
        assertEquals(0, count("contact", "email = 'solo@nowhere.test'"));
    }

    @Test
    void duplicateRulesFindEmailsPhonesAndSimilarNamesTheCallerMayRead() {
        String ana = create(
                "contact",
                new JsonObject()
                        .put("first_name", "Anabel")
                        .put("last_name", "Quintero")
                        .put("email", "anabel@quintero.test")
                        .put("phone", "+7 (912) 345-67-89"));
        Res byEmail = api.post(
                "/api/v1/records/contact/duplicates",
                new JsonObject().put("values", new JsonObject().put("email", "  ANABEL@Quintero.test ")));
        assertEquals(200, byEmail.status(), byEmail.body());
        assertEquals(
                ana, byEmail.json().getJsonArray("matches").getJsonObject(0).getString("id"));

        Res byPhone = api.post(
                "/api/v1/records/contact/duplicates",
                new JsonObject().put("values", new JsonObject().put("phone", "89123456789")));
        assertEquals(
                List.of("same_phone"),
                byPhone.json()
                        .getJsonArray("matches")
                        .getJsonObject(0)
                        .getJsonArray("rules")
                        .getList());

        Res byName = api.post(
                "/api/v1/records/contact/duplicates",
                new JsonObject()
                        .put(
                                "values",
                                new JsonObject().put("first_name", "Anabell").put("last_name", "quintero")));
        JsonObject match = byName.json().getJsonArray("matches").getJsonObject(0);
        assertEquals(ana, match.getString("id"));
        assertTrue(match.getDouble("score") >= 0.5 && match.getDouble("score") < 1, byName.body());

        Res itself = api.post(
                "/api/v1/records/contact/duplicates",
                new JsonObject().put("id", ana).put("values", new JsonObject().put("email", "anabel@quintero.test")));
        assertTrue(itself.json().getJsonArray("matches").isEmpty(), "a record is not its own duplicate");

        Res different = api.post(
                "/api/v1/records/contact/duplicates",
                new JsonObject()
                        .put(
                                "values",
                                new JsonObject().put("first_name", "Boris").put("last_name", "Q")));
        assertTrue(different.json().getJsonArray("matches").isEmpty(), different.body());

        Res unknown = api.post("/api/v1/records/contact/duplicates", new JsonObject().put("valuez", new JsonObject()));
        assertEquals(422, unknown.status());
    }

    @Test
    void mergingAccountsRepointsEveryRelatedRecordAndIsAudited() {
        String keep = create("account", new JsonObject().put("name", "Volga Trade"));
        String dup = create(
                "account", new JsonObject().put("name", "Volga Trade LLC").put("phone", "+7 495 000 11 22"));
        String onKeep =
                create("contact", new JsonObject().put("last_name", "Ivanova").put("account", keep));
        String onDup =
                create("contact", new JsonObject().put("last_name", "Petrov").put("account", dup));
        String deal = create(
                "opportunity",
                new JsonObject().put("name", "Volga deal").put("account", dup).put("stage", "prospect"));
        String note = create(
                "activity",
                new JsonObject()
                        .put("subject", "Met at fair")
                        .put("kind", "meeting")
                        .put(
                                "related_to",
                                new JsonObject().put("entity", "account").put("id", dup)));

        Res self = api.post(
                "/api/v1/records/account/merge",
                new JsonObject().put("survivor", keep).put("duplicates", new JsonArray().add(keep)));
        assertEquals(422, self.status(), self.body());
        Res missing = api.post(
                "/api/v1/records/account/merge",
                new JsonObject()
                        .put("survivor", keep)
                        .put(
                                "duplicates",
                                new JsonArray()
                                        .add(dup)
                                        .add(java.util.UUID.randomUUID().toString())));
        assertEquals(404, missing.status(), missing.body());
        assertEquals(dup, get("contact", onDup).getString("account"), "a refused merge changes nothing");

        Res merged = api.post(
                "/api/v1/records/account/merge",
                new JsonObject()
                        .put("survivor", keep)
                        .put("duplicates", new JsonArray().add(dup))
                        .put("values", new JsonObject().put("phone", "+7 495 000 11 22")));
        assertEquals(200, merged.status(), merged.body());
        assertEquals("+7 495 000 11 22", merged.json().getJsonObject("record").getString("phone"));
        for (String contact : List.of(onKeep, onDup))
            assertEquals(keep, get("contact", contact).getString("account"));
        assertEquals(keep, get("opportunity", deal).getString("account"));
        assertEquals(keep, get("activity", note).getJsonObject("related_to").getString("id"));
        assertEquals(404, api.get("/api/v1/records/account/" + dup).status(), "the duplicate is in the recycle bin");
        assertEquals(
                200,
                api.post("/api/v1/records/account/" + dup + "/restore", new JsonObject())
                        .status());
        assertEquals(0, count("contact", "account = '" + dup + "'"), "a restore does not take the records back");

        Res audit = api.get("/api/v1/audit?action=merge&record=" + keep);
        assertEquals(200, audit.status(), audit.body());
        JsonArray events = audit.json().getJsonArray("data");
        assertEquals(1, events.size(), audit.body());
        assertTrue(events.encode().contains(dup), "the merge event names the duplicate: " + events.encode());
    }

    @Test
    void aQuoteWithDiscountedLinesTotalsAndBecomesAnOrder() {
        String account = create("account", new JsonObject().put("name", "Harbin Machines"));
        String product = create("product", new JsonObject().put("name", "Pump").put("code", "P-1"));
        String quote = create("quote", new JsonObject().put("account", account).put("status", "draft"));
        List<String> lines = new ArrayList<>();
        lines.add(create(
                "quote_line",
                new JsonObject()
                        .put("quote", quote)
                        .put("product", product)
                        .put("quantity", 2)
                        .put("unit_price", 1000)
                        .put("discount", 10)));
        lines.add(create(
                "quote_line",
                new JsonObject()
                        .put("quote", quote)
                        .put("product", product)
                        .put("quantity", 1)
                        .put("unit_price", 500)));
        assertEquals(2300.0, get("quote", quote).getDouble("total"), 0.001);

        Res early = api.post("/api/v1/records/quote/" + quote + "/conversions/to_order", new JsonObject());
        assertEquals(409, early.status(), "only an accepted quote becomes an order: " + early.body());
        for (String status : List.of("sent", "accepted")) {
            Res moved = api.patch("/api/v1/records/quote/" + quote, new JsonObject().put("status", status), null);
            assertEquals(200, moved.status(), moved.body());
        }
        Res ordered = api.post("/api/v1/records/quote/" + quote + "/conversions/to_order", new JsonObject());
        assertEquals(200, ordered.status(), ordered.body());
        assertEquals(2, ordered.json().getInteger("lines"));
        String order =
                ordered.json().getJsonObject("records").getJsonObject("order").getString("id");
        JsonObject o = get("order", order);
        assertEquals(quote, o.getString("quote"));
        assertEquals(account, o.getString("account"));
        assertEquals(2300.0, o.getDouble("total"), 0.001, "the order's lines keep the quote's prices and discounts");
        assertEquals(2, count("order_line", "order = '" + order + "'"));
        assertNull(ordered.json().getJsonObject("records").getJsonObject("opportunity"));
    }

    @Test
    void aCaseSuggestsPublishedArticlesThatShareTheMostWordsWithItsSubject() {
        String best = create(
                "knowledge_article",
                new JsonObject().put("title", "Printer shows paper jam error").put("published", true));
        String partial = create(
                "knowledge_article",
                new JsonObject().put("title", "Paper sizes").put("published", true));
        create(
                "knowledge_article",
                new JsonObject().put("title", "Printer paper jam (draft)").put("published", false));
        create(
                "knowledge_article",
                new JsonObject().put("title", "Resetting passwords").put("published", true));
        String kase = create(
                "case",
                new JsonObject().put("subject", "Paper jam in the printer").put("status", "new"));

        Res r = api.get("/api/v1/records/case/" + kase + "/suggestions");
        assertEquals(200, r.status(), r.body());
        List<Object> ids = r.json().getJsonArray("data").stream()
                .map(x -> ((JsonObject) x).getString("id"))
                .map(Object.class::cast)
                .toList();
        assertEquals(List.of(best, partial), ids, "most shared words first; drafts and unrelated ones left out");
        assertEquals(
                404,
                api.get("/api/v1/records/account/" + create("account", new JsonObject().put("name", "X"))
                                + "/suggestions")
                        .status(),
                "an entity without suggestions says so");
    }

    @Test
    void anAddressIsWrittenInPartsAndShownFilteredAndSearchedAsOne() {
        String id = create(
                "account",
                new JsonObject()
                        .put("name", "Atocha Foods")
                        .put(
                                "billing_address",
                                new JsonObject()
                                        .put("street", "Calle de Atocha 27")
                                        .put("postal_code", "28012")
                                        .put("city", "Madrid")
                                        .put("country", "Spain")));
        JsonObject address = get("account", id).getJsonObject("billing_address");
        assertEquals("Calle de Atocha 27, 28012 Madrid, Spain", address.getString("text"));
        assertEquals("28012", address.getString("postal_code"));
        assertEquals(1, count("account", "billing_address like '%28012 Madrid%'"), "filtered as one line");
        Res found = api.get("/api/v1/search?q=Atocha%2027&entities=account");
        assertEquals(200, found.status(), found.body());
        assertEquals(id, found.json().getJsonArray("results").getJsonObject(0).getString("id"), "searched as one");
        Res bad = api.patch(
                "/api/v1/records/account/" + id,
                new JsonObject().put("billing_address", new JsonObject().put("town", "Madrid")),
                null);
        assertEquals(422, bad.status(), bad.body());
        assertEquals(
                "/billing_address",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }
}
