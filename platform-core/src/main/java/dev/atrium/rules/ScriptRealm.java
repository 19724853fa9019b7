package dev.atrium.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One GraalJS context prepared for rules: the hardened realm of {@code realm.js} (guarded builtins, no
 * eval, no RegExp statics, no BigInt, every reachable object frozen) and its entry function. Creation
 * fails when the realm's own check finds a reachable object it could not freeze: rules never run in a
 * realm that could carry state from one execution to the next.
 *
 * <p>The sandbox is built by hand rather than with {@code SandboxPolicy.CONSTRAINED}, which refuses the
 * options that remove BigInt (whose arithmetic no deadline can interrupt) and the RegExp statics; every
 * restriction CONSTRAINED implies is set explicitly below. Not thread-safe: one thread at a time.
 */
final class ScriptRealm {
    private static final HostAccess NO_HOST_ACCESS =
            HostAccess.newBuilder().allowMutableTargetMappings().build();
    private static final Source REALM = load();

    /** How many compiled rules a realm keeps (the least recently used beyond this are compiled again). */
    private static final int FUNCTIONS = 1000;

    final Context context;
    final Value entry;
    final Value check;
    private final Value compile;
    private String lastUser;
    private final Map<String, Value> functions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Value> eldest) {
            return size() > FUNCTIONS;
        }
    };

    private ScriptRealm(Context context, Value entry, Value check, Value compile) {
        this.context = context;
        this.entry = entry;
        this.check = check;
        this.compile = compile;
    }

    /**
     * The user's JSON for an execution, or null when it is the one the realm's last execution had (the
     * realm keeps that user parsed and frozen; a request's rules all run for the same user).
     */
    String userUnlessSame(String userJson) {
        if (userJson.equals(lastUser)) return null;
        lastUser = userJson;
        return userJson;
    }

    /** After an execution that failed: the next one sends its user whatever it is. */
    void forgetUser() {
        lastUser = null;
    }

    /**
     * The rule's function in this realm, compiled once: looked up by the source's Java hash instead of
     * converting the source into the realm for every execution. Throws the script's syntax error.
     */
    Value function(String source) {
        Value fn = functions.get(source);
        if (fn == null) {
            fn = compile.execute(source);
            functions.put(source, fn);
        }
        return fn;
    }

    static Engine newEngine() {
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.TRUSTED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }

    static ScriptRealm create(Engine engine, long statementLimit) {
        Context c = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.TRUSTED)
                .allowHostAccess(NO_HOST_ACCESS)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(org.graalvm.polyglot.EnvironmentAccess.NONE)
                .allowExperimentalOptions(true)
                .option("js.bigint", "false")
                .option("js.regexp-static-result", "false")
                .option("js.shared-array-buffer", "false")
                .option("js.atomics", "false")
                .option("js.graal-builtin", "false")
                .option("js.polyglot-builtin", "false")
                .option("js.java-package-globals", "false")
                .option("js.global-arguments", "false")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .resourceLimits(ResourceLimits.newBuilder()
                        .statementLimit(statementLimit, null)
                        .build())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
        try {
            Value realm = c.eval(REALM);
            long unfrozen = realm.getMember("unfrozen").asLong();
            if (unfrozen != 0) {
                throw new IllegalStateException("the rule realm left " + unfrozen + " reachable objects unfrozen");
            }
            c.resetLimits();
            return new ScriptRealm(c, realm.getMember("entry"), realm.getMember("check"), realm.getMember("compile"));
        } catch (RuntimeException e) {
            c.close(true);
            throw e;
        }
    }

    void close() {
        try {
            context.close(true);
        } catch (RuntimeException alreadyClosed) {
            // cancelled or closed by the watchdog
        }
    }

    private static Source load() {
        try (InputStream in = ScriptRealm.class.getResourceAsStream("realm.js")) {
            if (in == null) throw new IllegalStateException("realm.js is missing from the class path");
            return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "realm.js")
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read realm.js", e);
        }
    }
}
