package dev.atrium.plugins;

import dev.atrium.auth.Principal;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.HttpRoute;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.RecordRejected;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.TemplateContribution;
import dev.atrium.plugin.api.UiContribution;
import dev.atrium.plugin.api.WorkflowAction;
import dev.atrium.plugins.PluginHost.Running;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import dev.atrium.workflow.Cron;
import dev.atrium.workflow.SsrfGuard;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the platform calls into plugins: before-save triggers on the write path, workflow actions,
 * after-commit triggers and event listeners as durable jobs, schedules, HTTP routes, script functions,
 * templates and UI assets. Every call goes through {@link PluginCalls} and only reaches plugins the
 * tenant enabled.
 */
public final class PluginServices {
    private static final int MAX_FUNCTION_JSON = 64 * 1024;

    private final PluginHost host;
    private final Pool pool;
    private final RecordService records;
    private final MetadataRegistry metadata;
    private final TenantService tenants;
    private final DeploymentService deployments;
    private final PluginHttp http;
    private final Map<String, long[]> rate = new ConcurrentHashMap<>();

    public PluginServices(
            PluginHost host,
            Pool pool,
            RecordService records,
            MetadataRegistry metadata,
            TenantService tenants,
            DeploymentService deployments,
            SsrfGuard guard,
            Vertx vertx) {
        this.host = host;
        this.pool = pool;
        this.records = records;
        this.metadata = metadata;
        this.tenants = tenants;
        this.deployments = deployments;
        this.http = new PluginHttp(vertx, guard);
    }

    public PluginHost host() {
        return host;
    }

    /** The service principal a plugin acts as in a tenant (its changes are audited under this id). */
    public static UUID principalId(String plugin) {
        return UUID.nameUUIDFromBytes(("atrium-plugin:" + plugin).getBytes(StandardCharsets.UTF_8));
    }

    PluginContext context(Tenant tenant, Running r) {
        PluginHost.TenantPlugin tp = host.tenantPlugins(tenant.id()).get(r.id());
        Map<String, String> settings = new LinkedHashMap<>();
        for (var p : r.settings()) if (p.defaultValue() != null) settings.put(p.name(), p.defaultValue());
        if (tp != null) settings.putAll(tp.settings());
        List<AccessNeed> granted = tp == null ? List.of() : tp.granted();
        Principal principal = new Principal(
                principalId(r.id()), tenant.id(), "plugin:" + r.id(), "Plugin " + r.id(), false, "en", null);
        return new HostContext(
                tenant,
                r.id(),
                Map.copyOf(settings),
                new PluginRecords(records, metadata, tenant, principal, new PluginAccess(granted)),
                http,
                System.getLogger("plugin." + r.id()),
                (jobId, delay) -> runLater(tenant, r, jobId, delay));
    }

    private long runLater(Tenant tenant, Running r, String jobId, java.time.Duration delay) {
        if (r.extensions().jobs().stream().noneMatch(j -> j.id().equals(jobId))) {
            throw new dev.atrium.plugin.api.PluginException(
                    "plugin " + r.id() + " has no scheduled job \"" + jobId + "\"");
        }
        long seconds = Math.max(0, delay == null ? 0 : delay.toSeconds());
        return OnVirtualThread.run(() -> pool.preparedQuery(
                        "INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key, run_at) "
                                + "VALUES ($1, 'plugin', $2, $3, now() + $4 * interval '1 second') RETURNING id")
                .execute(Tuple.of(
                        tenant.id(),
                        new JsonObject()
                                .put("plugin", r.id())
                                .put("kind", "schedule")
                                .put("extension", jobId)
                                .put("later", true),
                        "plugin:" + r.id() + ":later:" + jobId + ":" + UUID.randomUUID(),
                        seconds))
                .await()
                .iterator()
                .next()
                .getLong(0));
    }

    // ---- write path ------------------------------------------------------------------------------

