package dev.atrium.rules;

import io.vertx.core.json.JsonObject;

/**
 * Cost of one simple validation rule per record, warm, in the real engine (worker hand-off, JSON across
 * the sandbox boundary, interpreted GraalJS on a stock JDK) against the same rule written in Java on the
 * same JSON. Run with {@code bench/rules.sh}; prints microseconds per record and the ratio.
 */
public final class RuleBenchmark {
    private RuleBenchmark() {}

    private static double perRecord(
            RuleEngine engine, String source, JsonObject record, JsonObject user, int iterations) {
        try {
            for (int i = 0; i < iterations; i++)
                engine.run(null, "bench", source, record, null, user, (a, b, c, d) -> "[]", false);
            long t0 = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < iterations; i++)
                if (Boolean.TRUE.equals(
                        engine.run(null, "bench", source, record, null, user, (a, b, c, d) -> "[]", false)
                                .result())) ok++;
            if (ok != iterations) throw new IllegalStateException("the rule gave a wrong answer");
            return (System.nanoTime() - t0) / 1000.0 / iterations;
        } catch (RuleEngine.RuleFailure e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The isolation not chosen: a new context (with the frozen realm) for every execution, so that no
     * state could survive one even without freezing. Measured to show what the pooled frozen realm saves.
     */
    private static double freshRealmPerRecord(String source, JsonObject record, JsonObject user, int iterations) {
        try (org.graalvm.polyglot.Engine engine = ScriptRealm.newEngine()) {
            ScriptRealm.create(engine, RuleEngine.STATEMENT_LIMIT).close();
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                ScriptRealm realm = ScriptRealm.create(engine, RuleEngine.STATEMENT_LIMIT);
                realm.entry.execute(
                        realm.function(source),
                        record.encode(),
                        null,
                        realm.userUnlessSame(user.encode()),
                        "now",
                        null,
                        null,
                        false);
                realm.close();
            }
            return (System.nanoTime() - t0) / 1000.0 / iterations;
        }
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        String source = "return !(record.stage === 'won' && !record.close_date);";
        JsonObject record = new JsonObject()
                .put("name", "Deal")
                .put("stage", "won")
                .put("close_date", "2026-12-01")
                .put("amount", 1200.5);
        JsonObject user = new JsonObject()
                .put("id", "u")
                .put("email", "e")
                .put("name", "n")
                .put("locale", "en");
        try (RuleEngine engine = new RuleEngine(1)) {
            double handOff = perRecord(engine, source, record, user, iterations);
            double[] inline = new double[1];
            Thread vt = Thread.ofVirtual().start(() -> inline[0] = perRecord(engine, source, record, user, iterations));
            vt.join();
            long t1 = System.nanoTime();
            int okJava = 0;
            for (int i = 0; i < iterations * 10; i++) {
                JsonObject r = new JsonObject(record.encode());
                if (!("won".equals(r.getString("stage")) && r.getString("close_date") == null)) okJava++;
            }
            double java = (System.nanoTime() - t1) / 1000.0 / (iterations * 10);
            double fresh = freshRealmPerRecord(source, record, user, Math.max(20, iterations / 250));
            System.out.printf(
                    "rule in GraalJS, called from a virtual thread (the request path): %.2f us/record%n", inline[0]);
            System.out.printf(
                    "rule in GraalJS, handed to the worker pool:                    %.2f us/record%n", handOff);
            System.out.printf("a fresh hardened context per execution (the alternative):      %.2f us/record%n", fresh);
            System.out.printf(
                    "same rule in Java (same JSON):                                  %.2f us/record (%d ok)%n",
                    java, okJava / 10);
            System.out.printf("ratio (request path / Java): %.1fx%n", inline[0] / java);
        }
    }
}
