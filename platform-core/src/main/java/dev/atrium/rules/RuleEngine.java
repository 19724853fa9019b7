package dev.atrium.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs admins' JavaScript rules in GraalJS, sandboxed: the CONSTRAINED policy, no host access at all
 * (values cross the boundary only as JSON strings), no class lookup, IO, threads, environment or other
 * languages. One shared {@link Engine} caches parsed code; each worker thread of a bounded pool owns one
 * context, where each script is compiled once (per rule id and text) into a function.
 *
 * <p>Budgets per execution: a wall-clock deadline enforced by a watchdog ({@code Context.interrupt}),
 * a statement limit, and a cap on the size of what a script returns. The Community edition has no
 * per-context heap limit: a script that allocates without bound can still pressure the JVM heap until
 * its deadline — the pool's size bounds how many can do so at once (see docs/rules.md).
 */
public final class RuleEngine implements AutoCloseable {
    public static final Duration DEADLINE = Duration.ofMillis(200);
    public static final long STATEMENT_LIMIT = 2_000_000;
    public static final int MAX_JSON = 1 << 20;

    private static final String PRELUDE = """
            (function () {
              // Guard the builtins that turn one cheap call into a huge allocation that no deadline can
              // interrupt (a builtin runs to completion): strings over 1 MB, splits over 100,000 parts.
              const MAX_STRING = 1 << 20, MAX_PARTS = 100000;
              const tooBig = (what) => { throw new RangeError('rules may not build ' + what); };
              const guard = (proto, name, wrap) => Object.defineProperty(proto, name, { value: wrap(proto[name]), writable: false, configurable: false });
              guard(String.prototype, 'repeat', (repeat) => function (n) {
                if (this.length * Number(n) > MAX_STRING) tooBig('strings over 1 MB');
                return repeat.call(this, n);
              });
              for (const pad of ['padStart', 'padEnd']) {
                guard(String.prototype, pad, (f) => function (n, s) {
                  if (Number(n) > MAX_STRING) tooBig('strings over 1 MB');
                  return f.call(this, n, s);
                });
              }
              guard(String.prototype, 'split', (split) => function (sep, limit) {
                const parts = split.call(this, sep, limit === undefined ? MAX_PARTS + 1 : limit);
                if (parts.length > MAX_PARTS) tooBig('more than 100,000 parts');
                return parts;
              });
              guard(Array.prototype, 'fill', (fill) => function (...args) {
                if (this.length > MAX_PARTS * 10) tooBig('arrays over 1,000,000 elements');
                return fill.apply(this, args);
              });
              const compiled = new Map();
              let lastUserJson = null, lastUser = null;
              return function (key, source, recordJson, oldJson, userJson, now, callPlugin, runQuery, keepRecord) {
                let fn = compiled.get(key);
                if (fn === undefined) {
                  fn = new Function('record', 'old', 'user', 'now', 'error', 'plugins', 'query', source);
                  compiled.set(key, fn);
                }
                const errors = [];
                const record = JSON.parse(recordJson);
                const old = oldJson === null ? null : Object.freeze(JSON.parse(oldJson));
                if (userJson !== lastUserJson) { lastUser = Object.freeze(JSON.parse(userJson)); lastUserJson = userJson; }
                const user = lastUser;
                const error = (field, message) => { errors.push([String(field), String(message)]); };
                const plugins = new Proxy(Object.freeze({}), {
                  get: (target, name) => typeof name !== 'string' || name === 'then' ? undefined
                    : (...args) => JSON.parse(callPlugin(name, JSON.stringify(args)))
                });
                const query = (entity, filter, options) => JSON.parse(runQuery(String(entity), filter == null ? '' : String(filter),
                  options && options.sort ? String(options.sort) : '', options && options.limit ? Number(options.limit) : 20));
                let result = fn(record, old, user, now, error, plugins, query);
                if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
                  throw new TypeError('rules must not return a promise');
                }
                // validation and default rules cannot change the record: do not send it back
                return JSON.stringify({ result: result === undefined ? null : result, record: keepRecord ? record : null, errors: errors });
              };
            })()
            """;

