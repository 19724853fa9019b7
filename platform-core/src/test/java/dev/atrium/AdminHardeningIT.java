package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outside review's findings on the admin permissions: what manageUsers, manageAccess,
 * manageMetadata and viewAudit holders could do beyond their grant, and what plain users could read.
 */
class AdminHardeningIT {
    static Api admin, delegate, rep, metaManager;
    static String repId, delegateId, adminId, secretAccount, salesSet, ceoRole, repRole;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("adm");
        Res d = admin.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"account","titleField":"name","fields":[{"name":"name","type":"text"},\
                {"name":"annual_revenue","type":"decimal"},
                   {"name":"secret","type":"text"}],
                  "rules":[{"name":"named","kind":"validation","field":"name","source":"return !!record.name;"}],
                  "approvals":[{"name":"check","steps":[{"name":"admins","users":["%s"]}]}],
                  "workflows":[{"name":"tell_owner","on":["update"],"condition":"name like\s\
                'Tell%%'","actions":[{"type":"notify",
                     "values":{"user":"{{owner_id}}","title":"Changed {{name}}","body":"Secret\s\
                {{secret}}"}}]}]}]""".formatted(admin.email))));
        assertEquals(201, d.status(), d.body());
        salesSet = SecurityIT.created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"sales","definition":{"entities":{"account":{"create":true,"read":true,"edit":true,
                   "fields":{"name":{"edit":true}}}}}}""")));
        String delegateSet = SecurityIT.created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"delegate","definition":{"admin":{"manageUsers":true,"manageAccess":true,"viewAudit":true},
                   "entities":{"account":{"read":true,"create":true,"edit":true,\
                "fields":{"name":{"edit":true}}}}}}""")));
        String metaSet = SecurityIT.created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"meta","definition":{"admin":{"manageMetadata":true}}}""")));
        ceoRole = SecurityIT.created(admin.post("/api/v1/access/roles", new JsonObject().put("name", "CEO")));
        String mgr = SecurityIT.created(admin.post(
                "/api/v1/access/roles", new JsonObject().put("name", "Manager").put("parent", ceoRole)));
        repRole = SecurityIT.created(admin.post(
                "/api/v1/access/roles", new JsonObject().put("name", "Rep").put("parent", mgr)));
        rep = SecurityITUsers.user(admin, "rep", repRole, salesSet);
        delegate = SecurityITUsers.user(admin, "delegate", mgr, delegateSet);
        metaManager = SecurityITUsers.user(admin, "meta", null, metaSet);
        repId = id(rep);
        delegateId = id(delegate);
        adminId = id(admin);
        secretAccount = SecurityIT.created(admin.post(
                "/api/v1/records/account",
                new JsonObject()
                        .put("name", "Hidden Co")
                        .put("annual_revenue", 9_999_999)
                        .put("secret", "s3cr3t")));
    }

    static String id(Api api) {
        return api.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
    }

    // ---- item 8: a notification carries only what its recipient may read ----

    @Test
    void notificationsAreFilledWithWhatTheRecipientMayRead() {
        Res d = admin.deploy(
                new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"memo","fields":[{"name":"name","type":"text"},{"name":"amount","type":"decimal"}],
                  "workflows":[{"name":"tell","on":["create"],"actions":[{"type":"notify",
                     "values":{"user":"%s","title":"Memo {{name}}","body":"Amount {{amount}} for\s\
                {{name}}"}}]}]}""".formatted(repId)))));
        assertEquals(201, d.status(), d.body());
        String memo = SecurityIT.created(admin.post(
                "/api/v1/records/memo", new JsonObject().put("name", "Q4 bonus").put("amount", 77_777)));
        TestPlatform.drainJobs(admin.tenant.id());
        JsonArray inbox = rep.get("/api/v1/notifications").json().getJsonArray("data");
        JsonObject n = inbox.stream()
                .map(o -> (JsonObject) o)
                .filter(o -> memo.equals(o.getString("recordId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the notification arrives: " + inbox));
        assertFalse((n.getString("title") + n.getString("body")).contains("77777"), "the rep cannot read memos: " + n);
        assertFalse((n.getString("title") + n.getString("body")).contains("Q4 bonus"), n.encode());
        assertEquals("Amount  for ", n.getString("body"), "placeholders inside text are filled, here with nothing");

        // a record the recipient may open, with a field they may not read
        String mine = SecurityIT.created(rep.post("/api/v1/records/account", new JsonObject().put("name", "Tell me")));
        assertEquals(
                200,
                admin.patch("/api/v1/records/account/" + mine, new JsonObject().put("secret", "for admins"), null)
                        .status());
        TestPlatform.drainJobs(admin.tenant.id());
        JsonObject told = rep.get("/api/v1/notifications").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(o -> mine.equals(o.getString("recordId")))
                .findFirst()
                .orElseThrow();
        assertEquals("Changed Tell me", told.getString("title"), "what the owner may read is filled in");
        assertEquals("Secret ", told.getString("body"), "what they may not is left empty: " + told);
    }

    // ---- item 9: admin metadata is for metadata managers ----

    @Test
    void plainUsersSeeOnlyTheirShapeOfTheMetadata() {
        Res full = rep.get("/api/v1/metadata/entities/account");
        assertEquals(200, full.status(), full.body());
        assertFalse(full.body().contains("return !!record.name"), "no rule sources: " + full.body());
        assertFalse(full.body().contains("secret"), "no fields they cannot read: " + full.body());
        assertFalse(full.body().contains(admin.email), "no approvers: " + full.body());
        for (String path : new String[] {
            "/api/v1/metadata/deployments", "/api/v1/metadata/deployments/1", "/api/v1/metadata/removed"
        }) {
            assertEquals(403, rep.get(path).status(), path);
        }
        String openapi = rep.get("/api/v1/openapi.json").body();
        assertFalse(
                openapi.contains("annual_revenue") || openapi.contains("\"secret\""),
                "only their fields: " + openapi.length());
        assertTrue(openapi.contains("/api/v1/records/account"), "their objects are there");
        assertTrue(admin.get("/api/v1/openapi.json").body().contains("annual_revenue"));
        assertEquals(200, metaManager.get("/api/v1/metadata/deployments").status());
        assertTrue(metaManager.get("/api/v1/metadata/entities/account").body().contains("return !!record.name"));
    }

    // ---- item 10: nobody grants what they lack ----

    @Test
    void manageUsersCannotRaiseOneselfNorTouchAdministrators() {
        assertEquals(
                403,
                delegate.patch("/api/v1/users/" + delegateId, new JsonObject().put("role", ceoRole), null)
                        .status(),
                "not their own role");
        assertEquals(
                403,
                delegate.patch("/api/v1/users/" + repId, new JsonObject().put("role", ceoRole), null)
                        .status(),
                "not a role above their own for someone else");
        assertEquals(
                204,
                delegate.patch("/api/v1/users/" + repId, new JsonObject().put("role", repRole), null)
                        .status(),
                "a role below their own is fine");
        Res deactivate = delegate.patch("/api/v1/users/" + adminId, new JsonObject().put("active", false), null);
        assertEquals(403, deactivate.status(), deactivate.body());
        assertEquals(
                403,
                delegate.patch("/api/v1/users/" + adminId, new JsonObject().put("displayName", "Pwned"), null)
                        .status());
        assertEquals(
                403,
                delegate.patch("/api/v1/users/" + repId, new JsonObject().put("admin", true), null)
                        .status());
        JsonObject adminUser = admin.get("/api/v1/users").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(u -> u.getString("id").equals(adminId))
                .findFirst()
                .orElseThrow();
        assertEquals(true, adminUser.getBoolean("active"));
        assertEquals("Admin", adminUser.getString("displayName"));
    }

    @Test
    void manageAccessCannotShareWhatItCannotSee() {
        Res rule = delegate.post(
                "/api/v1/access/sharing-rules",
                new JsonObject()
                        .put("name", "everything to me")
                        .put("entity", "account")
                        .put("filter", "name like '%'")
                        .put("access", "read")
                        .put("role", ceoRole));
        assertEquals(403, rule.status(), rule.body());
        assertTrue(rule.body().contains("viewAll"), rule.body());
        Res team = delegate.post(
                "/api/v1/access/groups",
                new JsonObject()
                        .put("name", "us")
                        .put("team", true)
                        .put("members", new JsonArray().add(delegateId).add(repId)));
        assertEquals(403, team.status(), "teams share records: administrators only");
        String group = SecurityIT.created(admin.post("/api/v1/access/groups", new JsonObject().put("name", "plain")));
        assertEquals(
                403,
                delegate.put(
                                "/api/v1/access/groups/" + group + "/members",
                                new JsonObject().put("members", new JsonArray().add(delegateId)))
                        .status(),
                "not into a group they are not in");
        assertEquals(
                404, delegate.get("/api/v1/records/account/" + secretAccount).status(), "and still no way in");
    }

    // ---- item 11: approval history needs the record ----

    @Test
    void approvalHistoryFollowsRecordAccess() {
        assertEquals(
                201,
                admin.post(
                                "/api/v1/records/account/" + secretAccount + "/approvals",
                                new JsonObject().put("process", "check").put("comment", "confidential reason"))
                        .status());
        Res asRep = rep.get("/api/v1/records/account/" + secretAccount + "/approvals");
        assertEquals(404, asRep.status(), asRep.body());
        assertEquals(
                200,
                admin.get("/api/v1/records/account/" + secretAccount + "/approvals")
                        .status());
    }

    // ---- item 12: viewAudit reads, administrators decide retention; field grants apply ----

    @Test
    void viewAuditReadsWithinFieldGrantsAndCannotErase() {
        Res retention = delegate.put(
                "/api/v1/audit/retention",
                new JsonObject().put("entity", "account").put("days", 1));
        assertEquals(403, retention.status(), retention.body());
        // reading how views are logged is part of viewing the audit trail; changing it is not
        assertEquals(200, delegate.get("/api/v1/audit/view-log").status());
        Res durable = delegate.put("/api/v1/audit/view-log", new JsonObject().put("durable", true));
        assertEquals(403, durable.status(), durable.body());
        assertEquals(false, admin.get("/api/v1/audit/view-log").json().getBoolean("durable"), "left as it was");
        assertEquals(403, rep.get("/api/v1/audit/view-log").status(), "a reader without viewAudit");
        Res unknown = admin.put(
                "/api/v1/audit/retention",
                new JsonObject().put("entity", "nothing_here").put("days", 30));
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals(
                "/entity",
                unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        Res entries = delegate.get("/api/v1/audit?entity=account&record=" + secretAccount);
        assertEquals(200, entries.status(), entries.body());
        assertFalse(
                entries.body().contains("s3cr3t") || entries.body().contains("9999999"),
                "fields the delegate may not read are left out: " + entries.body());
        assertTrue(entries.body().contains("Hidden Co"), "fields they may read are there");
    }

    // ---- item 13: users API does all or nothing and refuses what it does not take ----

    @Test
    void aRefusedUserCreationCreatesNothing() {
        String adminSet = SecurityIT.created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"all accounts","definition":{"entities":{"account":{"read":true,"viewAll":true}}}}""")));
        Res r = delegate.post(
                "/api/v1/users",
                new JsonObject()
                        .put("email", "ghost@adm.test")
                        .put("password", TestPlatform.PASSWORD)
                        .put("permissionSets", new JsonArray().add(adminSet)));
        assertEquals(403, r.status(), r.body());
        assertTrue(
                admin.get("/api/v1/users").json().getJsonArray("data").stream()
                        .noneMatch(u -> ((JsonObject) u).getString("email").equals("ghost@adm.test")),
                "no user was created");
        Res weak = admin.post(
                "/api/v1/users", new JsonObject().put("email", "weak@adm.test").put("password", "short"));
        assertEquals(422, weak.status());
        assertEquals(
                "/password", weak.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void userChangesAreTypedAndTakeEffect() {
        Res typo = admin.patch("/api/v1/users/" + repId, new JsonObject().put("active", "no"), null);
        assertEquals(422, typo.status(), typo.body());
        assertEquals(
                "/active", typo.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        Res unknown = admin.patch("/api/v1/users/" + repId, new JsonObject().put("isAdmin", true), null);
        assertEquals(422, unknown.status());
        assertEquals(
                "/isAdmin",
                unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertEquals(
                204,
                rep.patch("/api/v1/users/" + repId, new JsonObject().put("locale", "es"), null)
                        .status(),
                "anyone may change their own language");
        assertEquals(
                "es",
                rep.get("/api/v1/auth/session").json().getJsonObject("user").getString("locale"));
        Res ruleMessage = rep.post("/api/v1/records/account", new JsonObject().put("name", ""));
        assertEquals(422, ruleMessage.status());
        assertEquals(
                422,
                rep.patch("/api/v1/users/" + repId, new JsonObject().put("locale", "xx"), null)
                        .status());
        assertEquals(
                204,
                admin.patch("/api/v1/users/" + repId, new JsonObject().put("admin", true), null)
                        .status());
        assertEquals(
                true,
                rep.get("/api/v1/auth/session").json().getJsonObject("user").getBoolean("admin"));
        assertEquals(
                204,
                admin.patch("/api/v1/users/" + repId, new JsonObject().put("admin", false), null)
                        .status());
        assertEquals(
                false,
                rep.get("/api/v1/auth/session").json().getJsonObject("user").getBoolean("admin"));
        Res dry = admin.deploy(new JsonObject().put("entities", new JsonArray()).put("dryrun", true));
        assertEquals(422, dry.status(), "a mistyped dryRun is refused, not run for real: " + dry.body());
        assertEquals(
                "/dryrun", dry.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }
}
