package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A departing salesperson's customers pass to successors, with nothing lost and everything audited. */
class HandoverIT {
    static Api admin, leaver;
    static String leaverId, s1, s2;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("handover");
        assertEquals(
                201,
                admin.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"account","fields":[{"name":"name","type":"text"}]},
                 {"name":"opportunity","fields":[{"name":"name","type":"text"}]},
                 {"name":"task","fields":[{"name":"subject","type":"text"},{"name":"status","type":"picklist",\
                "values":[{"value":"open"},{"value":"done"}]}]}]""")))
                        .status());
        String all = admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name":"all","definition":{"entities":{
                 "account":{"create":true,"read":true,"edit":true,"fields":{"name":{"edit":true}}},
                 "opportunity":{"create":true,"read":true,"edit":true,"fields":{"name":{"edit":true}}},
                 "task":{"create":true,"read":true,"edit":true,"fields":{"subject":{"edit":true},\
                "status":{"edit":true}}}}}}"""))
                .json()
                .getString("id");
        leaver = SecurityITUsers.user(admin, "leaver", all);
        leaverId =
                leaver.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        s1 = SecurityITUsers.user(admin, "succ1", all)
                .get("/api/v1/auth/session")
                .json()
                .getJsonObject("user")
                .getString("id");
        s2 = SecurityITUsers.user(admin, "succ2", all)
                .get("/api/v1/auth/session")
                .json()
                .getJsonObject("user")
                .getString("id");
        for (int i = 0; i < 3; i++)
            leaver.post("/api/v1/records/account", new JsonObject().put("name", "Customer " + i));
        for (int i = 0; i < 2; i++)
            leaver.post("/api/v1/records/opportunity", new JsonObject().put("name", "Deal " + i));
        leaver.post(
                "/api/v1/records/task",
                new JsonObject().put("subject", "Call back").put("status", "open"));
        leaver.post(
                "/api/v1/records/task",
                new JsonObject().put("subject", "Send quote").put("status", "open"));
        leaver.post(
                "/api/v1/records/task",
                new JsonObject().put("subject", "Old thing").put("status", "done"));
    }

    static Map<String, Integer> owners(String entity) {
        Map<String, Integer> m = new HashMap<>();
        for (Object o :
                admin.get("/api/v1/records/" + entity + "?limit=100").json().getJsonArray("data")) {
            m.merge(((JsonObject) o).getString("owner_id"), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void handoverMovesCustomersAndOpenTasksThenDeactivationNeedsASuccessor() {
        Res dry = admin.post(
                "/api/v1/users/" + leaverId + "/handover",
                new JsonObject().put("to", new JsonArray().add(s1).add(s2)).put("dryRun", true));
        assertEquals(200, dry.status(), dry.body());
        assertEquals(
                new JsonObject().put("account", 3).put("opportunity", 2).put("task", 3),
                dry.json().getJsonObject("records"));
        assertEquals(3, owners("account").get(leaverId), "a dry run changes nothing");

        Res run = admin.post(
                "/api/v1/users/" + leaverId + "/handover",
                new JsonObject()
                        .put("to", new JsonArray().add(s1).add(s2))
                        .put("entities", new JsonArray().add("account")));
        assertEquals(200, run.status(), run.body());
        Map<String, Integer> accounts = owners("account");
        assertEquals(null, accounts.get(leaverId), "every account moved");
        assertEquals(2, accounts.get(s1), "round-robin");
        assertEquals(1, accounts.get(s2));
        Map<String, Integer> tasks = owners("task");
        assertEquals(1, tasks.get(leaverId), "the done task stays; open tasks went along");
        assertEquals(2, owners("opportunity").get(leaverId), "entities not chosen stay");
        assertEquals(
                1,
                admin.get("/api/v1/audit?action=handover")
                        .json()
                        .getJsonArray("data")
                        .size());
        assertTrue(
                admin.get("/api/v1/audit?action=update&entity=account")
                        .json()
                        .getJsonArray("data")
                        .encode()
                        .contains("owner_id"),
                "each owner change is in the audit trail");

        Res refused = admin.patch("/api/v1/users/" + leaverId, new JsonObject().put("active", false), null);
        assertEquals(409, refused.status(), refused.body());
        assertEquals(2, refused.json().getJsonObject("owned").getInteger("opportunity"));
        assertEquals(
                204,
                admin.patch(
                                "/api/v1/users/" + leaverId,
                                new JsonObject().put("active", false).put("successor", s1),
                                null)
                        .status());
        assertEquals(null, owners("opportunity").get(leaverId));
        assertEquals(null, owners("task").get(leaverId));
        assertEquals(401, leaver.get("/api/v1/auth/session").status(), "the deactivated user is out at once");
    }
}
