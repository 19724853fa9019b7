package dev.atrium.plugins.faulty;

import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.UploadScanner;
import dev.atrium.plugin.api.WorkflowAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.pf4j.Extension;

/** Misbehaviour on purpose, one kind per extension, for the platform's containment tests. */
public final class Faulty {
    /** Calls now inside the "ignore-interrupts" loop (the "inside" route reports it, for tests to wait on). */
    private static final java.util.concurrent.atomic.AtomicInteger INSIDE =
            new java.util.concurrent.atomic.AtomicInteger();

    private Faulty() {}

    static Object misbehave(String how) throws Exception {
        switch (how) {
            case "throw" -> throw new IllegalStateException("faulty plugin threw on purpose");
            case "hang" -> Thread.sleep(60_000);
            case "ignore-interrupts" -> {
                INSIDE.incrementAndGet();
                try {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < end) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                } finally {
                    INSIDE.decrementAndGet();
                }
            }
            case "inside" -> {
                return INSIDE.get();
            }
            case "allocate" -> {
                long[] huge = new long[Integer.MAX_VALUE - 16];
                return huge.length;
            }
            case "recurse" -> {
                return recurse(0);
            }
            default -> {
                return "fine";
            }
        }
        return "fine";
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    /** Workflow action {@code faulty/misbehave}: {@code values.how} says how. */
    @Extension
    public static final class Action implements WorkflowAction {
        public String id() {
            return "misbehave";
        }

        public Map<String, Object> execute(Call call, PluginContext ctx) throws Exception {
            return Map.of(
                    "result",
                    String.valueOf(misbehave(String.valueOf(call.params().get("how")))));
        }
    }

    /** {@code /api/v1/ext/faulty/misbehave/<how>}. */
    @Extension
    public static final class Route implements HttpRoute {
        public String id() {
            return "misbehave";
        }

        public Response handle(Request request, PluginContext ctx) throws Exception {
            return Response.json(
                    200, "{\"result\":\"" + misbehave(request.path().substring(1)) + "\"}");
        }
    }

    /** {@code plugins.misbehave(how)} in rules. */
    @Extension
    public static final class Function implements ScriptFunction {
        public String id() {
            return "misbehave";
        }

        public Object call(List<Object> args) {
            try {
                return String.valueOf(misbehave(String.valueOf(args.get(0))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Before a gadget is saved: its name says how to misbehave ("fine" saves). */
    @Extension
    public static final class Trigger implements RecordTrigger {
        public String id() {
            return "gadget-guard";
        }

        public String entity() {
            return "gadget";
        }

        public List<AccessNeed> access() {
            return List.of(AccessNeed.of("gadget", "read"));
        }

        public void beforeSave(Change change, PluginContext ctx) {
            try {
                misbehave(String.valueOf(change.record().get("name")));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Upload scanner: refuses files carrying the EICAR anti-virus test signature, as a virus scanner would;
     * a file named {@code throw.txt} or {@code hang.txt} makes it misbehave that way.
     */
    @Extension
    public static final class Scanner implements UploadScanner {
        static final String EICAR = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE";

        public String id() {
            return "eicar";
        }

        public void scan(Upload upload, PluginContext ctx) {
            String name = upload.name();
            if (name.endsWith(".txt") && !name.equals("clean.txt")) {
                try {
                    misbehave(name.substring(0, name.length() - 4));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            String text = new String(upload.content(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains(EICAR)) throw new PluginException("it carries the EICAR test virus signature");
        }
    }

    /**
     * {@code GET /api/v1/ext/faulty/count}: how many gadgets the plugin sees and how many the caller sees
     * ({@code callerRecords()}); {@code /count/admin} is for administrators only.
     */
    @Extension
    public static final class Count implements HttpRoute {
        public String id() {
            return "count";
        }

        public List<AccessNeed> access() {
            return List.of(AccessNeed.of("gadget", "read"));
        }

        public Response handle(Request request, PluginContext ctx) {
            int plugin = ctx.records().list("gadget", null, null, 1000).size();
            int caller = ctx.callerRecords().list("gadget", null, null, 1000).size();
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("plugin", plugin);
            out.put("caller", caller);
            out.put("who", request.caller().email());
            out.put("admin", request.caller().admin());
            out.put("total", ctx.records().count("gadget", null));
            out.put("callerTotal", ctx.callerRecords().count("gadget", "name = 'fine'"));
            Map<String, Object> byName = new java.util.LinkedHashMap<>();
            ctx.records()
                    .aggregate("gadget", "count", null, null, "name")
                    .forEach((k, v) -> byName.put(String.valueOf(k), v));
            out.put("byName", byName);
            return Response.json(200, (Object) out);
        }
    }

    /** {@code GET /api/v1/ext/faulty/admin-only}: declared for administrators. */
    @Extension
    public static final class AdminOnly implements HttpRoute {
        public String id() {
            return "admin-only";
        }

        public Callers callers() {
            return Callers.ADMINISTRATORS;
        }

        public Response handle(Request request, PluginContext ctx) {
            return Response.json(200, (Object) Map.of("ok", true));
        }
    }
}
