package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.TestPlatform.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No state survives a rule execution: what one tenant's (or user's) script does to the realm it runs in
 * is not seen by the next execution, which may be another tenant's on the same pooled context. The
 * attacks are the ones an outside review used: replacing JSON.parse, Object.prototype and Array.prototype
 * members, leaving globals, reading RegExp statics left by the previous script.
 */
class RuleIsolationIT {
    static Api victim, attacker;

    /** Tries every way it knows to leave something behind, then reports whatever earlier scripts left. */
    static final String ATTACK = """
            const tries = [
              () => { const p = JSON.parse; JSON.parse = (t) => { (globalThis.loot = globalThis.loot ||\s\
            []).push(t); return p(t); }; },
              () => { Object.defineProperty(Object.prototype, 'secret', { set(v) { globalThis.loot2 = v; },\s\
            get() { return 1; } }); },
              () => { Array.prototype.includes = () => true; },
              () => { Array.prototype.push = function (...xs) { (globalThis.loot3 = globalThis.loot3 ||\s\
            []).push(...xs); }; },
              () => { globalThis.stash = 'from the attacker'; },
              () => { user.stash = record.name; },
              () => { Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true }); },
              () => { Function.prototype.toString = () => 'pwned'; },
            ];
            Promise.resolve().then(() => { Object.prototype.late = 'queued'; });
            let refused = 0;
            for (const t of tries) { try { t(); } catch (e) { refused++; } }
            const left = [globalThis.loot, globalThis.loot2, globalThis.loot3, globalThis.stash, user.stash,
              typeof RegExp.$1 === 'string' ? RegExp.$1 : undefined, Object.prototype.late];
            error('name', 'refused ' + refused + ' of ' + tries.length + '; found ' + JSON.stringify(left));
            """;

    @BeforeAll
    static void setUp() {
        victim = TestPlatform.tenantWithAdmin("victim");
        attacker = TestPlatform.tenantWithAdmin("attacker");
        Res v = victim.deploy(new JsonObject().put("entities", new JsonArray().add(new JsonObject("""
                {"name":"deal","fields":[{"name":"name","type":"text"},{"name":"stage","type":"text"},\
                {"name":"tags","type":"text"}],
                 "rules":[
                  {"name":"known_stage","kind":"validation","field":"stage","message":{"en":"unknown stage"},
                   "source":"return ['open', 'won'].includes(record.stage) && /^(secret-[0-9]+)$/.test(record.name);"},
                  {"name":"tagged","kind":"before_save","source":"const t = []; t.push('a'); record.tags =\s\
                t.join(',');"}]}"""))));
        assertEquals(201, v.status(), v.body());
        Res a = attacker.deploy(new JsonObject()
                .put(
                        "entities",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "probe")
                                        .put(
                                                "fields",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "name")
                                                                .put("type", "text")))
                                        .put(
                                                "rules",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "attack")
                                                                .put("kind", "validation")
                                                                .put("source", ATTACK))))));
        assertEquals(201, a.status(), a.body());
    }

    @Test
    void anotherTenantsScriptNeitherSeesNorChangesTheNext() {
        for (int round = 0; round < 3; round++) {
            Res attack = attacker.post("/api/v1/records/probe", new JsonObject().put("name", "attacker-" + round));
            assertEquals(422, attack.status(), attack.body());
            String report =
                    attack.json().getJsonArray("errors").getJsonObject(0).getString("message");
            assertEquals(
                    "refused 8 of 8; found [null,null,null,null,null,null,null]",
                    report,
                    "nothing leaks between executions");

            Res saved = victim.post(
                    "/api/v1/records/deal",
                    new JsonObject().put("name", "secret-" + round).put("stage", "open"));
            assertEquals(201, saved.status(), saved.body());
            assertEquals("a", saved.json().getString("tags"), "the victim's own Array.prototype.push still works");

            Res bogus = victim.post(
                    "/api/v1/records/deal",
                    new JsonObject().put("name", "secret-9").put("stage", "bogus"));
            assertEquals(422, bogus.status(), "the victim's validation cannot be made to pass: " + bogus.body());
        }
        Res afterwards = attacker.post("/api/v1/records/probe", new JsonObject().put("name", "last"));
        String report =
                afterwards.json().getJsonArray("errors").getJsonObject(0).getString("message");
        assertFalse(report.contains("secret"), "the victim's record never reaches the attacker: " + report);
    }

    @Test
    void theRuleTesterRunsInTheSameHardenedRealm() {
        Res r = attacker.post(
                "/api/v1/metadata/rules/test",
                new JsonObject()
                        .put("rule", new JsonObject().put("name", "t").put("source", ATTACK))
                        .put("record", new JsonObject().put("name", "x")));
        assertEquals(200, r.status(), r.body());
        JsonArray errors = r.json().getJsonArray("errors");
        assertEquals(
                "refused 8 of 8; found [null,null,null,null,null,null,null]",
                errors.getJsonObject(0).getString("message"));
        Res victimSaves = victim.post(
                "/api/v1/records/deal", new JsonObject().put("name", "secret-7").put("stage", "won"));
        assertEquals(201, victimSaves.status(), victimSaves.body());
    }

    @Test
    void ordinaryScriptsStillOverrideWhatTheyOwn() {
        Res r = attacker.post(
                "/api/v1/metadata/rules/test",
                new JsonObject()
                        .put("rule", new JsonObject().put("name", "own").put("source", """
                                        class Refusal extends Error { constructor(m) { super(m); this.name =\s\
                                        'Refusal'; } }
                                        const o = { toString() { return 'mine'; } };
                                        o.valueOf = () => 42;
                                        record.constructor = 'a field may be called constructor';
                                        return new Refusal('x').name + ' ' + String(o) + ' ' + (o + 0);"""))
                        .put("record", new JsonObject().put("name", "x")));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getBoolean("ok"), r.body());
        assertEquals("Refusal mine 42", r.json().getString("result"));
    }
}
