package dev.atrium.plugins;

import dev.atrium.auth.Principal;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.plugin.api.AccessNeed;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.RecordRejected;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScriptFunction;
import dev.atrium.plugin.api.WorkflowAction;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import dev.atrium.workflow.SsrfGuard;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
    private final PluginRoutes routes;
    private final dev.atrium.analytics.ReportRunner reports;
    private final PluginJobs jobs;
    private final PluginContributions contributions;
    private volatile dev.atrium.files.Attachments attachments;

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
        this.jobs = new PluginJobs(host, pool, records, metadata, tenants, this);
        this.contributions = new PluginContributions(host, metadata, deployments);
        this.routes = new PluginRoutes(host, this);
        this.reports = new dev.atrium.analytics.ReportRunner(pool, records.types());
    }

    /** The attachment service behind {@link dev.atrium.plugin.api.Records#attach}. */
    public void setAttachments(dev.atrium.files.Attachments attachments) {
        this.attachments = attachments;
    }

    /** The enabled plugins' upload scanners, for the attachment service. */
    public dev.atrium.files.Attachments.Scanner uploadScanner() {
        return new PluginScanners(host, this);
    }

    public PluginHost host() {
        return host;
    }

    /** The service principal a plugin acts as in a tenant (its changes are audited under this id). */
    public static UUID principalId(String plugin) {
        return dev.atrium.auth.ServicePrincipals.plugin(plugin);
    }

    PluginContext context(Tenant tenant, RunningPlugin r) {
        return context(tenant, r, null, null);
    }

    /** The context of one call; with a caller (a route called by someone), {@code callerRecords()} acts as them. */
    PluginContext context(Tenant tenant, RunningPlugin r, Principal caller, dev.atrium.access.Access callerAccess) {
        TenantPlugin tp = host.tenantPlugins(tenant.id()).get(r.id());
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
                new PluginRecords(
                        records, metadata, tenant, principal, new PluginAccess(granted), attachments, reports),
                caller == null
                        ? null
                        : new PluginRecords(records, metadata, tenant, caller, callerAccess, attachments, reports),
                http,
                System.getLogger("plugin." + r.id()),
                (jobId, delay) -> runLater(tenant, r, jobId, delay));
    }

    private long runLater(Tenant tenant, RunningPlugin r, String jobId, java.time.Duration delay) {
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
                for (RunningPlugin r : host.enabled(ctx.tenant().id())) {
                    for (RecordTrigger t : r.extensions().triggers())
                        if (t.entity().equals(e.name())) return true;
                }
                return false;
            }

            @Override
            public RecordService.Saved apply(RecordContext ctx, EntityDef e, JsonObject body, JsonObject old) {
                Map<String, Object> values = PlainJson.plainMap(body);
                Map<String, String> changedBy = new LinkedHashMap<>();
                for (RunningPlugin r : host.enabled(ctx.tenant().id())) {
                    for (RecordTrigger t : r.extensions().triggers()) {
                        if (!t.entity().equals(e.name())) continue;
                        Map<String, Object> before = new LinkedHashMap<>(values);
                        RecordTrigger.Change change = new RecordTrigger.Change(
                                e.name(),
                                old == null ? "create" : "update",
                                values,
                                old == null ? null : PlainJson.plainMap(old));
                        PluginContext pc = context(ctx.tenant(), r);
                        try {
                            host.calls()
                                    .call(
                                            r.id(),
                                            PluginCalls.Caller.tenant(
                                                    ctx.tenant().id()),
                                            "before-save trigger " + t.id() + " on " + e.name(),
                                            () -> {
                                                t.beforeSave(change, pc);
                                                return null;
                                            });
                        } catch (dev.atrium.plugin.api.PluginException rr) {
                            String field = rr instanceof RecordRejected rej ? rej.field() : null;
                            String pointer = field == null ? "" : "/" + field;
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
                        for (String k : values.keySet()) {
                            if (!before.containsKey(k) || !java.util.Objects.equals(before.get(k), values.get(k)))
                                changedBy.put(k, "plugin:" + r.id());
                        }
                    }
                }
                return new RecordService.Saved(new JsonObject(values), changedBy);
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
        RunningPlugin r = host.enabledFor(tenant.id(), parts[0])
                .orElseThrow(() -> new IllegalStateException(
                        "plugin \"" + parts[0] + "\" is not enabled for this tenant (action " + ref + ")"));
        WorkflowAction a = r.extensions().actions().stream()
                .filter(x -> x.id().equals(parts.length > 1 ? parts[1] : ""))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "plugin " + parts[0] + " has no action \"" + (parts.length > 1 ? parts[1] : "") + "\""));
        PluginContext pc = context(tenant, r);
        WorkflowAction.Call call =
                new WorkflowAction.Call(entity, PlainJson.plainMap(record), PlainJson.plainMap(params), idempotencyKey);
        Map<String, Object> result = host.calls()
                .call(r.id(), PluginCalls.Caller.tenant(tenant.id()), "action " + a.id(), () -> a.execute(call, pc));
        return new JsonObject(result == null ? Map.of() : new LinkedHashMap<>(result));
    }

    /**
     * Null when the action exists and the plugin is enabled for the tenant, else the reason (checked at deployment).
     */
    public String checkAction(UUID tenant, String ref) {
        String[] parts = ref.split("/", 2);
        RunningPlugin r = host.running(parts[0]).orElse(null);
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

    // ---- durable jobs and contributions (see PluginJobs, PluginContributions) ----------------------

    /** Whether any enabled plugin of the tenant wants record events. */
    public boolean wantsEvents(UUID tenant) {
        return jobs.wantsEvents(tenant);
    }

    /** Jobs (payload, idempotency key) for one committed record change. */
    public List<Object[]> eventJobs(UUID tenant, String entity, String action, UUID record, long seq, UUID actor) {
        return jobs.eventJobs(tenant, entity, action, record, seq, actor);
    }

    /** Runs a plugin job from the queue. */
    public JsonObject runJob(UUID tenantId, JsonObject payload) {
        return jobs.runJob(tenantId, payload);
    }

    /** Queues the scheduled jobs whose fire time passed; returns how many. */
    public int schedule(ZonedDateTime now) {
        return jobs.schedule(now);
    }

    /** Queues a plugin's scheduled job now (the "run now" button); returns the job id. */
    public long runNow(Tenant tenant, String plugin, String jobId) {
        return jobs.runNow(tenant, plugin, jobId);
    }

    void applyTemplates(Tenant tenant, RunningPlugin r, UUID actor) {
        contributions.applyTemplates(tenant, r, actor);
    }

    public JsonArray navigation(UUID tenant) {
        return contributions.navigation(tenant);
    }

    /** An asset's bytes, or null. */
    public byte[] asset(String plugin, String name) {
        return contributions.asset(plugin, name);
    }

    // ---- HTTP routes (see PluginRoutes) -----------------------------------------------------------

    public PluginRoutes routes() {
        return routes;
    }

    // ---- script functions ------------------------------------------------------------------------

    /**
     * Calls {@code plugins.<name>(args)} from a rule of {@code tenant}: a function of a plugin enabled for
     * that tenant (null: any running plugin, for the platform's own scripts). JSON in, JSON out, both bounded.
     */
    public String callFunction(UUID tenant, String name, String argsJson) {
        if (argsJson.length() > MAX_FUNCTION_JSON)
            throw new IllegalArgumentException("arguments to plugins." + name + " exceed 64 KiB");
        for (RunningPlugin r : tenant == null ? List.copyOf(host.allRunning()) : host.enabled(tenant)) {
            for (ScriptFunction f : r.extensions().functions()) {
                if (!f.id().replace('-', '_').equals(name)) continue;
                List<Object> args = PlainJson.plainList(new JsonArray(argsJson));
                PluginCalls.Caller caller =
                        tenant == null ? PluginCalls.Caller.platform() : PluginCalls.Caller.tenant(tenant);
                Object result;
                try {
                    result = host.calls().call(r.id(), caller, "script function " + name, () -> f.call(args));
                } catch (dev.atrium.plugin.api.PluginException refused) {
                    throw new IllegalArgumentException(
                            "plugins." + name + " (plugin " + r.id() + "): " + refused.getMessage());
                }
                String out = Json.encode(result);
                if (out.length() > MAX_FUNCTION_JSON)
                    throw new IllegalArgumentException("plugins." + name + " returned more than 64 KiB");
                return out;
            }
        }
        throw new IllegalArgumentException(
                "plugins." + name + " is not a function of any plugin enabled for this organisation");
    }
}
