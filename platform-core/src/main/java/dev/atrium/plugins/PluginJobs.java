package dev.atrium.plugins;

import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.plugin.api.EventListener;
import dev.atrium.plugin.api.PluginContext;
import dev.atrium.plugin.api.RecordTrigger;
import dev.atrium.plugin.api.ScheduledJob;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import dev.atrium.workflow.Cron;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plugins' durable work through the job queue: after-commit triggers and event listeners for each
 * committed change, scheduled jobs when their cron time passes (and "run now"), and running those jobs
 * for the tenant they were queued for. Awaits: virtual threads only.
 */
final class PluginJobs {
    private final PluginHost host;
    private final Pool pool;
    private final RecordService records;
    private final MetadataRegistry metadata;
    private final TenantService tenants;
    private final PluginServices services;

    PluginJobs(
            PluginHost host,
            Pool pool,
            RecordService records,
            MetadataRegistry metadata,
            TenantService tenants,
            PluginServices services) {
        this.host = host;
        this.pool = pool;
        this.records = records;
        this.metadata = metadata;
        this.tenants = tenants;
        this.services = services;
    }

    /** Whether any enabled plugin of the tenant wants record events. */
    public boolean wantsEvents(UUID tenant) {
        for (RunningPlugin r : host.enabled(tenant))
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
        for (RunningPlugin r : host.enabled(tenant)) {
            if (PluginServices.principalId(r.id()).equals(actor)) continue;
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
        RunningPlugin r = host.enabledFor(tenantId, plugin).orElse(null);
        if (r == null) return new JsonObject().put("skipped", "plugin " + plugin + " is not enabled");
        PluginContext pc = services.context(tenant, r);
        String ext = payload.getString("extension");
        switch (payload.getString("kind")) {
            case "schedule" -> {
                ScheduledJob j = r.extensions().jobs().stream()
                        .filter(x -> x.id().equals(ext))
                        .findFirst()
                        .orElse(null);
                if (j == null) return new JsonObject().put("skipped", "the scheduled job is gone");
                host.calls().call(plugin, PluginCalls.Caller.tenant(tenantId), "scheduled job " + ext, () -> {
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
                    host.calls()
                            .call(plugin, PluginCalls.Caller.tenant(tenantId), "after-commit trigger " + ext, () -> {
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
                    host.calls().call(plugin, PluginCalls.Caller.tenant(tenantId), "event listener " + ext, () -> {
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
        return rec == null || rec.getValue("deleted_at") != null ? null : PlainJson.plainMap(rec);
    }

    /**
     * Scheduled jobs: when a fire time passed since the last one, one job per tenant that enabled the
     * plugin. The first sight only records the time, so installing never fires for the past.
     */
    public int schedule(ZonedDateTime now) {
        int n = 0;
        List<RunningPlugin> withJobs = host.allRunning().stream()
                .filter(r -> !r.extensions().jobs().isEmpty())
                .toList();
        if (withJobs.isEmpty()) return 0;
        for (Row t : pool.query("SELECT tenant_id, plugin_id FROM atrium.plugin_tenants WHERE enabled")
                .execute()
                .await()) {
            UUID tenant = t.getUUID("tenant_id");
            for (RunningPlugin r : withJobs) {
                if (!r.id().equals(t.getString("plugin_id"))) continue;
                for (ScheduledJob j : r.extensions().jobs()) {
                    if (Cron.check(j.cron()) != null) continue;
                    OffsetDateTime fire = Cron.last(j.cron(), now)
                            .map(ZonedDateTime::toOffsetDateTime)
                            .orElse(null);
                    if (fire == null) continue;
                    n += dev.atrium.db.Tx.run(pool, conn -> {
                        var rows = conn.preparedQuery(
                                        "SELECT last_fired FROM atrium.plugin_schedule WHERE tenant_id = $1 "
                                                + "AND plugin_id = $2 AND job_id = $3 FOR UPDATE")
                                .execute(Tuple.of(tenant, r.id(), j.id()))
                                .await();
                        if (rows.size() == 0) {
                            conn.preparedQuery("INSERT INTO atrium.plugin_schedule (tenant_id, plugin_id, "
                                            + "job_id, last_fired) VALUES ($1, $2, $3, $4) ON "
                                            + "CONFLICT DO NOTHING")
                                    .execute(Tuple.of(tenant, r.id(), j.id(), fire))
                                    .await();
                            return 0;
                        }
                        if (!fire.isAfter(rows.iterator().next().getOffsetDateTime("last_fired"))) return 0;
                        conn.preparedQuery("UPDATE atrium.plugin_schedule SET last_fired = $4 WHERE tenant_id = "
                                        + "$1 AND plugin_id = $2 AND job_id = $3")
                                .execute(Tuple.of(tenant, r.id(), j.id(), fire))
                                .await();
                        return conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                        + "VALUES ($1, 'plugin', $2, $3) ON CONFLICT DO NOTHING")
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
        RunningPlugin r = host.enabledFor(tenant.id(), plugin)
                .orElseThrow(
                        () -> ApiProblem.conflict("plugin-not-enabled", "plugin \"" + plugin + "\" is not enabled"));
        if (r.extensions().jobs().stream().noneMatch(j -> j.id().equals(jobId)))
            throw ApiProblem.notFound("plugin " + plugin + " has no scheduled job \"" + jobId + "\"");
        return pool.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, "
                        + "'plugin', $2, $3) RETURNING id")
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
}
