package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Account teams: a user named on an account's team gets edit access to the account (and not to other
 * accounts) for as long as they are on it; user fields name users of the organisation only.
 */
class TeamAccessIT {
    static Api admin;
    static Api ann;
    static Api bob;
    static String bobId;

    @BeforeAll
    static void setUp() {
        admin = TestPlatform.tenantWithAdmin("team");
        TestPlatform.installPackage(TestPlatform.get(), admin.tenant, "crm-core", null);
        String sales = null;
        for (Object o : admin.get("/api/v1/access/permission-sets").json().getJsonArray("data")) {
            if (((JsonObject) o).getString("name").equals("Sales")) sales = ((JsonObject) o).getString("id");
        }
        ann = SecurityITUsers.user(admin, "ann", sales);
        bob = SecurityITUsers.user(admin, "bob", sales);
        bobId = bob.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
    }

    @Test
    void aTeamMemberSeesAndEditsTheAccountWhileOnTheTeam() {
        Res created = ann.post("/api/v1/records/account", new JsonObject().put("name", "Ann's key account"));
        assertEquals(201, created.status(), created.body());
        String account = created.json().getString("id");
        String other = ann.post("/api/v1/records/account", new JsonObject().put("name", "Ann's other account"))
                .json()
                .getString("id");
        assertEquals(404, bob.get("/api/v1/records/account/" + account).status(), "private by default");

        Res member = ann.post(
                "/api/v1/records/account_team_member",
                new JsonObject().put("account", account).put("member", bobId).put("team_role", "sales_engineer"));
        assertEquals(201, member.status(), member.body());
        assertEquals(200, bob.get("/api/v1/records/account/" + account).status(), "on the team: readable");
        Res edit = bob.patch("/api/v1/records/account/" + account, new JsonObject().put("rating", "hot"), null);
        assertEquals(200, edit.status(), "and editable: " + edit.body());
        assertEquals(404, bob.get("/api/v1/records/account/" + other).status(), "only the team's account");

        String memberId = member.json().getString("id");
        assertEquals(
                403,
                ann.delete("/api/v1/records/account_team_member/" + memberId).status(),
                "a rep cannot");
        assertEquals(
                204,
                admin.delete("/api/v1/records/account_team_member/" + memberId).status());
        assertEquals(404, bob.get("/api/v1/records/account/" + account).status(), "off the team: gone again");
    }

    @Test
    void aUserFieldNamesPeopleOfTheOrganisationOnly() {
        String account = ann.post("/api/v1/records/account", new JsonObject().put("name", "Team check"))
                .json()
                .getString("id");
        Res stranger = ann.post(
                "/api/v1/records/account_team_member",
                new JsonObject()
                        .put("account", account)
                        .put("member", java.util.UUID.randomUUID().toString())
                        .put("team_role", "finance"));
        assertEquals(422, stranger.status(), stranger.body());
        assertEquals(
                "/member",
                stranger.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        Res people = bob.get("/api/v1/directory");
        assertEquals(200, people.status(), people.body());
        JsonArray data = people.json().getJsonArray("data");
        assertTrue(data.encode().contains("ann@" + admin.slug + ".test"), data.encode());
    }
}
