package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Time-based workflow triggers fire once, at the right time, measured by an injected clock. */
class TimeTriggerIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("timers");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"contract","fields":[{"name":"name","type":"text"},{"name":"end_date","type":"date"}],
                  "workflows":[{"name":"renewal","on":["time"],"at":{"field":"end_date","days":-30},
                    "actions":[{"type":"create","entity":"task","values":{"subject":"{{name}}"}}]}]},
                 {"name":"ticket","fields":[{"name":"status","type":"picklist","values":[{"value":"open"},\
                {"value":"closed"}]},{"name":"priority","type":"text"}],
                  "workflows":[{"name":"sla_first_response","on":["time"],"at":{"field":"created_at",\
                "hours":2},"condition":"status = 'open'",
                    "actions":[{"type":"update","values":{"priority":"escalated"}}]}]},
                 {"name":"task","fields":[{"name":"subject","type":"text"}]}]""")));
        assertEquals(201, d.status(), d.body());
    }

    @AfterAll
    static void resetClock() {
        TestPlatform.get().dispatcher().setClock(Clock.systemUTC());
    }

    static int tasks() {
        return api.get("/api/v1/records/task?limit=100&filter="
                        + java.net.URLEncoder.encode(
                                "subject = 'Support 2027'", java.nio.charset.StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data")
                .size();
    }

    static void at(String instant) {
        Platform p = TestPlatform.get();
        p.dispatcher().setClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        TestPlatform.drainJobs(api.tenant.id());
    }

    @Test
    void firesThirtyDaysBeforeTheEndDateAndOnlyOnce() {
        api.post(
                "/api/v1/records/contract",
                new JsonObject().put("name", "Support 2027").put("end_date", "2027-03-01"));
        at("2027-01-29T12:00:00Z");
        assertEquals(0, tasks(), "31 days before: not yet");
        at("2027-01-30T00:00:01Z");
        assertEquals(1, tasks(), "30 days before: the renewal task exists");
        at("2027-01-30T06:00:00Z");
        assertEquals(1, tasks(), "fires only once");
    }

    @Test
    void anSlaEscalatesTicketsStillOpenTwoHoursAfterCreation() {
        String open = api.post("/api/v1/records/ticket", new JsonObject().put("status", "open"))
                .json()
                .getString("id");
        String closed = api.post("/api/v1/records/ticket", new JsonObject().put("status", "closed"))
                .json()
                .getString("id");
        Instant created =
                Instant.parse(api.get("/api/v1/records/ticket/" + open).json().getString("created_at"));
        at(created.plusSeconds(3600).toString());
        assertEquals(
                null, api.get("/api/v1/records/ticket/" + open).json().getString("priority"), "one hour in: not yet");
        at(created.plusSeconds(2 * 3600 + 60).toString());
        assertEquals(
                "escalated",
                api.get("/api/v1/records/ticket/" + open).json().getString("priority"),
                "two hours in and still open: escalated");
        assertEquals(
                null,
                api.get("/api/v1/records/ticket/" + closed).json().getString("priority"),
                "a closed ticket is not escalated");
    }

    @Test
    void anSlaClockStopsWhileTheTicketWaitsForTheCustomer() {
        Platform p = TestPlatform.get();
        Instant t0 = Instant.parse("2027-05-03T08:00:00Z");
        at(t0.toString());
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"support_case","fields":[{"name":"status","type":"picklist",\
                "values":[{"value":"open"},{"value":"waiting"},{"value":"closed"}]},
                   {"name":"breached","type":"boolean"},{"name":"opened_at","type":"datetime"}],
                  "workflows":[{"name":"resolution_sla","on":["time"],"at":{"field":"opened_at","hours":4,\
                "pauseWhen":"status = 'waiting'"},
                    "condition":"status != 'closed'","actions":[{"type":"update","values":{"breached":true}}]}]}]""")));
        assertEquals(201, d.status(), d.body());
        String id = api.post(
                        "/api/v1/records/support_case",
                        new JsonObject().put("status", "open").put("opened_at", t0.toString()))
                .json()
                .getString("id");
        at(t0.plusSeconds(3600).toString());
        api.patch("/api/v1/records/support_case/" + id, new JsonObject().put("status", "waiting"), null);
        at(t0.plusSeconds(3600).toString());
        at(t0.plusSeconds(5 * 3600).toString());
        assertEquals(
                null,
                api.get("/api/v1/records/support_case/" + id).json().getValue("breached"),
                "paused: not breached although 5 h passed");
        api.patch("/api/v1/records/support_case/" + id, new JsonObject().put("status", "open"), null);
        at(t0.plusSeconds(5 * 3600).toString());
        at(t0.plusSeconds(7 * 3600).toString());
        assertEquals(
                null,
                api.get("/api/v1/records/support_case/" + id).json().getValue("breached"),
                "4 h SLA + 4 h paused: due at 8 h, not 4 h");
        at(t0.plusSeconds(8 * 3600 + 60).toString());
        assertEquals(
                true,
                api.get("/api/v1/records/support_case/" + id).json().getValue("breached"),
                "breached once the running time reached 4 h");
        p.dispatcher().setClock(Clock.systemUTC());
    }

    @Test
    void aCronWorkflowFiresForEveryMatchingRecordOncePerFireTime() {
        Platform p = TestPlatform.get();
        p.dispatcher().setClock(Clock.fixed(Instant.parse("2027-02-01T08:00:00Z"), ZoneOffset.UTC));
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"invoice","fields":[{"name":"number","type":"text"},{"name":"status",\
                "type":"picklist","values":[{"value":"overdue"},{"value":"paid"}]}],
                  "workflows":[{"name":"dunning","on":["schedule"],"cron":"0 9 * * *","condition":"status = 'overdue'",
                    "actions":[{"type":"create","entity":"task","values":{"subject":"{{number}}"}}]}]}]""")));
        assertEquals(201, d.status(), d.body());
        for (String[] inv : new String[][] {{"INV-1", "overdue"}, {"INV-2", "overdue"}, {"INV-3", "paid"}}) {
            api.post(
                    "/api/v1/records/invoice",
                    new JsonObject().put("number", inv[0]).put("status", inv[1]));
        }
        at("2027-02-01T08:30:00Z");
        assertEquals(0, dunning(), "before 09:00 nothing fires (deploying never fires for the past)");
        at("2027-02-01T09:00:30Z");
        assertEquals(2, dunning(), "one task per overdue invoice");
        at("2027-02-01T12:00:00Z");
        assertEquals(2, dunning(), "once per fire time");
        Res bad = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"broken_cron","fields":[{"name":"a","type":"text"}],"workflows":[{"name":"w",\
                "on":["schedule"],"cron":"every day","actions":[{"type":"update","values":{"a":"x"}}]}]}]""")));
        assertEquals(422, bad.status());
        assertEquals(
                "/entities/0/workflows/0/cron",
                bad.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    static int dunning() {
        return api.get("/api/v1/records/task?limit=100&filter="
                        + java.net.URLEncoder.encode("subject like 'INV-%'", java.nio.charset.StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data")
                .size();
    }
}
