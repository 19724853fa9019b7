package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Assignment rules: the assign action hands new records to a role's active users in turn (territory by
 * the workflow's condition), or to the least loaded; nobody to assign to leaves the owner.
 */
class AssignmentIT {
    static Api api;
    static List<String> agents = new ArrayList<>();
    static String admin;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("assign");
        admin = api.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        Res role = api.post("/api/v1/access/roles", new JsonObject().put("name", "Support Spain"));
        assertEquals(201, role.status(), role.body());
        String roleId = role.json().getString("id");
        for (String name : List.of("ana", "bea", "cid")) {
            Res u = api.post(
                    "/api/v1/users",
                    new JsonObject()
                            .put("email", name + "@" + api.slug + ".test")
                            .put("password", TestPlatform.PASSWORD)
                            .put("role", roleId));
            assertEquals(201, u.status(), u.body());
            agents.add(u.json().getString("id"));
        }
        String inactive = agents.remove(2);
        assertEquals(
                204,
                api.patch("/api/v1/users/" + inactive, new JsonObject().put("active", false), null)
                        .status());
        agents.sort(null);
        String entities = """
                [{"name":"ticket","fields":[{"name":"subject","type":"text"},{"name":"country","type":"text"}],
                  "workflows":[
                   {"name":"spain_in_turn","on":["create"],"condition":"country = 'Spain'",
                    "actions":[{"type":"assign","values":{"role":"Support Spain"}}]},
                   {"name":"uk_least_loaded","on":["create"],"condition":"country = 'UK'",
                    "actions":[{"type":"assign","values":{"users":["ANA@%s.test","bea@%s.test"],
                      "method":"least_loaded"}}]},
                   {"name":"nobody","on":["create"],"condition":"country = 'France'",
                    "actions":[{"type":"assign","values":{"users":["ghost@nowhere.test"]}}]}]}]""";
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray(entities.formatted(api.slug, api.slug))));
        assertEquals(201, d.status(), d.body());
    }

    static String ticket(String country) {
        Res r = api.post(
                "/api/v1/records/ticket",
                new JsonObject().put("subject", "Help").put("country", country));
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static String owner(String id) {
        return api.get("/api/v1/records/ticket/" + id).json().getString("owner_id");
    }

    @Test
    void recordsMatchingATerritoryGoToItsActiveUsersInTurn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(ticket("Spain"));
            TestPlatform.drainJobs(api.tenant.id());
        }
        List<String> owners = ids.stream().map(AssignmentIT::owner).toList();
        String first = owners.get(0);
        String second = agents.get((agents.indexOf(first) + 1) % 2);
        assertTrue(agents.contains(first), "an active user of the role: " + owners);
        assertEquals(List.of(first, second, first, second), owners, "in turn, never the inactive one");
    }

    @Test
    void theLeastLoadedUserGetsTheNextRecordAndNobodyMeansNoChange() {
        String one = ticket("UK");
        TestPlatform.drainJobs(api.tenant.id());
        String two = ticket("UK");
        TestPlatform.drainJobs(api.tenant.id());
        assertTrue(agents.contains(owner(one)) && agents.contains(owner(two)), owner(one) + " " + owner(two));
        assertTrue(!owner(one).equals(owner(two)), "the second goes to the one who had none");
        long uk = api.get("/api/v1/records/ticket?count=true&filter=country%20%3D%20'UK'")
                .json()
                .getLong("total");
        assertEquals(2, uk);
        String french = ticket("France");
        TestPlatform.drainJobs(api.tenant.id());
        assertEquals(admin, owner(french), "nobody to assign to: the creator keeps it");
    }

    @Test
    void anAssignmentToARoleThatDoesNotExistIsRefusedAtDeployment() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"gadget","fields":[{"name":"name","type":"text"}],
                  "workflows":[{"name":"w","on":["create"],
                    "actions":[{"type":"assign","values":{"role":"No such role"}}]}]}]""")));
        assertEquals(422, d.status(), d.body());
        assertTrue(d.body().contains("/workflows/0/actions/0/values/role"), d.body());
    }
}
