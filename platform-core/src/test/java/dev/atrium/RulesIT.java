package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JavaScript rules in real GraalJS contexts: behaviour on the write path, and the sandbox. */
class RulesIT {
    static Api api;

    @BeforeAll
    static void setUp() {
        api = TestPlatform.tenantWithAdmin("rules");
        JsonObject entity = new JsonObject("""
                {"name":"opportunity","fields":[{"name":"name","type":"text"},{"name":"amount","type":"decimal"},
                  {"name":"stage","type":"picklist","values":[{"value":"prospect"},{"value":"won"}]},
                  {"name":"close_date","type":"date"},{"name":"probability","type":"percent"}],
                 "rules":[
                  {"name":"close_date_when_won","kind":"validation","field":"close_date",\
                "script":"rules/close_date_when_won.js",
                   "message":{"en":"Close date is required when the deal is won","es":"La fecha de cierre es\s\
                obligatoria"}},
                  {"name":"tidy","kind":"before_save","script":"rules/tidy.js"},
                  {"name":"probability_default","kind":"default","field":"probability","source":"return\s\
                record.stage === 'won' ? 100 : 10;"}]}""");
        Res r = api.deploy(new JsonObject()
                .put("entities", new JsonArray().add(entity))
                .put(
                        "scripts",
                        new JsonObject()
                                .put(
                                        "rules/close_date_when_won.js",
                                        "// a won deal needs its close date\nreturn !(record.stage "
                                                + "=== 'won' && !record.close_date);\n")
                                .put(
                                        "rules/tidy.js",
                                        "if (record.name) record.name = record.name.trim();\nif "
                                                + "(record.amount > 1000000) error('amount', 'needs "
                                                + "approval above 1,000,000');\n")));
        assertEquals(201, r.status(), r.body());
    }

    @Test
    void bulkUpdatesAndUpsertsRunTheSameRulesAsSingleWrites() {
        String a = SecurityIT.created(api.post(
                "/api/v1/records/opportunity",
                new JsonObject().put("name", "Bulk A").put("stage", "prospect")));
        String b = SecurityIT.created(api.post(
                "/api/v1/records/opportunity",
                new JsonObject().put("name", "Bulk B").put("stage", "prospect")));
        JsonArray records = new JsonArray()
                .add(new JsonObject().put("id", a).put("name", "  Bulk A2  "))
                .add(new JsonObject().put("id", b).put("stage", "won"));
        Res refused = api.post(
                "/api/v1/records/opportunity/bulk",
                new JsonObject().put("operation", "update").put("records", records));
        assertEquals(422, refused.status(), "a validation rule fails in the second record: " + refused.body());
        assertEquals(
                "/records/1/close_date",
                refused.json().getJsonArray("errors").getJsonObject(0).getString("pointer"),
                refused.body());
        assertEquals(
                "Bulk A",
                api.get("/api/v1/records/opportunity/" + a).json().getString("name"),
                "all or nothing: the first record is unchanged");

        records.getJsonObject(1).put("close_date", "2026-12-24");
        Res done = api.post(
                "/api/v1/records/opportunity/bulk",
                new JsonObject().put("operation", "update").put("records", records));
        assertEquals(200, done.status(), done.body());
        assertEquals(
                "Bulk A2",
                api.get("/api/v1/records/opportunity/" + a).json().getString("name"),
                "the before-save rule trimmed the name in a bulk update");
        JsonObject won = api.get("/api/v1/records/opportunity/" + b).json();
        assertEquals("won", won.getString("stage"), won.encode());
    }