    /** What a script did: its return value, the (possibly changed) record, and errors it reported. */
    public record Outcome(Object result, JsonObject record, List<String[]> errors) {}

    /** A script broke a budget, threw, or returned something unusable; the message names script, budget and line. */
    public static final class RuleFailure extends Exception {
        public RuleFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Functions plugins give rules ({@code plugins.<name>(...)}): JSON text in, JSON text out. */
    @FunctionalInterface
    public interface Functions {
        String call(String name, String argsJson);
    }

    private volatile Functions functions = (name, args) -> {
        throw new IllegalArgumentException("plugins." + name + " is not a function of any running plugin");
    };

    public void setFunctions(Functions f) {
        this.functions = f;
    }

    private final org.graalvm.polyglot.proxy.ProxyExecutable callPlugin = args -> {
        if (args.length != 2 || !args[0].isString() || !args[1].isString())
            throw new IllegalArgumentException("bad plugin call");
        return functions.call(args[0].asString(), args[1].asString());
    };

    /**
     * Read-only record queries for one rule execution, as the user whose write runs the rule: entity,
     * filter (the filter language, may be empty), sort (may be empty), limit; answers the records as a
     * JSON array.
     */
    @FunctionalInterface
    public interface Queries {
        String query(String entity, String filter, String sort, int limit);
    }

    /** At most this many {@code query(...)} calls per execution, each returning at most {@link #MAX_QUERY_ROWS} records. */
    public static final int MAX_QUERIES = 10;

    public static final int MAX_QUERY_ROWS = 100;

    private static final Queries NO_QUERIES = (entity, filter, sort, limit) -> {
        throw new IllegalStateException("query() is not available here");
    };

    private final Engine engine;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "atrium-rule-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final ThreadLocal<Worker> local = new ThreadLocal<>();

    /**
     * Executions in progress and their deadlines. One watchdog pass every 10 ms interrupts the overdue
     * ones, so a run costs two volatile writes instead of scheduling and cancelling a timer.
     */
    private static final class Running {
        final Context context;
        volatile long deadline;
        volatile boolean interrupted;

        Running(Context context, long deadline) {
            this.context = context;
            this.deadline = deadline;
        }
    }

    private final java.util.Set<Running> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Scripts called from a virtual thread run on it directly, without the hand-off to a worker, while
     * fewer than (processors - 1) do so: a runaway script can then hold at most that many carrier threads
     * for its 200 ms budget, and one carrier always stays free for everything else. With a single
     * processor (or when all slots are busy) scripts go to the bounded worker pool.
     */
    private final java.util.concurrent.Semaphore inlineSlots;

    private final java.util.concurrent.ConcurrentLinkedDeque<Worker> idle =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    private void watch() {
        long now = System.nanoTime();
        for (Running r : running) {
            if (r.interrupted || now - r.deadline < 0 || !running.contains(r)) continue;
            r.interrupted = true;
            try {
                r.context.interrupt(Duration.ofMillis(500));
            } catch (TimeoutException | RuntimeException e) {
                r.context.close(true);
            }
        }
    }

    private record Worker(Context context, Value entry) {}

