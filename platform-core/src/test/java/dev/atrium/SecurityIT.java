package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Record and field access compiled into SQL, checked from both sides (visible / not visible) over real
 * HTTP: role hierarchy, teams, sharing rules, manual shares, master-detail inheritance, field grants.
 */
class SecurityIT {
    static Api admin, manager, rep1, rep2, teammate, viewer, delegate;
    static String a1, a2, a3, hot, line1;
    static String rep1Id, rep2Id;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("sec");
        Res d = admin.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"account","titleField":"name","fields":[{"name":"name","type":"text","searchable":true},
                  {"name":"rating","type":"picklist","values":[{"value":"hot"},{"value":"cold"}]},\
                {"name":"secret","type":"text"}]},
                 {"name":"line","fields":[{"name":"account","type":"master_detail","target":"account",\
                "required":true},{"name":"title","type":"text"}]}]""")));
        assertEquals(201, d.status(), d.body());
        JsonObject sales = new JsonObject("""
                {"name":"sales","definition":{"entities":{
                  "account":{"create":true,"read":true,"edit":true,"delete":true,"export":true,\
                "fields":{"name":{"edit":true},"rating":{"read":true}}},
                  "line":{"create":true,"read":true,"edit":true,"fields":{"account":{"edit":true},\
                "title":{"edit":true}}}}}}""");
        String salesId = created(admin.post("/api/v1/access/permission-sets", sales));
        String readOnly = created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"read only","definition":{"entities":{"account":{"read":true,\
                "fields":{"name":{"read":true}}}}}}""")));
        String delegateSet = created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"delegate","definition":{"admin":{"manageAccess":true,"manageUsers":true},
                 "entities":{"account":{"read":true,"fields":{"name":{"read":true}}}}}}""")));
        String ceo = created(admin.post("/api/v1/access/roles", new JsonObject().put("name", "CEO")));
        String mgr = created(admin.post(
                "/api/v1/access/roles",
                new JsonObject().put("name", "Sales manager").put("parent", ceo)));
        String rep = created(admin.post(
                "/api/v1/access/roles",
                new JsonObject().put("name", "Sales rep").put("parent", mgr)));
        manager = user("manager", mgr, salesId);
        rep1 = user("rep1", rep, salesId);
        rep2 = user("rep2", rep, salesId);
        teammate = user("teammate", null, salesId);
        viewer = user("viewer", null, readOnly);
        delegate = user("delegate", null, delegateSet);
        rep1Id = rep1.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        rep2Id = rep2.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        String teammateId = teammate.get("/api/v1/auth/session")
                .json()
                .getJsonObject("user")
                .getString("id");
        assertEquals(
                201,
                admin.post(
                                "/api/v1/access/groups",
                                new JsonObject()
                                        .put("name", "Team North")
                                        .put("team", true)
                                        .put(
                                                "members",
                                                new JsonArray().add(rep1Id).add(teammateId)))
                        .status());
        assertEquals(
                201,
                admin.post(
                                "/api/v1/access/sharing-rules",
                                new JsonObject()
                                        .put("name", "hot accounts to reps")
                                        .put("entity", "account")
                                        .put("filter", "rating = 'hot'")
                                        .put("access", "read")
                                        .put("role", rep))
                        .status());

        a1 = created(rep1.post("/api/v1/records/account", new JsonObject().put("name", "Alpha of rep1")));
        a2 = created(rep2.post("/api/v1/records/account", new JsonObject().put("name", "Beta of rep2")));
        a3 = created(admin.post(
                "/api/v1/records/account",
                new JsonObject().put("name", "Gamma shared by hand").put("secret", "s3")));
        hot = created(admin.post(
                "/api/v1/records/account",
                new JsonObject().put("name", "Hot lead corp").put("rating", "hot")));
        line1 = created(admin.post(
                "/api/v1/records/line", new JsonObject().put("account", a1).put("title", "line under alpha")));
        admin.patch("/api/v1/records/account/" + a1, new JsonObject().put("secret", "top secret"), null);
        assertEquals(
                201,
                admin.post(
                                "/api/v1/records/account/" + a3 + "/shares",
                                new JsonObject().put("user", rep2Id).put("access", "read"))
                        .status());
    }

    static Api user(String name, String role, String permissionSet) {
        String email = name + "@" + admin.slug + ".test";
        JsonObject body = new JsonObject()
                .put("email", email)
                .put("password", TestPlatform.PASSWORD)
                .put("displayName", name)
                .put("role", role)
                .put("permissionSets", permissionSet == null ? new JsonArray() : new JsonArray().add(permissionSet));
        Res r = admin.post("/api/v1/users", body);
        assertEquals(201, r.status(), r.body());
        String token = new Api(TestPlatform.get().port(), null)
                .loginSession(admin.slug, email, TestPlatform.PASSWORD)
                .getString("token");
        return new Api(TestPlatform.get().port(), token);
    }

    static String created(Res r) {
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static Set<String> listed(Api api, String entity) {
        Res r = api.get("/api/v1/records/" + entity + "?limit=500");
        assertEquals(200, r.status(), r.body());
        Set<String> ids = new HashSet<>();
        for (Object o : r.json().getJsonArray("data")) ids.add(((JsonObject) o).getString("id"));
        return ids;
    }

    static Set<String> searched(Api api, String q) {
        Set<String> ids = new HashSet<>();
        for (Object o : api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .json()
                .getJsonArray("results")) {
            ids.add(((JsonObject) o).getString("id"));
        }
        return ids;
    }

    @Test
    void theAppSeesEachUsersOwnMetadata() {
        JsonObject mine = rep1.get("/api/v1/metadata/entities?view=me").json();
        JsonObject account = mine.getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(e -> e.getString("name").equals("account"))
                .findFirst()
                .orElseThrow();
        var names = account.getJsonArray("fields").stream()
                .map(o -> ((JsonObject) o).getString("name"))
                .toList();
        assertEquals(java.util.List.of("name", "rating"), names, "the secret field is not even named");
        assertEquals(true, account.getJsonArray("fields").getJsonObject(0).getBoolean("editable"));
        assertEquals(
                false,
                account.getJsonArray("fields").getJsonObject(1).getBoolean("editable"),
                "rating is read-only for reps");
        assertEquals(true, account.getJsonObject("access").getBoolean("create"));
        JsonObject viewerView = viewer.get("/api/v1/metadata/entities?view=me").json();
        assertTrue(
                viewerView.getJsonArray("data").stream()
                        .noneMatch(o -> ((JsonObject) o).getString("name").equals("line")),
                "no read, no entity");
        assertEquals(
                false,
                viewerView
                        .getJsonArray("data")
                        .getJsonObject(0)
                        .getJsonObject("access")
                        .getBoolean("edit"));
        assertEquals(
                403,
                rep1.get("/api/v1/metadata/entities").status(),
                "the full metadata (rule sources included) is for metadata managers");
        assertEquals(200, admin.get("/api/v1/metadata/entities").status());
    }

    @Test
    void ownersSeeTheirOwnAndNotTheirPeers() {
        assertTrue(listed(rep1, "account").contains(a1));
        assertFalse(listed(rep1, "account").contains(a2), "a peer's record is not listed");
        assertEquals(404, rep1.get("/api/v1/records/account/" + a2).status(), "nor readable by id");
        assertFalse(searched(rep1, "Beta of rep2").contains(a2), "nor found by search");
        assertTrue(searched(rep2, "Beta of rep2").contains(a2));
    }

    @Test
    void managersSeeWhatTheirSubordinatesOwn() {
        Set<String> seen = listed(manager, "account");
        assertTrue(seen.contains(a1) && seen.contains(a2), "the manager sees both reps' records");
        assertEquals(200, manager.get("/api/v1/records/account/" + a2).status());
        assertFalse(listed(manager, "account").contains(a3), "but not records of people above or beside them");
    }

    @Test
    void teammatesSeeEachOthersRecords() {
        assertTrue(listed(teammate, "account").contains(a1), "a teammate of rep1 sees rep1's account");
        assertFalse(listed(teammate, "account").contains(a2), "but not rep2's");
    }

    @Test
    void sharingRulesShareMatchingRecordsWithTheRoleAndAbove() {
        assertTrue(listed(rep1, "account").contains(hot), "hot accounts are shared with reps");
        assertTrue(listed(manager, "account").contains(hot), "and with roles above them");
        assertFalse(listed(teammate, "account").contains(hot), "not with users outside the role");
        assertEquals(
                403,
                rep1.patch("/api/v1/records/account/" + hot, new JsonObject().put("name", "x"), null)
                        .status(),
                "shared read-only");
    }

    @Test
    void manualSharesGrantOneRecord() {
        assertTrue(listed(rep2, "account").contains(a3));
        assertFalse(listed(rep1, "account").contains(a3));
        assertEquals(
                403,
                rep2.patch("/api/v1/records/account/" + a3, new JsonObject().put("name", "mine now"), null)
                        .status());
        assertEquals(
                404,
                rep1.patch("/api/v1/records/account/" + a3, new JsonObject().put("name", "mine now"), null)
                        .status());
    }

    @Test
    void detailsInheritTheirMastersAccess() {
        assertTrue(listed(rep1, "line").contains(line1), "rep1 sees the line under their account");
        assertFalse(listed(rep2, "line").contains(line1), "rep2 does not");
        assertEquals(404, rep2.get("/api/v1/records/line/" + line1).status());
    }

    @Test
    void nobodyAddsDetailsToAMasterTheyCannotChange() {
        Res planted = rep2.post(
                "/api/v1/records/line", new JsonObject().put("account", a1).put("title", "planted by rep2"));
        assertEquals(422, planted.status(), "rep2 cannot see rep1's account: " + planted.body());
        assertEquals(
                "/account",
                planted.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertFalse(adminTitles().contains("planted by rep2"), "nothing was planted");
        Res moved = rep2.post(
                "/api/v1/records/line/bulk",
                new JsonObject()
                        .put("operation", "create")
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject().put("account", a1).put("title", "bulk plant"))));
        assertTrue(moved.status() >= 400, "bulk creates are checked the same way: " + moved.body());
        assertFalse(adminTitles().contains("bulk plant"));
    }

    static java.util.List<String> adminTitles() {
        return admin.get("/api/v1/records/line").json().getJsonArray("data").stream()
                .map(o -> ((JsonObject) o).getString("title"))
                .toList();
    }

    @Test
    void hiddenFieldsAreAbsentAndBehaveLikeUnknownFields() {
        JsonObject rec = rep1.get("/api/v1/records/account/" + a1).json();
        assertFalse(rec.containsKey("secret"), "an ungranted field is absent, not null");
        assertTrue(rec.containsKey("name"));
        Res hidden = rep1.get(
                "/api/v1/records/account?filter=" + URLEncoder.encode("secret = 'top secret'", StandardCharsets.UTF_8));
        Res unknown = rep1.get(
                "/api/v1/records/account?filter=" + URLEncoder.encode("nosuch = 'top secret'", StandardCharsets.UTF_8));
        assertEquals(unknown.status(), hidden.status());
        assertEquals(
                withoutRequestId(unknown.body().replace("nosuch", "secret")),
                withoutRequestId(hidden.body()),
                "no oracle: identical to an unknown field (but for the request's own id)");
        Res sortHidden = rep1.get("/api/v1/records/account?sort=secret");
        Res sortUnknown = rep1.get("/api/v1/records/account?sort=nosuch");
        assertEquals(
                withoutRequestId(sortUnknown.body().replace("nosuch", "secret")), withoutRequestId(sortHidden.body()));
        Res write = rep1.patch("/api/v1/records/account/" + a1, new JsonObject().put("secret", "guess"), null);
        assertEquals(403, write.status());
        assertEquals(
                "/secret", write.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(
                403,
                rep1.patch("/api/v1/records/account/" + a1, new JsonObject().put("rating", "cold"), null)
                        .status(),
                "read-only field");
    }

    @Test
    void massAssignmentIsRejected() {
        long before = listed(admin, "account").size();
        for (String key : new String[] {"owner_id", "id", "version", "created_by"}) {
            Res r = rep1.post(
                    "/api/v1/records/account",
                    new JsonObject().put("name", "sneaky").put(key, rep2Id));
            assertEquals(422, r.status(), key);
        }
        Res bulk = rep1.post(
                "/api/v1/records/account/bulk",
                new JsonObject()
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject().put("name", "b").put("owner_id", rep2Id))));
        assertEquals(422, bulk.status());
        assertEquals(before, listed(admin, "account").size(), "nothing was created");
    }

    @Test
    void mutationsWithoutPermissionChangeNothingAtAll() {
        String before = tableHash();
        assertEquals(
                403,
                viewer.post("/api/v1/records/account", new JsonObject().put("name", "x"))
                        .status());
        assertEquals(
                403,
                viewer.patch("/api/v1/records/account/" + a1, new JsonObject().put("name", "x"), null)
                        .status());
        assertEquals(403, viewer.delete("/api/v1/records/account/" + a1).status());
        assertEquals(
                403,
                viewer.post(
                                "/api/v1/records/account/bulk",
                                new JsonObject().put("records", new JsonArray().add(new JsonObject().put("name", "x"))))
                        .status());
        assertEquals(404, rep2.delete("/api/v1/records/account/" + a1).status());
        assertEquals(
                404,
                rep2.patch("/api/v1/records/line/" + line1, new JsonObject().put("title", "x"), null)
                        .status());
        assertEquals(
                403,
                viewer.deploy(new JsonObject().put("entities", new JsonArray())).status());
        assertEquals(
                403,
                viewer.post("/api/v1/access/roles", new JsonObject().put("name", "x"))
                        .status());
        assertEquals(before, tableHash(), "the tables are byte-for-byte unchanged");
    }

    static String tableHash() {
        Platform p = TestPlatform.get();
        return p.blocking(() -> p.pool()
                .query("SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY id) FROM " + "\""
                        + admin.tenant.schema()
                        + "\".account t), '') || coalesce((SELECT string_agg(l::text, '|' ORDER BY id) FROM \""
                        + admin.tenant.schema() + "\".line l), ''))")
                .execute()
                .await()
                .iterator()
                .next()
                .getString(0));
    }

    @Test
    void nobodyCanGrantWhatTheyLack() {
        Res tooMuch = delegate.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"escalate","definition":{"entities":{"account":{"read":true,"edit":true}}}}"""));
        assertEquals(403, tooMuch.status(), tooMuch.body());
        Res fine = delegate.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"subset","definition":{"entities":{"account":{"read":true,\
                "fields":{"name":{"read":true}}}}}}"""));
        assertEquals(201, fine.status(), fine.body());
        String salesSet = admin.get("/api/v1/access/permission-sets").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("name").equals("sales"))
                .findFirst()
                .orElseThrow()
                .getString("id");
        Res assign = delegate.patch(
                "/api/v1/users/" + rep1Id, new JsonObject().put("permissionSets", new JsonArray().add(salesSet)), null);
        assertEquals(403, assign.status(), "assigning a set with rights the delegate lacks");
        Res makeAdmin = delegate.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", "x@" + admin.slug + ".test")
                        .put("password", TestPlatform.PASSWORD)
                        .put("admin", true));
        assertEquals(403, makeAdmin.status());
    }

    @Test
    void otherTenantsIdsBehaveAsMissing() {
        Api other = TestPlatform.tenantWithAdmin("sec_other");
        assertEquals(
                201,
                other.deploy(new JsonObject()
                                .put(
                                        "entities",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("name", "account")
                                                        .put(
                                                                "fields",
                                                                new JsonArray()
                                                                        .add(new JsonObject()
                                                                                .put("name", "name")
                                                                                .put("type", "text"))))))
                        .status());
        String before = tableHash();
        assertEquals(404, other.get("/api/v1/records/account/" + a1).status());
        assertEquals(
                404,
                other.patch("/api/v1/records/account/" + a1, new JsonObject().put("name", "x"), null)
                        .status());
        assertEquals(404, other.delete("/api/v1/records/account/" + a1).status());
        assertEquals(
                404,
                other.post("/api/v1/records/account/" + a1 + "/restore", new JsonObject())
                        .status());
        assertEquals(before, tableHash(), "the first tenant is untouched");
    }

    @Test
    void explainTracesWhy() {
        JsonObject yes = admin.get(
                        "/api/v1/access/explain?user=" + rep1Id + "&entity=account&id=" + a1 + "&field=secret")
                .json();
        assertTrue(yes.getBoolean("canRead"));
        assertTrue(yes.getJsonArray("trace").encode().contains("owns the record"), yes.encode());
        assertFalse(yes.getJsonObject("field").getBoolean("canRead"), "secret is not granted");
        JsonObject no = admin.get("/api/v1/access/explain?user=" + rep2Id + "&entity=account&id=" + a1)
                .json();
        assertFalse(no.getBoolean("canRead"), no.encode());
        assertEquals(
                403,
                rep1.get("/api/v1/access/explain?user=" + rep2Id + "&entity=account&id=" + a1)
                        .status());
    }

    @Test
    void administratorsCanLookThroughAUsersEyes() {
        Res asRep1 = admin.send("GET", "/api/v1/records/account?limit=500", null, null, null);
        assertTrue(asRep1.json().getJsonArray("data").size() >= 4);
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + TestPlatform.get().port() + "/api/v1/records/account?limit=500"))
                .header("Authorization", "Bearer " + admin.token())
                .header("X-Atrium-Run-As", rep1Id)
                .build();
        try {
            var r = java.net.http.HttpClient.newHttpClient()
                    .send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
            Set<String> ids = new HashSet<>();
            for (Object o : new JsonObject(r.body()).getJsonArray("data")) ids.add(((JsonObject) o).getString("id"));
            assertEquals(listed(rep1, "account"), ids, "run-as sees exactly what the user sees");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void repeatedFailedLoginsLockTheAccount() {
        Api locky = user("locky", null, null);
        Api anon = new Api(TestPlatform.get().port(), null);
        String email = "locky@" + admin.slug + ".test";
        for (int i = 0; i < 5; i++) {
            Res r = anon.post(
                    "/api/v1/auth/login",
                    new JsonObject()
                            .put("tenant", admin.slug)
                            .put("email", email)
                            .put("password", "wrong guess " + i));
            assertEquals(401, r.status());
        }
        Res locked = anon.post(
                "/api/v1/auth/login",
                new JsonObject().put("tenant", admin.slug).put("email", email).put("password", TestPlatform.PASSWORD));
        assertEquals(423, locked.status(), "even the right password waits out the lock: " + locked.body());
        assertTrue(locked.json().getString("detail").contains("locked until"));
        assertEquals(
                200,
                locky.get("/api/v1/auth/session").status(),
                "existing tokens are not affected by someone guessing");
    }

    @Test
    void deactivationAndPasswordChangesEndSessionsAndTokensAtOnce() {
        Api leaver = user("leaver", null, null);
        String leaverId =
                leaver.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        assertEquals(
                204,
                admin.patch("/api/v1/users/" + leaverId, new JsonObject().put("active", false), null)
                        .status());
        assertEquals(401, leaver.get("/api/v1/auth/session").status(), "a deactivated user's token stops at once");

        Api changer = user("changer", null, null);
        Res weak = changer.post(
                "/api/v1/auth/password",
                new JsonObject().put("current", TestPlatform.PASSWORD).put("password", "mypassword99"));
        assertEquals(422, weak.status(), "password policy");
        assertEquals(
                204,
                changer.post(
                                "/api/v1/auth/password",
                                new JsonObject()
                                        .put("current", TestPlatform.PASSWORD)
                                        .put("password", "a much better phrase"))
                        .status());
        assertEquals(
                401,
                changer.get("/api/v1/auth/session").status(),
                "changing the password ends every session and token");
        new Api(TestPlatform.get().port(), null)
                .loginSession(admin.slug, "changer@" + admin.slug + ".test", "a much better phrase");
    }

    @Test
    void exportsNeedThePermissionRespectAccessAndAreAudited() {
        assertEquals(403, viewer.get("/api/v1/records/account/export").status(), "read is not export");
        rep1.post("/api/v1/records/account", new JsonObject().put("name", "=HYPERLINK(\"http://evil\")"));
        Res csv = rep1.get("/api/v1/records/account/export?sort=name");
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"));
        assertTrue(
                csv.body().startsWith("id,name,rating"),
                "hidden fields are not exported: "
                        + csv.body().lines().findFirst().orElse(""));
        assertTrue(csv.body().contains("Alpha of rep1"));
        assertFalse(csv.body().contains("Beta of rep2"), "records the user cannot see are not exported");
        assertFalse(csv.body().contains("top secret"));
        assertTrue(csv.body().contains("'=HYPERLINK"), "formula cells are neutralised");
        Res events = admin.get("/api/v1/audit?action=export&user=" + rep1Id);
        assertEquals(1, events.json().getJsonArray("data").size(), events.body());
        assertTrue(events.json()
                        .getJsonArray("data")
                        .getJsonObject(0)
                        .getJsonObject("changes")
                        .getInteger("rows")
                >= 2);
    }

    /** A problem document without its requestId, which differs for every request by design. */
    static String withoutRequestId(String problem) {
        io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject(problem);
        o.remove("requestId");
        return o.encode();
    }
}