    @Test
    void rulesQueryRecordsThroughTheWritersPermissions() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"invoice","fields":[{"name":"number","type":"text"},{"name":"total","type":"decimal"},\
                {"name":"open_total","type":"decimal"}],
                 "rules":[
                  {"name":"unique_number","kind":"validation","field":"number","message":{"en":"This number\s\
                is already used"},
                   "source":"return query('invoice', `number = '${record.number}'`).filter(x => x.id !==\s\
                record.id).length === 0;"},
                  {"name":"running_total","kind":"before_save","source":"record.open_total = query('invoice',\s\
                null, {limit: 100}).reduce((s, x) => s + Number(x.total || 0), 0) + Number(record.total ||\s\
                0);"},
                  {"name":"greedy","kind":"before_save","source":"if (record.number === 'greedy') { for (let\s\
                i = 0; i < 11; i++) query('invoice'); }"},
                  {"name":"nosy","kind":"before_save","source":"if (record.number === 'nosy')\s\
                query('secret_stuff');"}]}"""))));
        assertEquals(201, d.status(), d.body());
        assertEquals(
                201,
                api.post(
                                "/api/v1/records/invoice",
                                new JsonObject().put("number", "INV-1").put("total", 100))
                        .status());
        Res second = api.post(
                "/api/v1/records/invoice",
                new JsonObject().put("number", "INV-2").put("total", 50));
        assertEquals(201, second.status(), second.body());
        assertEquals(
                0,
                new java.math.BigDecimal("150")
                        .compareTo(new java.math.BigDecimal(
                                second.json().getValue("open_total").toString())),
                "the rule summed earlier invoices");
        Res dup = api.post(
                "/api/v1/records/invoice",
                new JsonObject().put("number", "INV-1").put("total", 1));
        assertEquals(422, dup.status());
        assertEquals(
                "This number is already used",
                dup.json().getJsonArray("errors").getJsonObject(0).getString("message"));
        Res greedy = api.post("/api/v1/records/invoice", new JsonObject().put("number", "greedy"));
        assertEquals(422, greedy.status());
        assertTrue(greedy.body().contains("at most 10 queries"), greedy.body());
        Res nosy = api.post("/api/v1/records/invoice", new JsonObject().put("number", "nosy"));
        assertEquals(422, nosy.status());
        assertTrue(nosy.body().contains("secret_stuff"), "the query error names what was wrong: " + nosy.body());
    }

    @Test
    void validationRulesRejectWithTheMessageOnTheField() {
        Res r = api.post(
                "/api/v1/records/opportunity",
                new JsonObject().put("name", "Deal").put("stage", "won"));
        assertEquals(422, r.status(), r.body());
        JsonObject err = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("/close_date", err.getString("pointer"));
        assertEquals("Close date is required when the deal is won", err.getString("message"));
        String id = api.post(
                        "/api/v1/records/opportunity",
                        new JsonObject().put("name", "Deal").put("stage", "prospect"))
                .json()
                .getString("id");
        Res update = api.patch("/api/v1/records/opportunity/" + id, new JsonObject().put("stage", "won"), null);
        assertEquals(422, update.status(), "the rule sees the stored record merged with the change");
        assertEquals(
                "prospect",
                api.get("/api/v1/records/opportunity/" + id).json().getString("stage"),
                "a rejected write changes nothing");
        assertEquals(
                200,
                api.patch(
                                "/api/v1/records/opportunity/" + id,
                                new JsonObject().put("stage", "won").put("close_date", "2026-12-01"),
                                null)
                        .status());
    }

    @Test
    void beforeSaveRulesChangeOrRejectAndDefaultsFillIn() {
        JsonObject rec = api.post(
                        "/api/v1/records/opportunity",
                        new JsonObject().put("name", "  Padded  ").put("stage", "prospect"))
                .json();
        assertEquals("Padded", rec.getString("name"), "before-save trimmed the name");
        assertEquals(
                0,
                new java.math.BigDecimal("10")
                        .compareTo(new java.math.BigDecimal(
                                rec.getValue("probability").toString())),
                "default rule");
        Res big = api.post(
                "/api/v1/records/opportunity",
                new JsonObject().put("name", "Huge").put("amount", 5_000_000));
        assertEquals(422, big.status());
        assertEquals(
                "/amount", big.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
    }

    @Test
    void rulesSeeTheirWritersUserAndTheTimeOfTheWriteAsIso8601() {
        JsonObject visit = new JsonObject("""
                {"name":"visit","fields":[{"name":"name","type":"text"},{"name":"seen","type":"text"},
                  {"name":"by","type":"text"}],
                 "rules":[{"name":"stamp","kind":"before_save",
                   "source":"record.seen = now; record.by = user.email;"}]}""");
        Api other = TestPlatform.tenantWithAdmin("rules_other");
        for (Api a : List.of(api, other)) {
            Res d = a.deploy(new JsonObject().put("entities", new JsonArray().add(visit.copy())));
            assertEquals(201, d.status(), d.body());
        }
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // writers of two organisations in turn: each rule sees its own writer, not the one before
        List<JsonObject> written = new ArrayList<>();
        for (Api a : List.of(api, other, other, api)) {
            JsonObject r = a.post("/api/v1/records/visit", new JsonObject().put("name", "v"))
                    .json();
            assertEquals(a.email, r.getString("by"), r.encode());
            written.add(r);
        }
        Instant after = Instant.now();
        Instant previous = before;
        for (JsonObject r : written) {
            Instant seen = Instant.parse(r.getString("seen"));
            assertTrue(!seen.isBefore(previous) && !seen.isAfter(after), previous + " " + seen + " " + after);
            previous = seen;
        }
    }

    @Test
    void brokenScriptsAreRefusedAtDeploymentWithTheLine() {
        JsonObject entity = new JsonObject("""
                {"name":"broken","fields":[{"name":"a","type":"text"}],"rules":[{"name":"bad",\
                "kind":"validation","source":"let x = ;\\nreturn true;"}]}""");
        Res r = api.deploy(new JsonObject().put("entities", new JsonArray().add(entity)));
        assertEquals(422, r.status(), r.body());
        assertEquals(
                "/entities/0/rules/0/script",
                r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"));
        JsonObject missing = new JsonObject("""
                {"name":"broken","fields":[{"name":"a","type":"text"}],"rules":[{"name":"gone",\
                "kind":"validation","script":"rules/nowhere.js"}]}""");
        Res m = api.deploy(new JsonObject().put("entities", new JsonArray().add(missing)));
        assertEquals(422, m.status());
        assertTrue(m.body().contains("rules/nowhere.js"));
    }

    static JsonObject test(String source) {
        Res r = api.post(
                "/api/v1/metadata/rules/test",
                new JsonObject()
                        .put("rule", new JsonObject().put("name", "probe").put("source", source))
                        .put("record", new JsonObject().put("name", "x")));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "return Java.type('java.lang.System').exit(1);",
                "return Polyglot.eval('js', '1');",
                "load('http://example.com/x.js'); return true;",
                "return record.getClass().forName('java.lang.Runtime');",
                "return Object.getPrototypeOf(record).constructor.constructor('return "
                        + "this')().Java.type('java.lang.Runtime');",
                "while (true) {}",
                "for (;;) { try { while (true) {} } catch (e) {} }",
                "return 'x'.repeat(1 << 24).split('').sort().length;",
                "function f(n) { return f(n + 1) + 1; } return f(0);",
                "return Promise.reject(new Error('nope'));",
                "return require('fs');",
                "return process.env;",
                // single builtin calls that no interrupt stops are refused before they start
                "const a = []; for (let i = 0; i < 300000; i++) a.push(Math.random()); return a.sort().length;",
                "return (7n ** 3000000n) > 0n;",
                "return BigInt(7) ** BigInt(3000000);",
                "return new Array(5e6).join('ab').length;",
                "return JSON.stringify(new Array(900000).fill({a: 1})).length;",
                "return (0, eval)('let leaked = 1');",
            })
    void escapesAndRunawaysFailCleanlyWithinTheBudget(String source) {
        JsonObject r = test(source);
        assertFalse(r.getBoolean("ok"), "must fail: " + source + " -> " + r.encode());
        assertTrue(r.getString("failure").contains("probe"), "the message names the rule: " + r.getString("failure"));
        assertFalse(
                r.getString("failure").contains("did not finish"),
                "stopped by a budget of its own work, not by the wall-clock backstop: " + r.getString("failure"));
        JsonObject next = test("return record.name === 'x';");
        assertTrue(
                next.getBoolean("ok") && Boolean.TRUE.equals(next.getValue("result")),
                "the next script on the same workers succeeds: " + next.encode());
    }

    @Test
    void aRunawayNamesTheBudgetAndTheLine() {
        JsonObject r = test("let i = 0;\nwhile (true) { i++; }");
        assertTrue(r.getString("failure").contains("2000000 statements"), r.encode());
        assertTrue(r.getString("failure").contains("line 2"), r.encode());
    }

    @Test
    void afterCommitRulesRunAsJobsOnTheCommittedRecord() {
        Res d = api.deploy(new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"note","fields":[{"name":"name","type":"text"},{"name":"summary","type":"text"}],
                 "rules":[{"name":"summarize","kind":"after_commit","source":"record.summary = (record.name\s\
                || '').toUpperCase() + ' #' + record.id.substring(0, 4);"}]}"""))));
        assertEquals(201, d.status(), d.body());
        JsonObject created = api.post("/api/v1/records/note", new JsonObject().put("name", "call back"))
                .json();
        assertEquals(null, created.getString("summary"), "the save does not wait for after-commit rules");
        TestPlatform.drainJobs(api.tenant.id());
        String summary = api.get("/api/v1/records/note/" + created.getString("id"))
                .json()
                .getString("summary");
        assertEquals(
                "CALL BACK #" + created.getString("id").substring(0, 4),
                summary,
                "the rule saw the committed record, id included");
    }
}