    public RuleEngine(int threads) {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        watchdog.scheduleWithFixedDelay(this::watch, 10, 10, TimeUnit.MILLISECONDS);
        int carriers = Runtime.getRuntime().availableProcessors();
        this.inlineSlots = carriers >= 2 && !Boolean.getBoolean("atrium.rules.noInline")
                ? new java.util.concurrent.Semaphore(carriers - 1)
                : null;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "atrium-rule-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one script against a record (and the stored record on updates). Blocks the calling (virtual) thread. */
    public Outcome run(String name, String key, String source, JsonObject record, JsonObject old, JsonObject user)
            throws RuleFailure {
        return run(name, key, source, record, old, user, NO_QUERIES);
    }

    /** The same, with {@code query(...)} answered by {@code queries} (at most {@value #MAX_QUERIES} calls). */
    public Outcome run(
            String name, String key, String source, JsonObject record, JsonObject old, JsonObject user, Queries queries)
            throws RuleFailure {
        return run(name, key, source, record, old, user, queries, true);
    }

    /**
     * @param keepRecord false for rules whose changes to {@code record} do not count (validation,
     *                   default): the record is not serialized back and the outcome carries the input
     */
    public Outcome run(
            String name,
            String key,
            String source,
            JsonObject record,
            JsonObject old,
            JsonObject user,
            Queries queries,
            boolean keepRecord)
            throws RuleFailure {
        String recordJson = record.encode();
        String oldJson = old == null ? null : old.encode();
        if (recordJson.length() > MAX_JSON)
            throw new RuleFailure("rule " + name + ": the record is too large to pass to a script");
        int[] calls = {0};
        org.graalvm.polyglot.proxy.ProxyExecutable runQuery = args -> {
            if (++calls[0] > MAX_QUERIES)
                throw new IllegalStateException("rules may run at most " + MAX_QUERIES + " queries per execution");
            int limit = Math.max(1, Math.min(args[3].asInt(), MAX_QUERY_ROWS));
            return queries.query(args[0].asString(), args[1].asString(), args[2].asString(), limit);
        };
        String userJson = user.encode();
        if (inlineSlots != null && Thread.currentThread().isVirtual() && inlineSlots.tryAcquire()) {
            Worker w = idle.pollFirst();
            boolean[] broken = {false};
            try {
                if (w == null) w = newWorker();
                return outcome(
                        name,
                        execute(w, broken, name, key, source, recordJson, oldJson, userJson, runQuery, keepRecord),
                        record);
            } finally {
                if (w != null && !broken[0]) idle.addFirst(w);
                else if (w != null) close(w);
                inlineSlots.release();
            }
        }
        Future<String> f = workers.submit(() -> {
            Worker w = worker();
            boolean[] broken = {false};
            try {
                return execute(w, broken, name, key, source, recordJson, oldJson, userJson, runQuery, keepRecord);
            } finally {
                if (broken[0]) discard();
            }
        });
        try {
            return outcome(name, f.get(DEADLINE.toMillis() + 2000, TimeUnit.MILLISECONDS), record);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuleFailure rf) throw rf;
            throw new RuleFailure("rule " + name + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RuleFailure(
                    "rule " + name + " did not finish within its time budget of " + DEADLINE.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleFailure("rule " + name + " was interrupted");
        }
    }

    private static Outcome outcome(String name, String out, JsonObject input) throws RuleFailure {
        JsonObject o = new JsonObject(out);
        List<String[]> errors = new ArrayList<>();
        JsonArray es = o.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < es.size(); i++)
            errors.add(new String[] {
                es.getJsonArray(i).getString(0), es.getJsonArray(i).getString(1)
            });
        Object recordOut = o.getValue("record");
        if (recordOut == null) recordOut = input;
        if (!(recordOut instanceof JsonObject rec))
            throw new RuleFailure("rule " + name + " replaced the record with something that is not an object");
        return new Outcome(o.getValue("result"), rec, errors);
    }

    /** Parses a script without running it; returns null or a message with the line. */
    public String check(String name, String source) {
        try {
            Future<String> f = workers.submit(() -> {
                Worker w = worker();
                try {
                    w.context()
                            .eval(Source.newBuilder(
                                            "js",
                                            "new Function('record','old','user','now','error','plugins','query', "
                                                    + jsString(source) + ")",
                                            name + ".check")
                                    .build());
                    return null;
                } catch (PolyglotException e) {
                    return describe(name, e);
                }
            });
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "rule " + name + " could not be checked: " + e.getMessage();
        }
    }

    /**
     * Runs one script in {@code w}. Sets {@code broken[0]} when the context must not be used again
     * (cancelled, out of memory, over the statement limit).
     */
    private String execute(
            Worker w,
            boolean[] broken,
            String name,
            String key,
            String source,
            String recordJson,
            String oldJson,
            String userJson,
            org.graalvm.polyglot.proxy.ProxyExecutable runQuery,
            boolean keepRecord)
            throws RuleFailure {
        Running dog = new Running(w.context(), System.nanoTime() + DEADLINE.toNanos());
        running.add(dog);
        try {
            Value v = w.entry()
                    .execute(
                            key,
                            source,
                            recordJson,
                            oldJson,
                            userJson,
                            java.time.Instant.now().toString(),
                            callPlugin,
                            runQuery,
                            keepRecord);
            if (!v.isString()) throw new RuleFailure("rule " + name + " returned something that is not JSON");
            String out = v.asString();
            if (out.length() > MAX_JSON)
                throw new RuleFailure("rule " + name + " returned more than " + (MAX_JSON >> 10) + " KB");
            return out;
        } catch (PolyglotException e) {
            if (e.isInterrupted()) {
                throw new RuleFailure(
                        "rule " + name + " exceeded its time budget of " + DEADLINE.toMillis() + " ms" + line(e));
            }
            if (e.isResourceExhausted() || e.isCancelled()) {
                broken[0] = true;
                throw new RuleFailure(
                        "rule " + name + " exceeded its budget of " + STATEMENT_LIMIT + " statements" + line(e));
            }
            throw new RuleFailure(describe(name, e));
        } catch (OutOfMemoryError e) {
            broken[0] = true;
            throw new RuleFailure("rule " + name + " used too much memory");
        } catch (IllegalStateException e) {
            broken[0] = true;
            throw new RuleFailure("rule " + name + " was stopped: " + e.getMessage());
        } finally {
            running.remove(dog);
        }
    }

    private Worker worker() {
        Worker w = local.get();
        if (w == null) {
            w = newWorker();
            local.set(w);
        }
        return w;
    }

    private static void close(Worker w) {
        try {
            w.context().close(true);
        } catch (RuntimeException ignored) {
            // already closed or cancelled
        }
    }

    private Worker newWorker() {
        {
            Context c = Context.newBuilder("js")
                    .engine(engine)
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .allowHostAccess(
                            HostAccess.newBuilder().allowMutableTargetMappings().build())
                    .allowHostClassLookup(className -> false)
                    .allowIO(IOAccess.NONE)
                    .allowPolyglotAccess(PolyglotAccess.NONE)
                    .allowCreateThread(false)
                    .allowNativeAccess(false)
                    .resourceLimits(ResourceLimits.newBuilder()
                            .statementLimit(STATEMENT_LIMIT, null)
                            .build())
                    .out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream())
                    .build();
            return new Worker(c, c.eval("js", PRELUDE));
        }
    }

    private void discard() {
        Worker w = local.get();
        local.remove();
        if (w != null) {
            try {
                w.context().close(true);
            } catch (RuntimeException ignored) {
                // already closed or cancelled
            }
        }
    }

    private static String describe(String name, PolyglotException e) {
        String msg = e.getMessage() == null ? "error" : e.getMessage();
        return "rule " + name + " failed: " + msg + line(e);
    }

    /** The script line: the body starts two lines into the function JavaScript builds around it. */
    private static String line(PolyglotException e) {
        if (e.getSourceLocation() == null) return "";
        int line = Math.max(1, e.getSourceLocation().getStartLine() - 2);
        return " (line " + line + ")";
    }

    private static String jsString(String s) {
        return new JsonArray()
                .add(s)
                .encode()
                .substring(1, new JsonArray().add(s).encode().length() - 1);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
        engine.close(true);
    }
}
