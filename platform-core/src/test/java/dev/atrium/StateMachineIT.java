package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A picklist's allowed moves, enforced on every write path. */
class StateMachineIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("states");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"deal","fields":[{"name":"stage","type":"picklist","values":[{"value":"prospect"},\
                {"value":"proposal"},{"value":"won"},{"value":"lost"}]}],
                  "stateMachines":[{"field":"stage","initial":["prospect"],
                    "transitions":{"prospect":["proposal","lost"],"proposal":["won","lost","prospect"],\
                "won":[],"lost":["prospect"]}}]}]""")));
        assertEquals(201, d.status(), d.body());
    }

    @Test
    void aGuardMustHoldToEnterItsValue() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"case_file","fields":[{"name":"status","type":"picklist","values":[{"value":"open"},\
                {"value":"solved"}]},
                   {"name":"resolution","type":"text"}],
                  "stateMachines":[{"field":"status","transitions":{"open":["solved"],"solved":["open"]},
                    "guards":{"solved":"resolution is not null"}}]}]""")));
        assertEquals(201, d.status(), d.body());
        String id = api.post("/api/v1/records/case_file", new JsonObject().put("status", "open"))
                .json()
                .getString("id");
        Res bare = api.patch("/api/v1/records/case_file/" + id, new JsonObject().put("status", "solved"), null);
        assertEquals(422, bare.status(), bare.body());
        assertEquals(
                "/status", bare.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        assertTrue(bare.json().getString("detail").contains("resolution is not null"), bare.body());
        assertEquals(
                "open",
                api.get("/api/v1/records/case_file/" + id).json().getString("status"),
                "the refused write rolled back");
        Res withResolution = api.patch(
                "/api/v1/records/case_file/" + id,
                new JsonObject().put("status", "solved").put("resolution", "Replaced the part"),
                null);
        assertEquals(
                200,
                withResolution.status(),
                "the guard sees the record with the change applied: " + withResolution.body());
        assertEquals(
                422,
                api.post("/api/v1/records/case_file", new JsonObject().put("status", "solved"))
                        .status(),
                "creating straight into a guarded value is checked too");
        assertEquals(
                201,
                api.post(
                                "/api/v1/records/case_file",
                                new JsonObject().put("status", "solved").put("resolution", "Known issue"))
                        .status());
        Res badGuard = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"case_file","fields":[{"name":"status","type":"picklist","values":[{"value":"open"},\
                {"value":"solved"}]},{"name":"resolution","type":"text"}],
                  "stateMachines":[{"field":"status","transitions":{"open":["solved"]},\
                "guards":{"closed":"resolution is not null"}}]}]""")));
        assertEquals(422, badGuard.status(), "a guard on a value the picklist lacks is refused");
    }

    @Test
    void onlyListedMovesAreAllowed() {
        Res wrongStart = api.post("/api/v1/records/deal", new JsonObject().put("stage", "won"));
        assertEquals(422, wrongStart.status());
        assertEquals(
                "/stage",
                wrongStart.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        String id = api.post("/api/v1/records/deal", new JsonObject().put("stage", "prospect"))
                .json()
                .getString("id");
        Res skip = api.patch("/api/v1/records/deal/" + id, new JsonObject().put("stage", "won"), null);
        assertEquals(422, skip.status(), skip.body());
        assertTrue(skip.json().getString("detail").contains("allowed: proposal, lost"), skip.body());
        assertEquals(
                "prospect",
                api.get("/api/v1/records/deal/" + id).json().getString("stage"),
                "a refused move changes nothing");
        assertEquals(
                200,
                api.patch("/api/v1/records/deal/" + id, new JsonObject().put("stage", "proposal"), null)
                        .status());
        assertEquals(
                200,
                api.patch("/api/v1/records/deal/" + id, new JsonObject().put("stage", "won"), null)
                        .status());
        Res fromFinal = api.patch("/api/v1/records/deal/" + id, new JsonObject().put("stage", "lost"), null);
        assertEquals(422, fromFinal.status());
        assertTrue(fromFinal.json().getString("detail").contains("is final"), fromFinal.body());
        Res bulk = api.post(
                "/api/v1/records/deal/bulk",
                new JsonObject()
                        .put("operation", "update")
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject().put("id", id).put("stage", "prospect"))));
        assertEquals(422, bulk.status(), "bulk updates obey the machine too: " + bulk.body());
    }

    @Test
    void undefinedValuesInTheMachineAreRefusedAtDeployment() {
        Res r = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"bad","fields":[{"name":"s","type":"picklist","values":[{"value":"a"}]}],\
                "stateMachines":[{"field":"s","transitions":{"a":["b"]}}]}]""")));
        assertEquals(422, r.status());
        assertEquals(
                "/entities/0/stateMachines/0/transitions/a",
                r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }
}
