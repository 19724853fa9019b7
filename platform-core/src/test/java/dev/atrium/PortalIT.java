package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Portal users of dealer-channel: two dealers' users each see only their own company, through every read
 * path (lists, single records, lookups in filters, search, master-detail lines) and write only records of
 * their own company.
 */
class PortalIT {
    static Api admin;
    static Api alpha;
    static String alphaCo;
    static String betaCo;
    static String alphaLead;
    static String betaLead;
    static String betaOrder;
    static String product;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("portal");
        Platform p = TestPlatform.get();
        TestPlatform.installPackage(p, admin.tenant, "crm-core", null);
        TestPlatform.installPackage(p, admin.tenant, "dealer-channel", null);
        alphaCo = create(
                admin, "account", new JsonObject().put("name", "Alpha Dealers").put("type", "partner"));
        betaCo = create(
                admin, "account", new JsonObject().put("name", "Beta Dealers").put("type", "partner"));
        alphaLead = create(admin, "lead", lead("Ann Alpha", alphaCo));
        betaLead = create(admin, "lead", lead("Ben Beta", betaCo));
        create(admin, "lead", lead("Nobody's lead", null));
        product =
                create(admin, "product", new JsonObject().put("name", "Router").put("code", "R1"));
        betaOrder = create(
                admin, "dealer_order", new JsonObject().put("partner", betaCo).put("end_customer", "Beta shop"));
        create(
                admin,
                "dealer_order_line",
                new JsonObject()
                        .put("dealer_order", betaOrder)
                        .put("product", product)
                        .put("quantity", 1)
                        .put("unit_price", 10));
        alpha = portalUser("ann", alphaCo);
    }

    static JsonObject lead(String name, String partner) {
        return new JsonObject()
                .put("name", name)
                .put("company", name + " Ltd")
                .put("status", "new")
                .put("partner", partner);
    }

    static String create(Api api, String entity, JsonObject body) {
        Res r = api.post("/api/v1/records/" + entity, body);
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static String permissionSet(String name) {
        for (Object o : admin.get("/api/v1/access/permission-sets").json().getJsonArray("data")) {
            JsonObject set = (JsonObject) o;
            if (set.getString("name").equals(name)) return set.getString("id");
        }
        throw new AssertionError("no permission set " + name);
    }

    static Api portalUser(String name, String company) {
        String email = name + "@" + admin.slug + ".test";
        Res r = admin.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", email)
                        .put("password", TestPlatform.PASSWORD)
                        .put("permissionSets", new JsonArray().add(permissionSet("Partner portal")))
                        .put("portalAccount", company));
        assertEquals(201, r.status(), r.body());
        String token = new Api(TestPlatform.get().port(), null)
                .loginSession(admin.slug, email, TestPlatform.PASSWORD)
                .getString("token");
        return new Api(TestPlatform.get().port(), token);
    }

    static Set<String> ids(Api api, String entity, String filter) {
        String q = filter == null ? "" : "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
        Res r = api.get("/api/v1/records/" + entity + q);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("data").stream()
                .map(o -> ((JsonObject) o).getString("id"))
                .collect(Collectors.toSet());
    }

    @Test
    void aPortalUserReadsOnlyTheirOwnCompany() {
        assertEquals(Set.of(alphaCo), ids(alpha, "account", null), "their own account, no other");
        assertEquals(Set.of(alphaLead), ids(alpha, "lead", null), "leads passed to them only");
        assertEquals(404, alpha.get("/api/v1/records/lead/" + betaLead).status());
        assertEquals(404, alpha.get("/api/v1/records/account/" + betaCo).status());
        assertEquals(Set.of(), ids(alpha, "lead", "partner.name = 'Beta Dealers'"), "no probing through lookups");
        assertEquals(Set.of(), ids(alpha, "dealer_order", null), "another dealer's orders stay hidden");
        assertEquals(Set.of(), ids(alpha, "dealer_order_line", null), "and so do their lines (master-detail)");
        assertEquals(Set.of(product), ids(alpha, "product", null), "reference data they are granted view-all on");
        assertEquals(403, alpha.get("/api/v1/records/contact").status(), "an entity their permission set leaves out");
        Res search = alpha.get("/api/v1/search?q=Beta");
        assertEquals(200, search.status(), search.body());
        assertTrue(search.json().getJsonArray("results").isEmpty(), "search finds nothing of Beta: " + search.body());
        Res admins = alpha.get("/api/v1/users");
        assertEquals(403, admins.status(), "no user administration");
    }

    @Test
    void whatAPortalUserWritesBelongsToTheirCompany() {
        Res order = alpha.post("/api/v1/records/dealer_order", new JsonObject().put("end_customer", "Alpha shop"));
        assertEquals(201, order.status(), order.body());
        assertEquals(alphaCo, order.json().getString("partner"), "filled with their company");
        Res foreign = alpha.post(
                "/api/v1/records/dealer_order",
                new JsonObject().put("partner", betaCo).put("end_customer", "x"));
        assertEquals(403, foreign.status(), foreign.body());
        assertEquals(
                "/partner",
                foreign.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        Res moved = alpha.patch("/api/v1/records/lead/" + alphaLead, new JsonObject().put("partner", betaCo), null);
        assertEquals(403, moved.status(), "a lead cannot be handed to another dealer: " + moved.body());
        Res bulk = alpha.post(
                "/api/v1/records/dealer_order/bulk",
                new JsonObject()
                        .put("operation", "create")
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("partner", betaCo)
                                                .put("end_customer", "y"))));
        assertEquals(403, bulk.status(), bulk.body());
        Res line = alpha.post(
                "/api/v1/records/dealer_order_line",
                new JsonObject()
                        .put("dealer_order", order.json().getString("id"))
                        .put("product", product)
                        .put("quantity", 2)
                        .put("unit_price", 100));
        assertEquals(201, line.status(), line.body());
        assertEquals(
                200.0,
                alpha.get("/api/v1/records/dealer_order/" + order.json().getString("id"))
                        .json()
                        .getDouble("total"),
                0.001);
        assertEquals(
                List.of("Beta shop"),
                List.of(admin.get("/api/v1/records/dealer_order/" + betaOrder)
                        .json()
                        .getString("end_customer")));
    }

    @Test
    void portalUsersAreCheckedWhenCreated() {
        Res asAdmin = admin.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", "boss@" + admin.slug + ".test")
                        .put("password", TestPlatform.PASSWORD)
                        .put("admin", true)
                        .put("portalAccount", alphaCo));
        assertEquals(422, asAdmin.status(), asAdmin.body());
        Res nowhere = admin.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", "ghost@" + admin.slug + ".test")
                        .put("password", TestPlatform.PASSWORD)
                        .put("portalAccount", java.util.UUID.randomUUID().toString()));
        assertEquals(422, nowhere.status(), nowhere.body());
        assertEquals(
                "/portalAccount",
                nowhere.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        JsonObject listed = admin.get("/api/v1/users").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(u -> u.getString("email").startsWith("ann@"))
                .findFirst()
                .orElseThrow();
        assertEquals(alphaCo, listed.getString("portalAccount"));
    }
}
