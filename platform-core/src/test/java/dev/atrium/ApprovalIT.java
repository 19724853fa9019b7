package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A two-step approval: the submitter's manager, then finance (all of them); the record is locked meanwhile. */
class ApprovalIT {
    static Api admin, rep, manager, finance, outsider;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("approval");
        String financeEmail = "finance@" + admin.slug + ".test";
        Res d = admin.deploy(
                new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"quote","fields":[{"name":"name","type":"text"},{"name":"discount","type":"decimal"},\
                {"name":"status","type":"text"}],
                 "approvals":[{"name":"discount","steps":[{"name":"manager","manager":true},{"name":"finance",\
                "users":["%s"],"mode":"all"}],
                   "onApprove":{"status":"approved"},"onReject":{"status":"rejected"}}],
                 "workflows":[{"name":"auto_approval","on":["create"],"condition":"name =\s\
                'auto'","actions":[{"type":"approval",\
                "values":{"process":"discount"}}]}]}""".formatted(financeEmail)))));
        assertEquals(201, d.status(), d.body());
        String set = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"quotes","definition":{"entities":{"quote":{"create":true,"read":true,"edit":true,\
                "viewAll":true,"fields":{"name":{"edit":true},"discount":{"edit":true},\
                "status":{"read":true}}}}}}"""))
                .json()
                .getString("id");
        String mgrRole = admin.post("/api/v1/access/roles", new JsonObject().put("name", "Manager"))
                .json()
                .getString("id");
        String repRole = admin.post(
                        "/api/v1/access/roles",
                        new JsonObject().put("name", "Rep").put("parent", mgrRole))
                .json()
                .getString("id");
        rep = SecurityITUsers.user(admin, "rep", set);
        manager = SecurityITUsers.user(admin, "boss", set);
        finance = SecurityITUsers.user(admin, "finance", set);
        outsider = SecurityITUsers.user(admin, "outsider", set);
        admin.patch("/api/v1/users/" + id(rep), new JsonObject().put("role", repRole), null);
        admin.patch("/api/v1/users/" + id(manager), new JsonObject().put("role", mgrRole), null);
    }

    static String id(Api user) {
        return user.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
    }

    @Test
    void aLateStepRemindsItsApproversThenEscalates() {
        String director = admin.post("/api/v1/access/roles", new JsonObject().put("name", "Director"))
                .json()
                .getString("id");
        Res d = admin.deploy(new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"expense","fields":[{"name":"name","type":"text"},{"name":"status","type":"text"}],
                 "approvals":[{"name":"spend","steps":[{"name":"manager","manager":true,"remindAfterHours":2,\
                "escalateAfterHours":8,"escalateTo":"Director"}]}]}"""))));
        assertEquals(201, d.status(), d.body());
        admin.patch("/api/v1/users/" + id(outsider), new JsonObject().put("role", director), null);
        admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"expenses","definition":{"entities":{"expense":{"create":true,"read":true,"edit":true,\
                "viewAll":true,"fields":{"name":{"edit":true},"status":{"edit":true}}}}}}"""));
        String set = admin.get("/api/v1/access/permission-sets").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("name").equals("expenses"))
                .findFirst()
                .orElseThrow()
                .getString("id");
        for (Api u : new Api[] {rep, manager, outsider}) {
            JsonArray sets = new JsonArray().add(set);
            for (Object o : admin.get("/api/v1/users").json().getJsonArray("data")) {
                JsonObject user = (JsonObject) o;
                if (user.getString("id").equals(id(u)))
                    user.getJsonArray("permissionSets").forEach(x -> {
                        if (!x.equals(set)) sets.add(x);
                    });
            }
            admin.patch("/api/v1/users/" + id(u), new JsonObject().put("permissionSets", sets), null);
        }
        String expense = rep.post("/api/v1/records/expense", new JsonObject().put("name", "Conference trip"))
                .json()
                .getString("id");
        long approval = rep.post(
                        "/api/v1/records/expense/" + expense + "/approvals", new JsonObject().put("process", "spend"))
                .json()
                .getLong("id");
        var p = TestPlatform.get();
        java.time.Instant start = java.time.Instant.now();
        try {
            p.approvals()
                    .setClock(
                            java.time.Clock.fixed(start.plus(java.time.Duration.ofHours(1)), java.time.ZoneOffset.UTC));
            p.blocking(() -> p.approvals().deadlines());
            assertTrue(unread(manager, "Reminder").isEmpty(), "no reminder before remindAfterHours");

            p.approvals()
                    .setClock(
                            java.time.Clock.fixed(start.plus(java.time.Duration.ofHours(3)), java.time.ZoneOffset.UTC));
            p.blocking(() -> p.approvals().deadlines());
            p.blocking(() -> p.approvals().deadlines());
            assertEquals(
                    1, unread(manager, "Reminder").size(), "one reminder to the approver, however often the loop runs");
            assertEquals(
                    403,
                    outsider.post("/api/v1/approvals/" + approval + "/approve", new JsonObject())
                            .status(),
                    "not escalated yet");

            p.approvals()
                    .setClock(
                            java.time.Clock.fixed(start.plus(java.time.Duration.ofHours(9)), java.time.ZoneOffset.UTC));
            p.blocking(() -> p.approvals().deadlines());
            assertEquals(1, unread(outsider, "Escalated").size(), "the escalation role is told");
            Res decided = outsider.post(
                    "/api/v1/approvals/" + approval + "/approve",
                    new JsonObject().put("comment", "approved as director"));
            assertEquals(200, decided.status(), decided.body());
            assertEquals("approved", decided.json().getString("status"));
            assertTrue(
                    admin.get("/api/v1/audit?action=approval&record=" + expense)
                            .body()
                            .contains("escalated"),
                    "the escalation is audited");
        } finally {
            p.approvals().setClock(java.time.Clock.systemUTC());
        }
    }

    @Test
    void aQueueStepIsDecidedByAnyOfItsMembers() {
        admin.post(
                "/api/v1/access/groups",
                new JsonObject()
                        .put("name", "Legal queue")
                        .put("members", new JsonArray().add(id(finance)).add(id(outsider))));
        Res d = admin.deploy(new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"contract_review","fields":[{"name":"name","type":"text"}],
                 "approvals":[{"name":"legal","steps":[{"name":"legal","queue":"Legal queue"}]}]}"""))));
        assertEquals(201, d.status(), d.body());
        String set = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"reviews","definition":{"entities":{"contract_review":{"create":true,"read":true,\
                "edit":true,"viewAll":true,"fields":{"name":{"edit":true}}}}}}"""))
                .json()
                .getString("id");
        JsonArray sets = new JsonArray().add(set);
        for (Object o : admin.get("/api/v1/users").json().getJsonArray("data")) {
            JsonObject user = (JsonObject) o;
            if (user.getString("id").equals(id(rep)))
                user.getJsonArray("permissionSets").forEach(sets::add);
        }
        admin.patch("/api/v1/users/" + id(rep), new JsonObject().put("permissionSets", sets), null);
        String record = rep.post("/api/v1/records/contract_review", new JsonObject().put("name", "NDA"))
                .json()
                .getString("id");
        long approval = rep.post(
                        "/api/v1/records/contract_review/" + record + "/approvals",
                        new JsonObject().put("process", "legal"))
                .json()
                .getLong("id");
        assertTrue(finance.get("/api/v1/approvals").body().contains(record), "in every member's queue");
        assertTrue(outsider.get("/api/v1/approvals").body().contains(record));
        assertEquals(
                403,
                manager.post("/api/v1/approvals/" + approval + "/approve", new JsonObject())
                        .status(),
                "not a member");
        Res done = outsider.post("/api/v1/approvals/" + approval + "/approve", new JsonObject());
        assertEquals("approved", done.json().getString("status"), done.body());
        assertTrue(
                finance.get("/api/v1/approvals").json().getJsonArray("data").stream()
                        .noneMatch(o -> o.toString().contains(record)),
                "gone from the queue once decided");
    }

    private static java.util.List<JsonObject> unread(Api user, String titleStart) {
        return user.get("/api/v1/notifications?limit=100").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(n -> n.getString("title").startsWith(titleStart))
                .toList();
    }

    @Test
    void managerThenFinanceApproveWhileTheRecordIsLocked() {
        String quote = rep.post(
                        "/api/v1/records/quote",
                        new JsonObject().put("name", "Big discount").put("discount", 30))
                .json()
                .getString("id");
        Res submitted = rep.post(
                "/api/v1/records/quote/" + quote + "/approvals",
                new JsonObject().put("process", "discount").put("comment", "strategic customer"));
        assertEquals(201, submitted.status(), submitted.body());
        long approval = submitted.json().getLong("id");
        assertEquals(
                409,
                rep.post("/api/v1/records/quote/" + quote + "/approvals", new JsonObject().put("process", "discount"))
                        .status(),
                "one pending approval per record");
        assertEquals(
                409,
                rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("discount", 50), null)
                        .status(),
                "locked while pending");

        assertEquals(
                403,
                outsider.post("/api/v1/approvals/" + approval + "/approve", new JsonObject())
                        .status());
        assertEquals(
                403,
                finance.post("/api/v1/approvals/" + approval + "/approve", new JsonObject())
                        .status(),
                "not finance's step yet");
        assertTrue(
                manager.get("/api/v1/approvals")
                        .json()
                        .getJsonArray("data")
                        .encode()
                        .contains(quote),
                "in the manager's queue");
        Res first =
                manager.post("/api/v1/approvals/" + approval + "/approve", new JsonObject().put("comment", "ok by me"));
        assertEquals("finance", first.json().getString("step"), first.body());
        Res second = finance.post(
                "/api/v1/approvals/" + approval + "/approve", new JsonObject().put("comment", "budget fine"));
        assertEquals("approved", second.json().getString("status"), second.body());
        assertEquals(
                "approved",
                rep.get("/api/v1/records/quote/" + quote).json().getString("status"),
                "onApprove values were set");
        JsonArray history =
                rep.get("/api/v1/records/quote/" + quote + "/approvals").json().getJsonArray("data");
        assertEquals(2, history.getJsonObject(0).getJsonArray("decisions").size());
        assertEquals(
                200,
                rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("discount", 25), null)
                        .status(),
                "unlocked once decided");
    }

    @Test
    void aRejectionEndsTheRequest() {
        String quote = rep.post(
                        "/api/v1/records/quote",
                        new JsonObject().put("name", "Too much").put("discount", 90))
                .json()
                .getString("id");
        long approval = rep.post(
                        "/api/v1/records/quote/" + quote + "/approvals", new JsonObject().put("process", "discount"))
                .json()
                .getLong("id");
        Res rejected =
                manager.post("/api/v1/approvals/" + approval + "/reject", new JsonObject().put("comment", "no way"));
        assertEquals("rejected", rejected.json().getString("status"), rejected.body());
        assertEquals(
                "rejected", rep.get("/api/v1/records/quote/" + quote).json().getString("status"));
        assertEquals(
                409,
                finance.post("/api/v1/approvals/" + approval + "/approve", new JsonObject())
                        .status(),
                "a decided request stays decided");
        assertTrue(
                admin.get("/api/v1/audit?action=approval&record=" + quote)
                                .json()
                                .getJsonArray("data")
                                .size()
                        >= 2,
                "audited");
    }

    @Test
    void aWorkflowCanStartAnApproval() {
        String quote = rep.post(
                        "/api/v1/records/quote",
                        new JsonObject().put("name", "auto").put("discount", 60))
                .json()
                .getString("id");
        TestPlatform.drainJobs(admin.tenant.id());
        JsonArray history =
                rep.get("/api/v1/records/quote/" + quote + "/approvals").json().getJsonArray("data");
        assertEquals(1, history.size(), "the workflow submitted it");
        assertEquals("pending", history.getJsonObject(0).getString("status"));
        assertEquals(
                409,
                rep.patch("/api/v1/records/quote/" + quote, new JsonObject().put("discount", 10), null)
                        .status(),
                "and the record is locked");
    }
}
