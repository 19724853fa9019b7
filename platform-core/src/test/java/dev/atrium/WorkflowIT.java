package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Record-triggered workflows through the durable job queue, against real PostgreSQL. */
class WorkflowIT {
    static Api api;
    static String wfBigDeal;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("workflow");
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"deal","fields":[{"name":"name","type":"text"},{"name":"code","type":"text",\
                "unique":true},{"name":"amount","type":"decimal"},
                   {"name":"stage","type":"picklist","values":[{"value":"open"},{"value":"won"}]},\
                {"name":"status","type":"text"}],
                  "workflows":[
                   {"name":"big_deal_task","on":["create"],"condition":"amount > 1000",
                    "actions":[{"type":"create","entity":"task","values":{"subject":"{{name}}",\
                "deal":"{{id}}","due_date":"{{today+7}}","status":"open"}}]},
                   {"name":"won_stamp","on":["update"],"fields":["stage"],"condition":"stage = 'won'",
                    "actions":[{"type":"update","values":{"status":"closed"}}]},
                   {"name":"escalate","on":["manual"],"actions":[{"type":"update","values":{"status":"escalated"}}]}]},
                 {"name":"task","fields":[{"name":"subject","type":"text"},{"name":"deal","type":"lookup",\
                "target":"deal"},{"name":"due_date","type":"date"},
                   {"name":"status","type":"picklist","values":[{"value":"open"},{"value":"done"}]}]}]""")));
        assertEquals(201, d.status(), d.body());
        wfBigDeal = api.get("/api/v1/metadata/entities/deal")
                .json()
                .getJsonArray("workflows")
                .getJsonObject(0)
                .getString("id");
    }

    static void process() {
        TestPlatform.drainJobs(api.tenant.id());
    }

    static JsonArray tasksOf(String dealId) {
        return api.get("/api/v1/records/task?filter="
                        + URLEncoder.encode("deal = '" + dealId + "'", StandardCharsets.UTF_8))
                .json()
                .getJsonArray("data");
    }

    @Test
    void aScriptConditionDecidesWhenAFilterCannot() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"lead_check","fields":[{"name":"email","type":"text"},{"name":"flag","type":"text"}],
                  "workflows":[{"name":"free_mail","on":["create"],
                    "conditionScript":"return /@(gmail|yahoo|qq|mail)\\\\./.test(record.email || '');",
                    "actions":[{"type":"update","values":{"flag":"personal address"}}]}]}]""")));
        assertEquals(201, d.status(), d.body());
        String personal = api.post("/api/v1/records/lead_check", new JsonObject().put("email", "ana@gmail.com"))
                .json()
                .getString("id");
        String business = api.post("/api/v1/records/lead_check", new JsonObject().put("email", "ana@acme.es"))
                .json()
                .getString("id");
        process();
        assertEquals(
                "personal address",
                api.get("/api/v1/records/lead_check/" + personal).json().getString("flag"));
        assertEquals(
                null,
                api.get("/api/v1/records/lead_check/" + business).json().getString("flag"),
                "the script returned false: no actions");
        Res broken = api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"lead_check","fields":[{"name":"email","type":"text"},{"name":"flag","type":"text"}],
                  "workflows":[{"name":"free_mail","on":["create"],"conditionScript":"return\s\
                (;","actions":[{"type":"update","values":{"flag":"x"}}]}]}]""")));
        assertEquals(422, broken.status());
        assertTrue(broken.body().contains("/workflows/0/conditionScript"), broken.body());
    }

    @Test
    void aCreateTriggerSeesTheCommittedRecordAndCreatesATask() {
        String big = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Big one").put("amount", 5000))
                .json()
                .getString("id");
        String small = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Small one").put("amount", 10))
                .json()
                .getString("id");
        process();
        JsonArray tasks = tasksOf(big);
        assertEquals(1, tasks.size(), "one task for the big deal");
        assertEquals("Big one", tasks.getJsonObject(0).getString("subject"), "the trigger saw every field");
        assertEquals(
                LocalDate.now(ZoneOffset.UTC).plusDays(7).toString(),
                tasks.getJsonObject(0).getString("due_date"));
        assertEquals(0, tasksOf(small).size(), "the condition filtered the small deal out");
        process();
        assertEquals(1, tasksOf(big).size(), "processing again does nothing twice");
    }

    @Test
    void fieldChangeTriggersFireOnlyForTheirFields() {
        String id = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Deal").put("amount", 1).put("stage", "open"))
                .json()
                .getString("id");
        api.patch("/api/v1/records/deal/" + id, new JsonObject().put("name", "Renamed"), null);
        process();
        assertEquals(null, api.get("/api/v1/records/deal/" + id).json().getString("status"));
        api.patch("/api/v1/records/deal/" + id, new JsonObject().put("stage", "won"), null);
        process();
        assertEquals("closed", api.get("/api/v1/records/deal/" + id).json().getString("status"));
    }

    @Test
    void aRolledBackWriteEnqueuesNothing() {
        long before = jobCount();
        api.post(
                "/api/v1/records/deal",
                new JsonObject().put("name", "First").put("code", "DUP").put("amount", 2));
        process();
        long afterFirst = jobCount();
        Res bulk = api.post(
                "/api/v1/records/deal/bulk",
                new JsonObject()
                        .put(
                                "records",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "Would be big")
                                                .put("code", "NEW1")
                                                .put("amount", 9999))
                                        .add(new JsonObject()
                                                .put("name", "Duplicate")
                                                .put("code", "DUP")
                                                .put("amount", 9999))));
        assertEquals(409, bulk.status(), bulk.body());
        process();
        assertEquals(afterFirst, jobCount(), "the rolled-back bulk create triggered nothing");
        assertTrue(afterFirst >= before);
        assertEquals(
                0,
                api.get("/api/v1/records/task?filter="
                                + URLEncoder.encode("subject = 'Would be big'", StandardCharsets.UTF_8))
                        .json()
                        .getJsonArray("data")
                        .size());
    }

    @Test
    void aCrashedNodesJobIsTakenAgain() {
        String id = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Orphan").put("amount", 50))
                .json()
                .getString("id");
        Platform p = TestPlatform.get();
        p.blocking(() -> p.pool()
                .preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key, status, "
                        + "attempts, locked_by, locked_until) "
                        + "VALUES ($1, 'workflow', $2, $3, 'running', 1, 'dead-node', now() - "
                        + "interval '1 minute')")
                .execute(Tuple.of(
                        api.tenant.id(),
                        new JsonObject()
                                .put("entity", "deal")
                                .put("workflow", wfBigDeal)
                                .put("record", id)
                                .put("action", "create"),
                        "crash-test"))
                .await());
        process();
        assertEquals(0, tasksOf(id).size(), "its condition (amount > 1000) is checked when it runs");
        long done = p.blocking(() -> p.pool()
                .preparedQuery("SELECT count(*) FROM atrium.jobs WHERE tenant_id = $1 AND idempotency_key = "
                        + "'crash-test' AND status = 'done'")
                .execute(Tuple.of(api.tenant.id()))
                .await()
                .iterator()
                .next()
                .getLong(0));
        assertEquals(1, done, "the expired claim was taken over and finished");
    }

    @Test
    void anActionThatFailsTwiceThenSucceedsHasItsEffectOnce() {
        Platform p = TestPlatform.get();
        // the hook is in place before the job exists: the background loop may pick the job up at once
        java.util.Set<String> flaky = java.util.concurrent.ConcurrentHashMap.newKeySet();
        p.jobs().setBeforeCommit((job, attempt) -> {
            if (attempt > 2 || flaky.isEmpty()) return;
            boolean ours = p.pool()
                            .preparedQuery("SELECT 1 FROM atrium.jobs WHERE id = $1 AND payload->>'record' = ANY($2)")
                            .execute(Tuple.of(job, flaky.toArray(new String[0])))
                            .await()
                            .size()
                    > 0;
            if (ours) throw new IllegalStateException("injected failure on attempt " + attempt);
        });
        String id = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Flaky").put("amount", 7777))
                .json()
                .getString("id");
        flaky.add(id);
        p.blocking(() -> {
            p.audit().chain().sealPending();
            p.dispatcher().dispatch();
            return null;
        });
        long jobId = p.blocking(() -> p.pool()
                .preparedQuery("SELECT id FROM atrium.jobs WHERE tenant_id = $1 AND payload->>'record' = $2")
                .execute(Tuple.of(api.tenant.id(), id))
                .await()
                .iterator()
                .next()
                .getLong(0));
        try {
            for (int i = 0; i < 3; i++) {
                p.blocking(() -> p.pool()
                        .preparedQuery("UPDATE atrium.jobs SET run_at = now() WHERE id = $1 AND status = 'pending'")
                        .execute(Tuple.of(jobId))
                        .await());
                process();
            }
        } finally {
            p.jobs().setBeforeCommit(null);
        }
        assertEquals(1, tasksOf(id).size(), "the task was created exactly once");
        JsonObject job = api.get("/api/v1/jobs?status=done").json().getJsonArray("data").stream()
                .map(o -> (JsonObject) o)
                .filter(j -> j.getLong("id") == jobId)
                .findFirst()
                .orElseThrow();
        assertEquals(3, job.getInteger("attempts"));
    }

    static long jobCount() {
        Platform p = TestPlatform.get();
        return p.blocking(() -> p.pool()
                .preparedQuery("SELECT count(*) FROM atrium.jobs WHERE tenant_id = $1")
                .execute(Tuple.of(api.tenant.id()))
                .await()
                .iterator()
                .next()
                .getLong(0));
    }

    @Test
    void aManualWorkflowRunsFromItsButton() {
        String id = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Stuck").put("amount", 1))
                .json()
                .getString("id");
        Res run = api.post("/api/v1/records/deal/" + id + "/workflows/escalate", new JsonObject());
        assertEquals(202, run.status(), run.body());
        process();
        assertEquals("escalated", api.get("/api/v1/records/deal/" + id).json().getString("status"));
        assertEquals(
                404,
                api.post("/api/v1/records/deal/" + id + "/workflows/won_stamp", new JsonObject())
                        .status(),
                "only manual workflows have a button");
    }
}
