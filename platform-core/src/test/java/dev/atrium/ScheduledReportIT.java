package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report on a schedule: nothing is sent for the past when it is deployed; at its time (read in its own
 * zone) each recipient — named or by role — gets it once, computed with their own access.
 */
class ScheduledReportIT {
    @AfterEach
    void resetClock() {
        TestPlatform.get().dispatcher().setClock(Clock.systemUTC());
    }

    static String created(Res r) {
        assertEquals(201, r.status(), r.body());
        return r.json().getString("id");
    }

    static void at(String instant) {
        Platform p = TestPlatform.get();
        p.dispatcher().setClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    static JsonArray inbox(Api who) {
        return who.get("/api/v1/notifications?limit=50").json().getJsonArray("data");
    }

    @Test
    void eachRecipientGetsTheReportOnceWithTheirOwnNumbers() {
        at("2027-03-01T06:00:00Z");
        Api admin = TestPlatform.tenantWithAdmin("sched");
        String manager = created(admin.post("/api/v1/access/roles", new JsonObject().put("name", "Managers")));
        String rep = created(admin.post(
                "/api/v1/access/roles", new JsonObject().put("name", "Reps").put("parent", manager)));
        String mail = "rep1@" + admin.slug + ".test";
        JsonObject report = new JsonObject("""
                {"name": "weekly", "label": {"en": "Weekly sales"}, "groupBy": [{"field": "stage"}],
                 "aggregates": [{"name": "total", "op": "sum", "field": "amount"}],
                 "schedule": {"cron": "0 8 * * MON", "zone": "Europe/Madrid",
                              "to": {"users": ["REP"], "roles": ["Managers"]}}}""".replace("REP", mail));
        JsonObject entity = new JsonObject("""
                {"name": "sale", "titleField": "name", "fields": [{"name": "name", "type": "text"},
                  {"name": "amount", "type": "decimal"},
                  {"name": "stage", "type": "picklist", "values": [{"value": "open"}, {"value": "won"}]}]}""");
        JsonObject broken = entity.copy()
                .put(
                        "ui",
                        new JsonObject()
                                .put(
                                        "reports",
                                        new JsonArray()
                                                .add(report.copy()
                                                        .put(
                                                                "schedule",
                                                                new JsonObject()
                                                                        .put("cron", "every monday")
                                                                        .put("to", new JsonObject())))));
        Res refused = admin.deploy(new JsonObject().put("entities", new JsonArray().add(broken)));
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("/ui/reports/0/schedule/cron"), refused.body());
        Res ok = admin.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(entity.copy()
                                        .put("ui", new JsonObject().put("reports", new JsonArray().add(report))))));
        assertEquals(201, ok.status(), ok.body());

        String set = created(admin.post("/api/v1/access/permission-sets", new JsonObject("""
                {"name": "sales", "definition": {"entities": {"sale": {"create": true, "read": true, "edit": true,
                  "fields": {"name": {"edit": true}, "amount": {"edit": true}, "stage": {"edit": true}}}}}}""")));
        Api rep1 = SecurityITUsers.user(admin, "rep1", rep, set);
        Api boss = SecurityITUsers.user(admin, "boss", manager, set);
        created(rep1.post(
                "/api/v1/records/sale",
                new JsonObject().put("name", "a").put("amount", 100).put("stage", "won")));
        created(rep1.post(
                "/api/v1/records/sale",
                new JsonObject().put("name", "b").put("amount", 200).put("stage", "open")));
        created(admin.post(
                "/api/v1/records/sale",
                new JsonObject().put("name", "c").put("amount", 5000).put("stage", "won")));

        // Monday 07:00 in Madrid: the last fire time (a week ago) is only recorded
        TestPlatform.drainJobs(admin.tenant.id());
        assertEquals(0, inbox(rep1).size(), "nothing is sent for the past");
        // Monday 08:30 in Madrid
        at("2027-03-01T07:30:00Z");
        TestPlatform.drainJobs(admin.tenant.id());
        TestPlatform.drainJobs(admin.tenant.id());

        JsonArray repBox = inbox(rep1);
        assertEquals(1, repBox.size(), "sent once: " + repBox);
        String body = repBox.getJsonObject(0).getString("body");
        assertTrue(repBox.getJsonObject(0).getString("title").startsWith("Weekly sales"), repBox.encode());
        assertTrue(body.contains("Total: total 300"), "the rep's own sales only: " + body);
        assertTrue(body.contains("#/reports/sale/weekly"), body);
        JsonArray bossBox = inbox(boss);
        assertEquals(1, bossBox.size(), "a recipient by role: " + bossBox);
        String bossBody = bossBox.getJsonObject(0).getString("body");
        assertTrue(
                bossBody.contains("Total: total 300"),
                "the manager sees the rep's sales, not the admin's: " + bossBody);
        assertFalse(bossBody.contains("5300"), bossBody);
        assertEquals(0, inbox(admin).size(), "not a recipient");
    }
}
