package dev.atrium.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * Runs admins' JavaScript rules in GraalJS. Each execution gets a pooled context whose realm
 * ({@link ScriptRealm}) is frozen, so nothing one execution does is visible to the next: not to another
 * user, not to another tenant. Values cross the boundary only as JSON text; there is no host access.
 *
 * <p>Budgets per execution: {@value #STATEMENT_LIMIT} statements (the script's own work, the same on an
 * idle or a loaded machine; builtins that could run long in one statement are guarded in the realm),
 * a wall-clock backstop of {@link #WALL_LIMIT} that also bounds time spent waiting in {@code query()}
 * and plugin functions, and a cap on what a script returns. The Community edition has no per-context heap
 * limit: a script that allocates without bound can pressure the JVM heap until a budget stops it; the
 * number of contexts bounds how many can do so at once (docs/rules.md).
 *
 * <p>Threads: a caller on a virtual thread runs the script on it while fewer than (processors - 1)
 * scripts do so, so at least one carrier thread always serves everything else; other callers hand the
 * script to a bounded pool of platform threads and wait.
 */
public final class RuleEngine implements AutoCloseable {
    public static final long STATEMENT_LIMIT = 2_000_000;
    public static final Duration WALL_LIMIT = Duration.ofSeconds(3);
    public static final int MAX_JSON = 1 << 20;
    /** What realm.js answers for a validation that passed or failed without naming errors. */
    private static final String PASSED = "{\"result\":true,\"record\":null,\"errors\":[]}";

    private static final String FAILED = "{\"result\":false,\"record\":null,\"errors\":[]}";

    /** At most this many {@code query(...)} calls per execution, each returning at most {@link #MAX_QUERY_ROWS}. */
    public static final int MAX_QUERIES = 10;

    public static final int MAX_QUERY_ROWS = 100;

    /** What a script did: its return value, the (possibly changed) record, and errors it reported. */
    public record Outcome(Object result, JsonObject record, List<String[]> errors) {}

    /** A script broke a budget, threw, or returned something unusable; the message names script, budget and line. */
    public static final class RuleFailure extends Exception {
        public RuleFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Functions plugins give rules ({@code plugins.<name>(...)}): for the tenant whose rule calls (only
     * plugins it enabled; null for the platform's own scripts), JSON text in, JSON text out.
     */
    @FunctionalInterface
    public interface Functions {
        String call(java.util.UUID tenant, String name, String argsJson);
    }

    /**
     * Read-only record queries for one rule execution, as the user whose write runs the rule: entity,
     * filter (the filter language, may be empty), sort (may be empty), limit; answers the records as a
     * JSON array.
     */
    @FunctionalInterface
    public interface Queries {
        String query(String entity, String filter, String sort, int limit);
    }

    private static final Queries NO_QUERIES = (entity, filter, sort, limit) -> {
        throw new IllegalStateException("query() is not available here");
    };

    private volatile Functions functions = (tenant, name, args) -> {
        throw new IllegalArgumentException("plugins." + name + " is not a function of any running plugin");
    };

    private ProxyExecutable pluginFunction(java.util.UUID tenant) {
        return args -> {
            if (args.length != 2 || !args[0].isString() || !args[1].isString())
                throw new IllegalArgumentException("bad plugin call");
            return functions.call(tenant, args[0].asString(), args[1].asString());
        };
    }

    private final Engine engine = ScriptRealm.newEngine();
    private final RuleWatchdog watchdog = new RuleWatchdog();
    private final ExecutorService workers;
    private final Semaphore inlineSlots;
    private final ConcurrentLinkedDeque<ScriptRealm> idle = new ConcurrentLinkedDeque<>();

    public RuleEngine(int threads) {
        int carriers = Runtime.getRuntime().availableProcessors();
        this.inlineSlots =
                carriers >= 2 && !Boolean.getBoolean("atrium.rules.noInline") ? new Semaphore(carriers - 1) : null;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "atrium-rule-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public void setFunctions(Functions f) {
        this.functions = f;
    }

    /**
     * Runs one script against a record (and the stored record on updates), for {@code tenant} (null: the
     * platform's own script). Blocks the calling thread.
     */
    public Outcome run(
            java.util.UUID tenant, String name, String source, JsonObject record, JsonObject old, JsonObject user)
            throws RuleFailure {
        return run(tenant, name, source, record, old, user, NO_QUERIES, true);
    }

    /**
     * @param queries answers {@code query(...)} (at most {@value #MAX_QUERIES} calls)
     * @param keepRecord false for rules whose changes to {@code record} do not count (validation,
     *                   default): the record is not serialized back and the outcome carries the input
     */
    public Outcome run(
            java.util.UUID tenant,
            String name,
            String source,
            JsonObject record,
            JsonObject old,
            JsonObject user,
            Queries queries,
            boolean keepRecord)
            throws RuleFailure {
        String recordJson = record.encode();
        if (recordJson.length() > MAX_JSON)
            throw new RuleFailure("rule " + name + ": the record is too large to pass to a script");
        Call call = new Call(
                name,
                source,
                recordJson,
                old == null ? null : old.encode(),
                user.encode(),
                queryFunction(queries),
                pluginFunction(tenant),
                keepRecord);
        if (inlineSlots != null && Thread.currentThread().isVirtual() && inlineSlots.tryAcquire()) {
            try {
                return outcome(name, execute(call), record);
            } finally {
                inlineSlots.release();
            }
        }
        Future<String> f = workers.submit(() -> execute(call));
        try {
            return outcome(name, f.get(WALL_LIMIT.toMillis() + 2000, TimeUnit.MILLISECONDS), record);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuleFailure rf) throw rf;
            throw new RuleFailure("rule " + name + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RuleFailure(overdue(name));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleFailure("rule " + name + " was interrupted");
        }
    }

    /** Parses a script without running it; returns null or a message with the line. */
    public String check(String name, String source) {
        ScriptRealm realm = take();
        try {
            realm.check.execute(source);
            idle.addFirst(realm);
            return null;
        } catch (PolyglotException e) {
            idle.addFirst(realm);
            return describe(name, e);
        } catch (RuntimeException e) {
            realm.close();
            return "rule " + name + " could not be checked: " + e.getMessage();
        }
    }

    private record Call(
            String name,
            String source,
            String recordJson,
            String oldJson,
            String userJson,
            ProxyExecutable runQuery,
            ProxyExecutable callPlugin,
            boolean keepRecord) {}

    private static ProxyExecutable queryFunction(Queries queries) {
        int[] calls = {0};
        return args -> {
            if (++calls[0] > MAX_QUERIES)
                throw new IllegalStateException("rules may run at most " + MAX_QUERIES + " queries per execution");
            int limit = Math.max(1, Math.min(args[3].asInt(), MAX_QUERY_ROWS));
            return queries.query(args[0].asString(), args[1].asString(), args[2].asString(), limit);
        };
    }

    /** Runs one script in a pooled realm; a realm a budget broke is closed, not pooled again. */
    private String execute(Call c) throws RuleFailure {
        ScriptRealm realm = take();
        boolean reusable = false, succeeded = false;
        RuleWatchdog.Running dog = watchdog.start(realm.context, WALL_LIMIT);
        dev.atrium.internal.Counters.RULES_RUN.increment();
        try {
            realm.context.resetLimits();
            Value v = realm.entry.execute(
                    realm.function(c.source()),
                    c.recordJson(),
                    c.oldJson(),
                    realm.userUnlessSame(c.userJson()),
                    Now.text(),
                    c.callPlugin(),
                    c.runQuery(),
                    c.keepRecord());
            if (!v.isString()) throw new RuleFailure("rule " + c.name() + " returned something that is not JSON");
            String out = v.asString();
            if (out.length() > MAX_JSON)
                throw new RuleFailure("rule " + c.name() + " returned more than " + (MAX_JSON >> 10) + " KB");
            reusable = true;
            succeeded = true;
            return out;
        } catch (PolyglotException e) {
            dev.atrium.internal.Counters.RULES_FAILED.increment();
            if (e.isInterrupted() || (e.isCancelled() && dog.interrupted)) {
                dev.atrium.internal.Counters.RULE_BUDGET_HITS.increment();
                throw new RuleFailure(overdue(c.name()) + line(e));
            }
            if (e.isResourceExhausted() || e.isCancelled()) {
                dev.atrium.internal.Counters.RULE_BUDGET_HITS.increment();
                throw new RuleFailure(
                        "rule " + c.name() + " exceeded its budget of " + STATEMENT_LIMIT + " statements" + line(e));
            }
            reusable = true;
            throw new RuleFailure(describe(c.name(), e));
        } catch (OutOfMemoryError e) {
            dev.atrium.internal.Counters.RULE_BUDGET_HITS.increment();
            throw new RuleFailure("rule " + c.name() + " used too much memory");
        } catch (IllegalStateException e) {
            throw new RuleFailure("rule " + c.name() + " was stopped: " + e.getMessage());
        } finally {
            watchdog.finish(dog);
            if (!succeeded) realm.forgetUser();
            if (reusable && !dog.interrupted) idle.addFirst(realm);
            else realm.close();
        }
    }

    private ScriptRealm take() {
        ScriptRealm realm = idle.pollFirst();
        return realm != null ? realm : ScriptRealm.create(engine, STATEMENT_LIMIT);
    }

    private static Outcome outcome(String name, String out, JsonObject input) throws RuleFailure {
        // most validations answer one of two texts the realm writes once: no parsing for them
        if (PASSED.equals(out)) return new Outcome(Boolean.TRUE, input, List.of());
        if (FAILED.equals(out)) return new Outcome(Boolean.FALSE, input, List.of());
        JsonObject o = new JsonObject(out);
        List<String[]> errors = new ArrayList<>();
        JsonArray es = o.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < es.size(); i++) {
            errors.add(new String[] {
                es.getJsonArray(i).getString(0), es.getJsonArray(i).getString(1)
            });
        }
        Object recordOut = o.getValue("record");
        if (recordOut == null) recordOut = input;
        if (!(recordOut instanceof JsonObject rec))
            throw new RuleFailure("rule " + name + " replaced the record with something that is not an object");
        return new Outcome(o.getValue("result"), rec, errors);
    }

    private static String overdue(String name) {
        return "rule " + name + " did not finish within " + WALL_LIMIT.toSeconds() + " s (its own work is bounded by "
                + STATEMENT_LIMIT + " statements; the rest was waiting)";
    }

    private static String describe(String name, PolyglotException e) {
        String msg = e.getMessage() == null ? "error" : e.getMessage();
        return "rule " + name + " failed: " + msg + line(e);
    }

    /** The script's line: the body starts on the first line of the function the realm builds around it. */
    private static String line(PolyglotException e) {
        if (e.getSourceLocation() == null
                || !"<function>".equals(e.getSourceLocation().getSource().getName())) return "";
        return " (line " + Math.max(1, e.getSourceLocation().getStartLine() - 2) + ")";
    }

    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.close();
        ScriptRealm r;
        while ((r = idle.pollFirst()) != null) r.close();
        engine.close(true);
    }
}
