package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit trail: what is recorded, the per-record history, append-only storage and the hash chain. */
class AuditIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("audit");
        assertEquals(
                201,
                api.deploy(new JsonObject().put("entities", new JsonArray("""
                [{"name":"deal","fields":[{"name":"name","type":"text"},{"name":"amount",\
                "type":"decimal"}]}]"""))).status());
    }

    static JsonArray entries(String query) {
        Res r = api.get("/api/v1/audit?" + query);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("data");
    }

    @Test
    void recordChangesAreRecordedWithOldAndNewValues() {
        String id = api.post(
                        "/api/v1/records/deal",
                        new JsonObject().put("name", "Big one").put("amount", 100))
                .json()
                .getString("id");
        api.patch("/api/v1/records/deal/" + id, new JsonObject().put("amount", 250), null);
        api.delete("/api/v1/records/deal/" + id);
        api.post("/api/v1/records/deal/" + id + "/restore", new JsonObject());
        JsonArray history =
                api.get("/api/v1/records/deal/" + id + "/history").json().getJsonArray("data");
        java.util.List<String> actions =
                history.stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertTrue(actions.containsAll(java.util.List.of("create", "update", "delete", "restore")), actions.toString());
        JsonObject update = history.stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("action").equals("update"))
                .findFirst()
                .orElseThrow();
        JsonArray amount = update.getJsonObject("changes").getJsonArray("amount");
        assertEquals(
                0,
                new java.math.BigDecimal(amount.getValue(0).toString()).compareTo(new java.math.BigDecimal("100")),
                "old value");
        assertEquals(
                0,
                new java.math.BigDecimal(amount.getValue(1).toString()).compareTo(new java.math.BigDecimal("250")),
                "new value");
        String me = api.get("/api/v1/auth/session").json().getJsonObject("user").getString("id");
        assertEquals(me, update.getString("actor"), "who");
        assertFalse(
                update.getJsonObject("changes").containsKey("version"),
                "bookkeeping columns are not reported as changes");
    }

    @Test
    void viewsLoginsDeploymentsAndAccessChangesAreRecorded() {
        String id = api.post("/api/v1/records/deal", new JsonObject().put("name", "Watched"))
                .json()
                .getString("id");
        // by default a view is queued and the read answered at once; the log has it once written
        assertEquals(false, api.get("/api/v1/audit/view-log").json().getBoolean("durable"));
        api.get("/api/v1/records/deal/" + id);
        TestPlatform.get().views().flush();
        JsonArray views = entries("action=view&record=" + id);
        assertEquals(1, views.size(), "the view was written");
        // an organisation that asks for it has every view written before the read is answered
        assertEquals(
                422,
                api.put("/api/v1/audit/view-log", new JsonObject().put("durable", "yes"))
                        .status());
        assertEquals(
                200,
                api.put("/api/v1/audit/view-log", new JsonObject().put("durable", true))
                        .status());
        api.get("/api/v1/records/deal/" + id);
        assertEquals(2, entries("action=view&record=" + id).size(), "written before the response was sent");
        assertEquals(
                200,
                api.put("/api/v1/audit/view-log", new JsonObject().put("durable", false))
                        .status());
        assertNotNull(views.getJsonObject(0).getString("ip"), "from where");
        assertFalse(entries("action=login").isEmpty());
        new Api(TestPlatform.get().port(), null)
                .post(
                        "/api/v1/auth/login",
                        new JsonObject()
                                .put("tenant", api.slug)
                                .put("email", api.email)
                                .put("password", "not the password"));
        assertFalse(entries("action=login_failed").isEmpty());
        assertFalse(entries("action=deploy").isEmpty());
        api.post("/api/v1/access/roles", new JsonObject().put("name", "Auditors"));
        assertTrue(entries("action=access").encode().contains("Auditors"));
    }

    @Test
    void theLogIsAppendOnly() {
        Platform p = TestPlatform.get();
        assertThrows(
                RuntimeException.class,
                () -> p.blocking(() ->
                        p.pool().query("DELETE FROM atrium.audit_log").execute().await()));
        assertThrows(
                RuntimeException.class,
                () -> p.blocking(() -> p.pool()
                        .query("UPDATE atrium.audit_log SET action = 'x'")
                        .execute()
                        .await()));
    }

    @Test
    void theChainVerifiesAndDetectsTampering() {
        api.post("/api/v1/records/deal", new JsonObject().put("name", "Chained"));
        JsonObject ok = api.get("/api/v1/audit/verify").json();
        assertTrue(ok.getBoolean("valid"), ok.encode());
        assertTrue(ok.getLong("checked") > 0);
        Platform p = TestPlatform.get();
        p.blocking(() -> dev.atrium.db.Tx.run(p.pool(), conn -> {
            conn.query("SET LOCAL session_replication_role = replica").execute().await();
            conn.preparedQuery("UPDATE atrium.audit_log SET changes = '{\"name\": [null, \"Forged\"]}' WHERE "
                            + "tenant_id = $1 AND seq = 2")
                    .execute(io.vertx.sqlclient.Tuple.of(api.tenant.id()))
                    .await();
            return null;
        }));
        JsonObject broken = api.get("/api/v1/audit/verify").json();
        assertFalse(broken.getBoolean("valid"), broken.encode());
        assertEquals(2L, broken.getLong("brokenAt"));
    }

    @Test
    void aBurstOfViewsIsSealedAsWrittenAndTheChainStaysWhole() {
        Api own = TestPlatform.tenantWithAdmin("burst");
        Platform p = TestPlatform.get();
        java.util.UUID tenant = own.tenant.id();
        // an entry appended unsealed (an access change) before the views, which are sealed as written
        assertEquals(
                201,
                own.post("/api/v1/access/roles", new JsonObject().put("name", "Readers"))
                        .status());
        for (int i = 0; i < 2_500; i++) {
            p.views()
                    .record(
                            tenant,
                            null,
                            "192.0.2." + (i % 250),
                            "agent",
                            "view",
                            "deal",
                            java.util.UUID.randomUUID(),
                            i % 2 == 0 ? null : new JsonObject().put("n", i));
        }
        p.views().flush();
        JsonObject verified = own.get("/api/v1/audit/verify").json();
        assertTrue(verified.getBoolean("valid"), verified.encode());
        long[] counts = p.blocking(() -> {
            var r = p.pool()
                    .preparedQuery("SELECT count(*) FILTER (WHERE seq IS NULL), count(*), max(seq), "
                            + "count(*) FILTER (WHERE changes_hash IS NULL) FROM atrium.audit_log "
                            + "WHERE tenant_id = $1 AND action = 'view'")
                    .execute(io.vertx.sqlclient.Tuple.of(tenant))
                    .await()
                    .iterator()
                    .next();
            return new long[] {r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3)};
        });
        assertEquals(0, counts[0], "nothing left unsealed after one verification");
        assertEquals(2_500, counts[1], "every view written once");
        assertTrue(counts[2] >= 2_500, "sequence numbers run on: " + counts[2]);
        assertEquals(0, counts[3], "each view's details hashed");
        long unsealed = p.blocking(() -> p.pool()
                .preparedQuery("SELECT count(*) FROM atrium.audit_log WHERE tenant_id = $1 AND seq IS NULL")
                .execute(io.vertx.sqlclient.Tuple.of(tenant))
                .await()
                .iterator()
                .next()
                .getLong(0));
        assertEquals(0, unsealed, "the earlier change sealed after the views, the chain still whole");
        assertTrue(verified.getLong("checked") > 2_500, verified.encode());
    }

    @Test
    void retentionRedactsOldChangesAndTheChainStillVerifies() {
        Api own = TestPlatform.tenantWithAdmin("retention");
        assertEquals(
                201,
                own.deploy(new JsonObject()
                                .put(
                                        "entities",
                                        new JsonArray("[{\"name\":\"deal\",\"fields\":[{\"name\":\"name\","
                                                + "\"type\":\"text\"}]}]")))
                        .status());
        own.post("/api/v1/records/deal", new JsonObject().put("name", "recent"));
        Platform p = TestPlatform.get();
        p.blocking(() -> p.pool()
                .preparedQuery("INSERT INTO atrium.audit_log (tenant_id, at, action, entity, changes, changes_hash) "
                        + "VALUES ($1, now() - interval '40 days', 'update', 'deal', '{\"name\": "
                        + "[\"a\", \"b\"]}', sha256(convert_to('{\"name\": [\"a\", "
                        + "\"b\"]}'::jsonb::text, 'UTF8')))")
                .execute(io.vertx.sqlclient.Tuple.of(own.tenant.id()))
                .await());
        assertEquals(
                204,
                own.send(
                                "PUT",
                                "/api/v1/audit/retention",
                                new JsonObject()
                                        .put("entity", "deal")
                                        .put("days", 30)
                                        .encode(),
                                null,
                                null)
                        .status());
        p.blocking(() -> {
            p.audit().upkeep();
            return null;
        });
        JsonArray old = own.get("/api/v1/audit?entity=deal&to="
                        + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(35))
                .json()
                .getJsonArray("data");
        assertEquals(1, old.size());
        assertEquals(null, old.getJsonObject(0).getValue("changes"), "changes older than the retention are redacted");
        JsonArray recent =
                own.get("/api/v1/audit?entity=deal&action=create").json().getJsonArray("data");
        assertNotNull(recent.getJsonObject(0).getJsonObject("changes"), "recent entries keep their changes");
        JsonObject verify = own.get("/api/v1/audit/verify").json();
        assertTrue(verify.getBoolean("valid"), "redaction keeps the chain verifiable: " + verify.encode());
    }

    @Test
    void theAuditLogExportsAsCsv() {
        Res csv = api.get("/api/v1/audit/export?action=deploy");
        assertEquals(200, csv.status());
        assertTrue(csv.body().startsWith("id,at,actor"), csv.body());
        assertTrue(csv.body().contains("deploy"));
    }
}
