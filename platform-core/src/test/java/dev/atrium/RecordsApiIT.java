package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The records API over real HTTP and PostgreSQL, on an entity with every field type. */
class RecordsApiIT {
    static Api api;
    static String accountId;
    static String otherAccountId;

    static final String ENTITIES = """
            [{"name":"account","titleField":"name","fields":[
               {"name":"name","type":"text","required":true,"searchable":true},
               {"name":"code","type":"text","externalId":true,"maxLength":20}]},
             {"name":"thing","titleField":"t","fields":[
               {"name":"t","type":"text","maxLength":50,"searchable":true},{"name":"lt","type":"long_text"},\
            {"name":"rt","type":"rich_text"},
               {"name":"em","type":"email"},{"name":"ph","type":"phone"},{"name":"u","type":"url"},\
            {"name":"i","type":"integer","min":0},
               {"name":"d","type":"decimal","precision":10,"scale":3},{"name":"c","type":"currency",\
            "currency":"EUR"},{"name":"p","type":"percent"},
               {"name":"b","type":"boolean","default":true},{"name":"dt","type":"date"},{"name":"ts",\
            "type":"datetime"},{"name":"tm","type":"time"},
               {"name":"pl","type":"picklist","default":"a","values":[{"value":"a"},{"value":"b"}]},
               {"name":"mp","type":"multi_picklist","values":[{"value":"x"},{"value":"y"}]},
               {"name":"lk","type":"lookup","target":"account"},
               {"name":"mm","type":"many_to_many","target":"account","linkFields":[{"name":"role","type":"text"}]},
               {"name":"po","type":"polymorphic_lookup","targets":["account","thing"]},
               {"name":"an","type":"autonumber","prefix":"T-","digits":4},{"name":"js","type":"json"}]},
             {"name":"parent","fields":[{"name":"title","type":"text"}]},
             {"name":"child","fields":[{"name":"parent","type":"master_detail","target":"parent",\
            "required":true},{"name":"title","type":"text"}]}]
            """;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("records");
        Res r = api.deploy(new JsonObject().put("entities", new JsonArray(ENTITIES)));
        assertEquals(201, r.status(), r.body());
        accountId = api.post(
                        "/api/v1/records/account",
                        new JsonObject().put("name", "上海长江贸易").put("code", "A1"))
                .json()
                .getString("id");
        otherAccountId = api.post(
                        "/api/v1/records/account",
                        new JsonObject().put("name", "Волга Логистик").put("code", "A2"))
                .json()
                .getString("id");
    }

    @Test
    void everyFieldTypeRoundTrips() {
        JsonObject in = new JsonObject()
                .put("t", "你好 мир")
                .put("lt", "long\ntext")
                .put("rt", "<p>x</p>")
                .put("em", "a@b.co")
                .put("ph", "+34 600 000 000")
                .put("u", "https://example.com/x")
                .put("i", 42)
                .put("d", 3.125)
                .put("c", new JsonObject().put("amount", 99.5).put("currency", "CNY"))
                .put("p", 12.5)
                .put("dt", "2024-02-29")
                .put("ts", "2024-05-01T10:15:30Z")
                .put("tm", "09:30")
                .put("mp", new JsonArray().add("y").add("x"))
                .put("lk", accountId)
                .put(
                        "mm",
                        new JsonArray()
                                .add(new JsonObject().put("id", accountId).put("role", "buyer")))
                .put("po", new JsonObject().put("entity", "account").put("id", otherAccountId))
                .put("js", new JsonObject().put("k", new JsonArray().add(1).add("two")));
        Res created = api.post("/api/v1/records/thing", in);
        assertEquals(201, created.status(), created.body());
        JsonObject out = api.get("/api/v1/records/thing/" + created.json().getString("id"))
                .json();
        for (String k : in.fieldNames()) {
            Object expected = in.getValue(k);
            Object actual = out.getValue(k);
            if (expected instanceof Number n)
                assertEquals(
                        0,
                        new java.math.BigDecimal(n.toString()).compareTo(new java.math.BigDecimal(actual.toString())),
                        k);
            else if (k.equals("c"))
                assertEquals(
                        0,
                        new java.math.BigDecimal("99.5")
                                .compareTo(new java.math.BigDecimal(out.getJsonObject("c")
                                        .getValue("amount")
                                        .toString())),
                        k);
            else assertEquals(expected.toString(), actual.toString(), "field " + k + " must round-trip");
        }
        assertEquals(true, out.getBoolean("b"), "defaults apply on create");
        assertEquals("a", out.getString("pl"), "picklist default applies");
        assertTrue(out.getString("an").matches("T-\\d{4}"), "autonumber assigned: " + out.getString("an"));
    }

    @Test
    void aListShowsEachRecordAsItsOwnReadDoes() {
        JsonObject full = new JsonObject()
                .put("t", "quote \" back\\slash </script> \u2028 emoji \uD83D\uDE00")
                .put("lt", "tab\tnew\nline\u0001")
                .put("i", 7)
                .put("d", 1.5)
                .put("c", new JsonObject().put("amount", 10).put("currency", "USD"))
                .put("b", false)
                .put("dt", "2024-01-31")
                .put("ts", "2024-05-01T10:15:30.123456Z")
                .put("tm", "23:59:59")
                .put("mp", new JsonArray().add("x"))
                .put("lk", accountId)
                .put("po", new JsonObject().put("entity", "account").put("id", accountId))
                .put("js", new JsonObject().put("nested", new JsonObject().put("n", JsonObject.of())));
        String a = api.post("/api/v1/records/thing", full).json().getString("id");
        String b = api.post("/api/v1/records/thing", new JsonObject()).json().getString("id");
        String c = api.post("/api/v1/records/thing", new JsonObject().put("t", "to the bin"))
                .json()
                .getString("id");
        assertEquals(204, api.delete("/api/v1/records/thing/" + c).status());
        for (String[] listed : new String[][] {{"", a}, {"", b}, {"deleted=true&", c}}) {
            Res page = api.get("/api/v1/records/thing?" + listed[0] + "filter="
                    + URLEncoder.encode("id = '" + listed[1] + "'", StandardCharsets.UTF_8));
            assertEquals(200, page.status(), page.body());
            JsonObject inList = page.json().getJsonArray("data").getJsonObject(0);
            JsonObject own = listed[0].isEmpty()
                    ? api.get("/api/v1/records/thing/" + listed[1]).json()
                    : api.get("/api/v1/records/thing?deleted=true&include=lk&filter="
                                    + URLEncoder.encode("id = '" + listed[1] + "'", StandardCharsets.UTF_8))
                            .json()
                            .getJsonArray("data")
                            .getJsonObject(0);
            own.remove("mm"); // a list leaves many-to-many links out
            own.remove("_included");
            assertEquals(own, inList, "listed as read: " + listed[1]);
            assertEquals(new ArrayList<>(own.fieldNames()), new ArrayList<>(inList.fieldNames()), "in order");
        }
        // a record read on its own (written straight from its row) reads as the object path writes it
        String parent = api.post("/api/v1/records/parent", new JsonObject().put("title", "P \"1\""))
                .json()
                .getString("id");
        String child = api.post(
                        "/api/v1/records/child",
                        new JsonObject().put("parent", parent).put("title", "C\n"))
                .json()
                .getString("id");
        Res own = api.get("/api/v1/records/child/" + child);
        JsonObject viaObjects = api.get("/api/v1/records/child?include=parent&filter="
                        + URLEncoder.encode("id = '" + child + "'", StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        viaObjects.remove("_included");
        assertEquals(viaObjects, own.json());
        assertEquals(
                new ArrayList<>(viaObjects.fieldNames()),
                new ArrayList<>(own.json().fieldNames()));
        assertEquals(
                "\"" + own.json().getInteger("version") + "\"",
                own.headers().firstValue("etag").orElseThrow());
        JsonObject last = api.get(
                        "/api/v1/records/thing?filter=" + URLEncoder.encode("id = '" + b + "'", StandardCharsets.UTF_8))
                .json();
        assertTrue(last.containsKey("nextCursor") && last.getValue("nextCursor") == null, "no next page: null");
    }

    @Test
    void unknownAndSystemFieldsAreRejectedNotDropped() {
        Res r = api.post(
                "/api/v1/records/thing",
                new JsonObject().put("t", "x").put("nope", 1).put("version", 5).put("owner_id", accountId));
        assertEquals(422, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        Set<String> pointers = new HashSet<>();
        for (Object e : r.json().getJsonArray("errors")) pointers.add(((JsonObject) e).getString("pointer"));
        assertEquals(Set.of("/nope", "/version", "/owner_id"), pointers, r.body());
        Res bad = api.post(
                "/api/v1/records/thing", new JsonObject().put("em", "nope").put("pl", "zzz"));
        assertEquals(422, bad.status());
        assertTrue(bad.body().contains("/em") && bad.body().contains("/pl"), bad.body());
    }

    @Test
    void nullClearsAFieldOnUpdate() {
        JsonObject rec = api.post(
                        "/api/v1/records/thing",
                        new JsonObject().put("t", "keep").put("lt", "to be cleared"))
                .json();
        Res cleared = api.patch("/api/v1/records/thing/" + rec.getString("id"), new JsonObject().putNull("lt"), null);
        assertEquals(200, cleared.status(), cleared.body());
        assertEquals(null, cleared.json().getValue("lt"));
        assertEquals("keep", cleared.json().getString("t"));
    }

    @Test
    void staleWriteGets409AndChangesNothing() {
        JsonObject rec = api.post("/api/v1/records/thing", new JsonObject().put("t", "v1"))
                .json();
        String path = "/api/v1/records/thing/" + rec.getString("id");
        Res ok = api.patch(path, new JsonObject().put("t", "v2"), "\"1\"");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("\"2\"", ok.headers().firstValue("etag").orElseThrow());
        Res stale = api.patch(path, new JsonObject().put("t", "v3"), "\"1\"");
        assertEquals(409, stale.status(), stale.body());
        assertEquals("v2", api.get(path).json().getString("t"), "a stale write changes nothing");
    }

    @Test
    void softDeleteTakesDetailsAlongAndRestoreBringsThemBack() {
        String parent = api.post("/api/v1/records/parent", new JsonObject().put("title", "P"))
                .json()
                .getString("id");
        String child = api.post(
                        "/api/v1/records/child",
                        new JsonObject().put("parent", parent).put("title", "C"))
                .json()
                .getString("id");
        assertEquals(204, api.delete("/api/v1/records/parent/" + parent).status());
        assertEquals(
                404,
                api.get("/api/v1/records/child/" + child).status(),
                "the detail follows its master to the recycle bin");
        assertEquals(
                1,
                api.get("/api/v1/records/child?deleted=true")
                        .json()
                        .getJsonArray("data")
                        .size());
        assertEquals(
                200,
                api.post("/api/v1/records/parent/" + parent + "/restore", new JsonObject())
                        .status());
        assertEquals(200, api.get("/api/v1/records/child/" + child).status(), "restore brings the detail back");
        api.delete("/api/v1/records/parent/" + parent);
        assertEquals(
                204,
                api.delete("/api/v1/records/parent/" + parent + "?purge=true").status());
        assertEquals(
                0,
                api.get("/api/v1/records/child?deleted=true")
                        .json()
                        .getJsonArray("data")
                        .size(),
                "purge removes details for good");
    }

    @Test
    void bulkUpsertIsIdempotentAndAllOrNothing() {
        JsonObject body = new JsonObject()
                .put("operation", "upsert")
                .put("externalIdField", "code")
                .put(
                        "records",
                        new JsonArray()
                                .add(new JsonObject().put("code", "B1").put("name", "Uno"))
                                .add(new JsonObject().put("code", "B2").put("name", "Dos")));
        JsonObject first = api.post("/api/v1/records/account/bulk", body).json();
        assertEquals(2, first.getInteger("created"), first.encode());
        JsonObject second = api.post("/api/v1/records/account/bulk", body).json();
        assertEquals(0, second.getInteger("created"));
        assertEquals(2, second.getInteger("unchanged"), "the same upsert twice changes nothing: " + second.encode());
        assertEquals(first.getJsonArray("ids"), second.getJsonArray("ids"));
        body.getJsonArray("records").getJsonObject(0).put("name", "Uno bis");
        body.getJsonArray("records").add(new JsonObject().put("code", "B3"));
        Res bad = api.post("/api/v1/records/account/bulk", body);
        assertEquals(422, bad.status());
        assertTrue(bad.body().contains("/records/2/name"), bad.body());
        String f = URLEncoder.encode("code = 'B1'", StandardCharsets.UTF_8);
        assertEquals(
                "Uno",
                api.get("/api/v1/records/account?filter=" + f)
                        .json()
                        .getJsonArray("data")
                        .getJsonObject(0)
                        .getString("name"),
                "all or nothing");
    }

    @Test
    void filtersBindValuesAndRejectInjectionInNamesAndSorts() {
        api.post("/api/v1/records/thing", new JsonObject().put("t", "O'Brien"));
        String f = URLEncoder.encode("t = 'O''Brien' or t = 'x''; drop table thing; --'", StandardCharsets.UTF_8);
        Res r = api.get("/api/v1/records/thing?filter=" + f);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().getJsonArray("data").size());
        Res name = api.get("/api/v1/records/thing?filter="
                + URLEncoder.encode("t; drop table thing = 'a'", StandardCharsets.UTF_8));
        assertEquals(400, name.status());
        assertEquals(
                "filter", name.json().getJsonArray("errors").getJsonObject(0).getString("parameter"));
        Res sort = api.get(
                "/api/v1/records/thing?sort=" + URLEncoder.encode("t desc; drop table thing", StandardCharsets.UTF_8));
        assertEquals(400, sort.status());
        assertEquals(200, api.get("/api/v1/records/thing?limit=1").status(), "the table is still there");
    }

    @Test
    void keysetPaginationVisitsEveryRecordOnceWithEmptyValuesInBothDirections() {
        for (int i = 0; i < 7; i++)
            api.post("/api/v1/records/parent", new JsonObject().put("title", "page " + (i % 3)));
        for (int i = 0; i < 3; i++) api.post("/api/v1/records/parent", new JsonObject());
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Res r = api.get("/api/v1/records/parent?limit=3&sort=-title&fields=title"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, r.status(), r.body());
            for (Object o : r.json().getJsonArray("data"))
                assertTrue(seen.add(((JsonObject) o).getString("id")), "no record twice");
            cursor = r.json().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        long total = api.get("/api/v1/records/parent?count=true&limit=1").json().getLong("total");
        assertEquals(total, seen.size());
        Set<String> ascending = new HashSet<>();
        cursor = null;
        do {
            Res r = api.get("/api/v1/records/parent?limit=2&sort=title&fields=title"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            for (Object o : r.json().getJsonArray("data"))
                assertTrue(ascending.add(((JsonObject) o).getString("id")), "no record twice ascending");
            cursor = r.json().getString("nextCursor");
        } while (cursor != null && ascending.size() <= total);
        assertEquals(total, ascending.size());
    }

    @Test
    void includeAndLookupPathsWork() {
        api.post("/api/v1/records/thing", new JsonObject().put("t", "linked").put("lk", accountId));
        String f = URLEncoder.encode("lk.name = '上海长江贸易' and t = 'linked'", StandardCharsets.UTF_8);
        JsonObject rec = api.get("/api/v1/records/thing?include=lk&filter=" + f)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertEquals(
                "上海长江贸易", rec.getJsonObject("_included").getJsonObject("lk").getString("name"));
    }

    @Test
    void searchFindsChineseAndRussian() {
        JsonArray zh = api.get("/api/v1/search?q=" + URLEncoder.encode("长江", StandardCharsets.UTF_8))
                .json()
                .getJsonArray("results");
        assertEquals(accountId, zh.getJsonObject(0).getString("id"));
        JsonArray ru = api.get("/api/v1/search?q=" + URLEncoder.encode("волга", StandardCharsets.UTF_8))
                .json()
                .getJsonArray("results");
        assertEquals(otherAccountId, ru.getJsonObject(0).getString("id"), "case-insensitive Cyrillic match");
    }

    @Test
    void openApiDocumentIsValidAndListsEveryEntity() {
        Res r = api.get("/api/v1/openapi.json");
        assertEquals(200, r.status());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertNotNull(parsed.getOpenAPI(), "parses: " + parsed.getMessages());
        assertTrue(
                parsed.getMessages() == null || parsed.getMessages().isEmpty(),
                "no parser messages: " + parsed.getMessages());
        for (String e : new String[] {"account", "thing", "parent", "child"}) {
            assertNotNull(parsed.getOpenAPI().getPaths().get("/api/v1/records/" + e), e + " must have paths");
        }
        assertNotNull(parsed.getOpenAPI().getComponents().getSchemas().get("Thing"));
    }

    @Test
    void nothingButLoginAndHealthIsReachableWithoutAuthentication() {
        Api anon = new Api(TestPlatform.get().port(), null);
        assertEquals(200, anon.get("/api/v1/health").status());
        for (String path : new String[] {
            "/api/v1/records/account",
            "/api/v1/metadata/entities",
            "/api/v1/openapi.json",
            "/api/v1/search?q=a",
            "/api/v1/records/account/" + accountId,
            "/api/v1/auth/session",
            "/api/v1/metadata/deployments"
        }) {
            Res r = anon.get(path);
            assertEquals(401, r.status(), path);
            assertTrue(r.contentType().startsWith("application/problem+json"), path);
        }
        assertEquals(
                401,
                anon.post("/api/v1/records/account", new JsonObject().put("name", "x"))
                        .status());
        assertEquals(
                401,
                new Api(TestPlatform.get().port(), "atr_forged")
                        .get("/api/v1/records/account")
                        .status());
    }

    @Test
    void sessionChangesNeedTheCsrfTokenAndRevokedTokensStopAtOnce() {
        JsonObject s =
                new Api(TestPlatform.get().port(), null).loginSession(api.slug, api.email, TestPlatform.PASSWORD);
        Api anon = new Api(TestPlatform.get().port(), null);
        String body =
                new JsonObject().put("name", "via cookie").put("code", "CK").encode();
        assertEquals(
                403,
                anon.send("POST", "/api/v1/records/account", body, s.getString("cookie"), null)
                        .status(),
                "no CSRF token");
        assertEquals(
                403,
                anon.send("POST", "/api/v1/records/account", body, s.getString("cookie"), "wrong")
                        .status(),
                "wrong CSRF token");
        assertEquals(
                201,
                anon.send("POST", "/api/v1/records/account", body, s.getString("cookie"), s.getString("csrf"))
                        .status());
        Api tokenApi = new Api(TestPlatform.get().port(), s.getString("token"));
        JsonArray tokens = tokenApi.get("/api/v1/auth/tokens").json().getJsonArray("data");
        String tokenId = tokens.getJsonObject(tokens.size() - 1).getString("id");
        assertEquals(204, tokenApi.delete("/api/v1/auth/tokens/" + tokenId).status());
        assertEquals(401, tokenApi.get("/api/v1/records/account").status(), "a revoked token stops working at once");
    }

    @Test
    void securityHeadersAreSet() {
        Res r = api.get("/api/v1/health");
        String csp = r.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(null));
        assertNull(api.get("/api/v1/records/nosuch").json().getValue("stack"));
        assertFalse(api.get("/api/v1/records/nosuch").body().contains("Exception"));
    }
}