    /** Plugin before-save triggers, for {@link RecordService#setBeforeSave}. */
    public RecordService.BeforeSave beforeSave() {
        return new RecordService.BeforeSave() {
            @Override
            public boolean wants(RecordContext ctx, EntityDef e) {
                for (Running r : host.enabled(ctx.tenant().id())) {
                    for (RecordTrigger t : r.extensions().triggers())
                        if (t.entity().equals(e.name())) return true;
                }
                return false;
            }

            @Override
            public JsonObject apply(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old) {
                Map<String, Object> values = plainMap(body);
                for (Running r : host.enabled(ctx.tenant().id())) {
                    for (RecordTrigger t : r.extensions().triggers()) {
                        if (!t.entity().equals(e.name())) continue;
                        RecordTrigger.Change change = new RecordTrigger.Change(
                                e.name(),
                                old == null ? "create" : "update",
                                values,
                                old == null ? null : plainMap(old));
                        PluginContext pc = context(ctx.tenant(), r);
                        try {
                            host.calls().call(r.id(), "before-save trigger " + t.id() + " on " + e.name(), () -> {
                                t.beforeSave(change, pc);
                                return null;
                            });
                        } catch (RecordRejected rr) {
                            String pointer = rr.field() == null ? "" : "/" + rr.field();
                            throw new ApiProblem(
                                    422,
                                    "validation",
                                    "The request is not valid",
                                    rr.getMessage(),
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("pointer", pointer)
                                                    .put("message", rr.getMessage())
                                                    .put("plugin", r.id())),
                                    null);
                        } catch (PluginFailure f) {
                            throw failed(f);
                        }
                    }
                }
                return new JsonObject(values);
            }
        };
    }

    static ApiProblem failed(PluginFailure f) {
        return new ApiProblem(
                502,
                "plugin-failed",
                "A plugin failed",
                f.getMessage(),
                null,
                new JsonObject().put("plugin", f.plugin()));
    }

    // ---- workflow actions ------------------------------------------------------------------------

    /** Runs a workflow action {@code <plugin>/<action>}; throws (the job retries) when it fails. */
    public JsonObject runAction(
            Tenant tenant, String ref, String entity, JsonObject record, JsonObject params, String idempotencyKey) {
        String[] parts = ref.split("/", 2);
        Running r = host.enabledFor(tenant.id(), parts[0])
                .orElseThrow(() -> new IllegalStateException(
                        "plugin \"" + parts[0] + "\" is not enabled for this tenant (action " + ref + ")"));
        WorkflowAction a = r.extensions().actions().stream()
                .filter(x -> x.id().equals(parts.length > 1 ? parts[1] : ""))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "plugin " + parts[0] + " has no action \"" + (parts.length > 1 ? parts[1] : "") + "\""));
        PluginContext pc = context(tenant, r);
        WorkflowAction.Call call = new WorkflowAction.Call(entity, plainMap(record), plainMap(params), idempotencyKey);
        Map<String, Object> result = host.calls().call(r.id(), "action " + a.id(), () -> a.execute(call, pc));
        return new JsonObject(result == null ? Map.of() : new LinkedHashMap<>(result));
    }

    /** Null when the action exists and the plugin is enabled for the tenant, else the reason (checked at deployment). */
    public String checkAction(UUID tenant, String ref) {
        String[] parts = ref.split("/", 2);
        Running r = host.running(parts[0]).orElse(null);
        if (r == null) return "the plugin \"" + parts[0] + "\" is not installed";
        if (host.enabledFor(tenant, parts[0]).isEmpty())
            return "the plugin \"" + parts[0] + "\" is not enabled for this tenant";
        if (parts.length < 2 || r.extensions().actions().stream().noneMatch(a -> a.id().equals(parts[1]))) {
            return "the plugin \"" + parts[0] + "\" has no action \"" + (parts.length < 2 ? "" : parts[1])
                    + "\" (it has: "
                    + String.join(
                            ", ",
                            r.extensions().actions().stream()
                                    .map(WorkflowAction::id)
                                    .toList()) + ")";
        }
        return null;
    }

    // ---- durable jobs: after-commit triggers, events, schedules ------------------------------------

    /** Whether any enabled plugin of the tenant wants record events. */
    public boolean wantsEvents(UUID tenant) {
        for (Running r : host.enabled(tenant))
            if (!r.extensions().triggers().isEmpty()
                    || !r.extensions().listeners().isEmpty()) return true;
        return false;
    }

    /** Jobs (payload, idempotency key) for one committed record change. */
    public List<Object[]> eventJobs(UUID tenant, String entity, String action, UUID record, long seq, UUID actor) {
        List<Object[]> out = new ArrayList<>();
        String event = switch (action) {
            case "create" -> "record.created";
            case "update" -> "record.updated";
            case "delete" -> "record.deleted";
            default -> null;
        };
        if (event == null) return out;
        for (Running r : host.enabled(tenant)) {
            if (principalId(r.id()).equals(actor)) continue;
            for (RecordTrigger t : r.extensions().triggers()) {
                if (!t.entity().equals(entity) || action.equals("delete")) continue;
                out.add(new Object[] {
                    job(r.id(), "trigger", t.id(), entity, record, action),
                    "plugin:" + r.id() + ":trigger:" + t.id() + ":" + seq
                });
            }
            for (EventListener l : r.extensions().listeners()) {
                if (!l.events().contains(event)
                        || (!l.entities().isEmpty() && !l.entities().contains(entity))) continue;
                out.add(new Object[] {
                    job(r.id(), "event", l.id(), entity, record, event),
                    "plugin:" + r.id() + ":event:" + l.id() + ":" + seq
                });
            }
        }
        return out;
    }

    private static JsonObject job(String plugin, String kind, String ext, String entity, UUID record, String action) {
        return new JsonObject()
                .put("plugin", plugin)
                .put("kind", kind)
                .put("extension", ext)
                .put("entity", entity)
                .put("record", record.toString())
                .put("action", action);
    }

    /** Runs a plugin job from the queue. */
    public JsonObject runJob(UUID tenantId, JsonObject payload) {
        Tenant tenant = tenants.byId(tenantId);
        String plugin = payload.getString("plugin");
        Running r = host.enabledFor(tenantId, plugin).orElse(null);
        if (r == null) return new JsonObject().put("skipped", "plugin " + plugin + " is not enabled");
        PluginContext pc = context(tenant, r);
        String ext = payload.getString("extension");
        switch (payload.getString("kind")) {
            case "schedule" -> {
                ScheduledJob j = r.extensions().jobs().stream()
                        .filter(x -> x.id().equals(ext))
                        .findFirst()
                        .orElse(null);
                if (j == null) return new JsonObject().put("skipped", "the scheduled job is gone");
                host.calls().call(plugin, "scheduled job " + ext, () -> {
                    j.run(pc);
                    return null;
                });
                return new JsonObject().put("ran", ext);
            }
            case "trigger", "event" -> {
                Map<String, Object> data =
                        loadPlain(tenant, payload.getString("entity"), UUID.fromString(payload.getString("record")));
                if (payload.getString("kind").equals("trigger")) {
                    RecordTrigger t = r.extensions().triggers().stream()
                            .filter(x -> x.id().equals(ext))
                            .findFirst()
                            .orElse(null);
                    if (t == null || data == null)
                        return new JsonObject()
                                .put("skipped", t == null ? "the trigger is gone" : "the record is gone");
                    RecordTrigger.Change change = new RecordTrigger.Change(
                            payload.getString("entity"), payload.getString("action"), data, null);
                    host.calls().call(plugin, "after-commit trigger " + ext, () -> {
                        t.afterCommit(change, pc);
                        return null;
                    });
                } else {
                    EventListener l = r.extensions().listeners().stream()
                            .filter(x -> x.id().equals(ext))
                            .findFirst()
                            .orElse(null);
                    if (l == null) return new JsonObject().put("skipped", "the listener is gone");
                    EventListener.Event ev = new EventListener.Event(
                            payload.getString("action"),
                            payload.getString("entity"),
                            payload.getString("record"),
                            data == null ? Map.of() : data);
                    host.calls().call(plugin, "event listener " + ext, () -> {
                        l.onEvent(ev, pc);
                        return null;
                    });
                }
                return new JsonObject().put("ran", ext);
            }
            default -> throw new IllegalStateException("unknown plugin job kind " + payload.getString("kind"));
        }
    }

    private Map<String, Object> loadPlain(Tenant tenant, String entity, UUID id) {
        MetadataSnapshot snap = metadata.snapshot(tenant.id());
        EntityDef e = snap.entity(entity).orElse(null);
        if (e == null) return null;
        Principal p = new Principal(
                dev.atrium.workflow.WorkflowDispatcher.ACTOR, tenant.id(), "plugin", "Plugin", true, "en", null);
        JsonObject rec = records.load(pool, new RecordContext(tenant, p, snap, dev.atrium.access.Access.FULL), e, id);
        return rec == null || rec.getValue("deleted_at") != null ? null : plainMap(rec);
    }

    /**
     * Scheduled jobs: when a fire time passed since the last one, one job per tenant that enabled the
     * plugin. The first sight only records the time, so installing never fires for the past.
     */
    public int schedule(ZonedDateTime now) {
        int n = 0;
        List<Running> withJobs = host.allRunning().stream()
                .filter(r -> !r.extensions().jobs().isEmpty())
                .toList();
        if (withJobs.isEmpty()) return 0;
        for (Row t : pool.query("SELECT tenant_id, plugin_id FROM atrium.plugin_tenants WHERE enabled")
                .execute()
                .await()) {
            UUID tenant = t.getUUID("tenant_id");
            for (Running r : withJobs) {
                if (!r.id().equals(t.getString("plugin_id"))) continue;
                for (ScheduledJob j : r.extensions().jobs()) {
                    if (Cron.check(j.cron()) != null) continue;
                    OffsetDateTime fire = Cron.last(j.cron(), now)
                            .map(ZonedDateTime::toOffsetDateTime)
                            .orElse(null);
                    if (fire == null) continue;
                    n += dev.atrium.db.Tx.run(pool, conn -> {
                        var rows = conn.preparedQuery(
                                        "SELECT last_fired FROM atrium.plugin_schedule WHERE tenant_id = $1 AND plugin_id = $2 AND job_id = $3 FOR UPDATE")
                                .execute(Tuple.of(tenant, r.id(), j.id()))
                                .await();
                        if (rows.size() == 0) {
                            conn.preparedQuery(
                                            "INSERT INTO atrium.plugin_schedule (tenant_id, plugin_id, job_id, last_fired) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                                    .execute(Tuple.of(tenant, r.id(), j.id(), fire))
                                    .await();
                            return 0;
                        }
                        if (!fire.isAfter(rows.iterator().next().getOffsetDateTime("last_fired"))) return 0;
                        conn.preparedQuery(
                                        "UPDATE atrium.plugin_schedule SET last_fired = $4 WHERE tenant_id = $1 AND plugin_id = $2 AND job_id = $3")
                                .execute(Tuple.of(tenant, r.id(), j.id(), fire))
                                .await();
                        return conn.preparedQuery(
                                        "INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, 'plugin', $2, $3) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(
                                        tenant,
                                        new JsonObject()
                                                .put("plugin", r.id())
                                                .put("kind", "schedule")
                                                .put("extension", j.id())
                                                .put("fire", fire.toString()),
                                        "plugin:" + r.id() + ":schedule:" + j.id() + ":" + fire.toEpochSecond()))
                                .await()
                                .rowCount();
                    });
                }
            }
        }
        return n;
    }

    /** Queues a plugin's scheduled job now (the "run now" button); returns the job id. */
    public long runNow(Tenant tenant, String plugin, String jobId) {
        Running r = host.enabledFor(tenant.id(), plugin)
                .orElseThrow(
                        () -> ApiProblem.conflict("plugin-not-enabled", "plugin \"" + plugin + "\" is not enabled"));
        if (r.extensions().jobs().stream().noneMatch(j -> j.id().equals(jobId)))
            throw ApiProblem.notFound("plugin " + plugin + " has no scheduled job \"" + jobId + "\"");
        return pool.preparedQuery(
                        "INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, 'plugin', $2, $3) RETURNING id")
                .execute(Tuple.of(
                        tenant.id(),
                        new JsonObject()
                                .put("plugin", plugin)
                                .put("kind", "schedule")
                                .put("extension", jobId)
                                .put("manual", true),
                        "plugin:" + plugin + ":manual:" + jobId + ":" + UUID.randomUUID()))
                .await()
                .iterator()
                .next()
                .getLong(0);
    }

    // ---- HTTP routes -----------------------------------------------------------------------------

    public record RouteMatch(Running plugin, HttpRoute route) {}

    public RouteMatch findRoute(String plugin, String routeId) {
        Running r = host.running(plugin)
                .orElseThrow(() -> ApiProblem.notFound("there is no running plugin \"" + plugin + "\""));
        HttpRoute route = r.extensions().routes().stream()
                .filter(x -> x.id().equals(routeId))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("plugin " + plugin + " has no route \"" + routeId + "\""));
        return new RouteMatch(r, route);
    }

    public HttpRoute.Response route(Tenant tenant, RouteMatch m, HttpRoute.Request request) {
        if (host.enabledFor(tenant.id(), m.plugin().id()).isEmpty())
            throw ApiProblem.notFound("plugin \"" + m.plugin().id() + "\" is not enabled for this tenant");
        if (m.route().publicAccess() && !allow(m.plugin().id() + "|" + request.remoteAddress())) {
            throw new ApiProblem(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "too many requests from your address; try again in a minute",
                    null,
                    null);
        }
        PluginContext pc = context(tenant, m.plugin());
        try {
            HttpRoute.Response resp = host.calls()
                    .call(
                            m.plugin().id(),
                            "route " + m.route().id(),
                            () -> m.route().handle(request, pc));
            return resp == null ? new HttpRoute.Response(204, "text/plain", "") : resp;
        } catch (PluginFailure f) {
            if (f.getCause() instanceof dev.atrium.plugin.api.PluginException pe)
                throw ApiProblem.badRequest(pe.getMessage());
            throw failed(f);
        } catch (dev.atrium.plugin.api.PluginException pe) {
            throw ApiProblem.badRequest(pe.getMessage());
        }
    }

    /** 30 public requests a minute per plugin and client address (fixed window). */
    private boolean allow(String key) {
        long minute = System.currentTimeMillis() / 60_000;
        long[] w = rate.compute(
                key, (k, v) -> v == null || v[0] != minute ? new long[] {minute, 1} : new long[] {minute, v[1] + 1});
        if (rate.size() > 100_000) rate.clear();
        return w[1] <= 30;
    }

    // ---- script functions ------------------------------------------------------------------------

    /** Calls {@code plugins.<name>(args)} from a rule: JSON in, JSON out, both bounded. */
    public String callFunction(String name, String argsJson) {
        if (argsJson.length() > MAX_FUNCTION_JSON)
            throw new IllegalArgumentException("arguments to plugins." + name + " exceed 64 KiB");
        for (Running r : host.allRunning()) {
            for (ScriptFunction f : r.extensions().functions()) {
                if (!f.id().replace('-', '_').equals(name)) continue;
                List<Object> args = plainList(new JsonArray(argsJson));
                Object result = host.calls().call(r.id(), "script function " + name, () -> f.call(args));
                String out = Json.encode(result);
                if (out.length() > MAX_FUNCTION_JSON)
                    throw new IllegalArgumentException("plugins." + name + " returned more than 64 KiB");
                return out;
            }
        }
        throw new IllegalArgumentException("plugins." + name + " is not a function of any running plugin");
    }

    // ---- templates -------------------------------------------------------------------------------

    /** Adds the plugin's entities and the fields missing from existing ones, in one deployment. */
    void applyTemplates(Tenant tenant, Running r, UUID actor) {
        MetadataSnapshot snap = metadata.snapshot(tenant.id());
        List<MetadataDocument> docs = new ArrayList<>();
        for (TemplateContribution t : r.extensions().templates()) {
            for (String path : t.entityFiles()) {
                String text;
                try (InputStream in = host.calls().call(r.id(), "template " + t.id(), () -> t.open(path))) {
                    if (in == null)
                        throw ApiProblem.conflict(
                                "plugin-template", "plugin " + r.id() + " lacks its template file " + path);
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw ApiProblem.conflict(
                            "plugin-template", "plugin " + r.id() + " template " + path + ": " + e.getMessage());
                }
                JsonObject doc = new JsonObject(text);
                EntityDef existing = snap.entity(doc.getString("name")).orElse(null);
                if (existing == null) {
                    docs.add(new MetadataDocument(r.id() + path, MetadataReader.parse(text)));
                    continue;
                }
                JsonObject current = new JsonObject(Json.encode(MetadataWriter.entity(existing, null, true)));
                JsonArray fields = current.getJsonArray("fields", new JsonArray());
                boolean added = false;
                for (Object o : doc.getJsonArray("fields", new JsonArray())) {
                    JsonObject f = (JsonObject) o;
                    if (existing.field(f.getString("name")).isEmpty()) {
                        fields.add(f);
                        added = true;
                    }
                }
                if (added)
                    docs.add(new MetadataDocument(
                            r.id() + path,
                            MetadataReader.parse(current.put("fields", fields).encode())));
            }
        }
        if (docs.isEmpty()) return;
        JsonObject result =
                deployments.deploy(tenant, new DeploymentRequest(docs, false, List.of(), false, false, actor));
        if (!result.getBoolean("applied", false)) {
            throw ApiProblem.conflict(
                    "plugin-template", "the plugin's metadata could not be applied: " + result.encode());
        }
    }

    // ---- UI --------------------------------------------------------------------------------------

    public JsonArray navigation(UUID tenant) {
        JsonArray out = new JsonArray();
        for (Running r : host.enabled(tenant)) {
            for (UiContribution u : r.extensions().ui()) {
                for (UiContribution.NavEntry n : u.navigation())
                    out.add(new JsonObject()
                            .put("plugin", r.id())
                            .put("label", n.label())
                            .put("path", n.path()));
            }
        }
        return out;
    }

    /** An asset's bytes, or null. */
    public byte[] asset(String plugin, String name) {
        if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.contains("..")) return null;
        Running r = host.running(plugin).orElse(null);
        if (r == null) return null;
        for (UiContribution u : r.extensions().ui()) {
            byte[] bytes = host.calls().call(plugin, "asset " + name, () -> {
                try (InputStream in = u.asset(name)) {
                    return in == null ? null : in.readAllBytes();
                }
            });
            if (bytes != null) return bytes;
        }
        return null;
    }

    // ---- JSON helpers ----------------------------------------------------------------------------

    static Map<String, Object> plainMap(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o) m.put(e.getKey(), plain(e.getValue()));
        return m;
    }

    static List<Object> plainList(JsonArray a) {
        List<Object> l = new ArrayList<>();
        for (Object v : a) l.add(plain(v));
        return l;
    }

    static Object plain(Object v) {
        if (v instanceof JsonObject o) return plainMap(o);
        if (v instanceof JsonArray a) return plainList(a);
        if (v instanceof Map<?, ?> m) return plainMap(new JsonObject(new LinkedHashMap<>(castMap(m))));
        if (v instanceof List<?> l) return plainList(new JsonArray(new ArrayList<>(l)));
        if (v instanceof java.time.temporal.TemporalAccessor || v instanceof UUID) return v.toString();
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
