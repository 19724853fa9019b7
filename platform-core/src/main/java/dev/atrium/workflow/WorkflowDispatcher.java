package dev.atrium.workflow;

import dev.atrium.db.Tx;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.WorkflowDef;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns committed record changes into workflow jobs. The outbox is the audit trail: every change is
 * recorded by the table trigger in the change's own transaction, and the sealer numbers entries only
 * after they committed. The dispatcher reads entries past its per-tenant cursor, in that order, and
 * enqueues one job per matching workflow (idempotency key: workflow and entry), moving the cursor in the
 * same transaction. So a rolled-back write never triggers anything, and nothing committed is missed.
 * Changes made by workflows themselves do not trigger workflows (no loops), nor do changes made quietly
 * (marked {@code _quiet}: an import with workflows switched off).
 */
public final class WorkflowDispatcher {
    /** The actor of changes made by workflows. */
    public static final UUID ACTOR = dev.atrium.auth.ServicePrincipals.WORKFLOW;

    private final Pool pool;
    private final MetadataRegistry metadata;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    private volatile dev.atrium.plugins.PluginServices plugins;

    /** Plugins whose after-commit triggers and event listeners get jobs from the same outbox. */
    public void setPlugins(dev.atrium.plugins.PluginServices services) {
        this.plugins = services;
    }

    /** The clock time triggers are measured by (tests move it). */
    public void setClock(java.time.Clock clock) {
        this.clock = clock;
    }

    public WorkflowDispatcher(Pool pool, MetadataRegistry metadata) {
        this.pool = pool;
        this.metadata = metadata;
    }

    /** One round for every tenant; returns the number of jobs enqueued. Awaits: virtual thread only. */
    public int dispatch() {
        int n = 0;
        for (Row t : pool.query("SELECT id FROM atrium.tenants").execute().await()) {
            n += dispatch(t.getUUID("id"));
            n += timers(t.getUUID("id"));
            n += schedules(t.getUUID("id"));
            n += ReportMail.schedule(
                    pool,
                    metadata.snapshot(t.getUUID("id")),
                    t.getUUID("id"),
                    java.time.ZonedDateTime.now(clock.withZone(java.time.ZoneOffset.UTC)));
        }
        return n;
    }

    /**
     * Time triggers: one job per record and due time once the clock has passed it (looking back one
     * day, so a node that was down for less than a day misses nothing; the idempotency key makes
     * repeated scans harmless).
     */
    int timers(UUID tenant) {
        MetadataSnapshot snap = metadata.snapshot(tenant);
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock);
        int jobs = 0;
        for (EntityDef e : snap.entities()) {
            for (WorkflowDef w : e.workflows()) {
                if (!w.on().contains("time") || w.at() == null) continue;
                boolean system =
                        w.at().field().equals("created_at") || w.at().field().equals("updated_at");
                var field = e.field(w.at().field()).orElse(null);
                if (field == null && !system) continue;
                String col = "t." + dev.atrium.metadata.sql.Sql.ident(w.at().field());
                boolean pausable = w.at().pauseWhen() != null;
                // a paused SLA is not due; every finished pause moves the due time later by its length
                String at =
                        (!system && field.type().equals("date") ? "(" + col + "::timestamp AT TIME ZONE 'UTC')" : col)
                                + " + make_interval(days => $1, hours => $2)"
                                + (pausable ? " + make_interval(secs => COALESCE(p.paused_seconds, 0))" : "");
                String join = pausable
                        ? " LEFT JOIN atrium.sla_pauses p ON p.tenant_id = $4 AND p.workflow_id = $5 AND "
                                + "p.record_id = t.\"id\""
                        : "";
                Tuple params = pausable
                        ? Tuple.of(w.at().days(), w.at().hours(), now, tenant, w.id())
                        : Tuple.of(w.at().days(), w.at().hours(), now);
                for (Row r : pool.preparedQuery("SELECT t.\"id\", " + at + " AS due FROM "
                                + dev.atrium.metadata.sql.Sql.table(schemaOf(tenant), e.name())
                                + " t" + join + " WHERE t.\"deleted_at\" IS NULL AND " + col + " IS NOT NULL AND " + at
                                + " <= $3 AND " + at + " > $3 - interval '1 day'"
                                + (pausable ? " AND p.paused_since IS NULL" : ""))
                        .execute(params)
                        .await()) {
                    JsonObject payload = new JsonObject()
                            .put("entity", e.name())
                            .put("workflow", w.id())
                            .put("record", r.getUUID("id").toString())
                            .put("action", "time")
                            .put("due", r.getOffsetDateTime("due").toString());
                    jobs += pool.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                    + "VALUES ($1, 'workflow', $2, $3) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(
                                    tenant,
                                    payload,
                                    "time:" + w.id() + ":" + r.getUUID("id") + ":"
                                            + r.getOffsetDateTime("due").toEpochSecond()))
                            .await()
                            .rowCount();
                }
            }
        }
        return jobs;
    }

    /**
     * Cron workflows: when a fire time has passed since the last one, one job per live record matching
     * the condition (at most 10,000 a run). The first sight of a schedule only records the latest fire
     * time, so deploying never fires for the past.
     */
    int schedules(UUID tenant) {
        MetadataSnapshot snap = metadata.snapshot(tenant);
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock.withZone(java.time.ZoneOffset.UTC));
        int jobs = 0;
        for (EntityDef e : snap.entities()) {
            for (WorkflowDef w : e.workflows()) {
                if (!w.on().contains("schedule") || w.cron() == null) continue;
                var last = Cron.last(w.cron(), now).orElse(null);
                if (last == null) continue;
                java.time.OffsetDateTime fire = last.toOffsetDateTime();
                jobs += Tx.run(pool, conn -> {
                    var rows = conn.preparedQuery(
                                    "SELECT last_fired FROM atrium.workflow_schedule WHERE tenant_id = $1 AND "
                                            + "workflow_id = $2 FOR UPDATE")
                            .execute(Tuple.of(tenant, w.id()))
                            .await();
                    if (rows.size() == 0) {
                        conn.preparedQuery("INSERT INTO atrium.workflow_schedule (tenant_id, workflow_id, "
                                        + "last_fired) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(tenant, w.id(), fire))
                                .await();
                        return 0;
                    }
                    if (!fire.isAfter(rows.iterator().next().getOffsetDateTime("last_fired"))) return 0;
                    java.util.List<Object> params = new java.util.ArrayList<>();
                    String cond = w.condition() == null
                            ? "TRUE"
                            : new dev.atrium.metadata.query.QueryCompiler(
                                            dev.atrium.metadata.types.FieldTypeRegistry.builtIn())
                                    .condition(
                                            schemaOf(tenant), snap, e, w.condition(), "t", params, now.toLocalDate());
                    int n = 0;
                    for (Row r : conn.preparedQuery("SELECT t.\"id\" FROM "
                                    + dev.atrium.metadata.sql.Sql.table(schemaOf(tenant), e.name())
                                    + " t WHERE t.\"deleted_at\" IS NULL AND (" + cond
                                    + ") ORDER BY t.\"id\" LIMIT 10000")
                            .execute(Tuple.wrap(params))
                            .await()) {
                        JsonObject payload = new JsonObject()
                                .put("entity", e.name())
                                .put("workflow", w.id())
                                .put("record", r.getUUID("id").toString())
                                .put("action", "schedule")
                                .put("fire", fire.toString());
                        n += conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                        + "VALUES ($1, 'workflow', $2, $3) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(
                                        tenant,
                                        payload,
                                        "cron:" + w.id() + ":" + r.getUUID("id") + ":" + fire.toEpochSecond()))
                                .await()
                                .rowCount();
                    }
                    conn.preparedQuery("UPDATE atrium.workflow_schedule SET last_fired = $3 WHERE tenant_id = $1 "
                                    + "AND workflow_id = $2")
                            .execute(Tuple.of(tenant, w.id(), fire))
                            .await();
                    return n;
                });
            }
        }
        return jobs;
    }

    private String schemaOf(UUID tenant) {
        return pool.preparedQuery("SELECT schema_name FROM atrium.tenants WHERE id = $1")
                .execute(Tuple.of(tenant))
                .await()
                .iterator()
                .next()
                .getString(0);
    }

    int dispatch(UUID tenant) {
        MetadataSnapshot snap = metadata.snapshot(tenant);
        boolean any = snap.entities().stream()
                .anyMatch(e -> !e.workflows().isEmpty()
                        || e.rules().stream().anyMatch(r -> r.kind().equals("after_commit")));
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock);
        dev.atrium.plugins.PluginServices ps = plugins;
        boolean pluginEvents = ps != null && ps.wantsEvents(tenant);
        return Tx.run(pool, conn -> {
            conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 13))")
                    .execute(Tuple.of(tenant.toString()))
                    .await();
            // an organisation removed meanwhile (a package test's throwaway tenant) has nothing left to dispatch
            conn.preparedQuery("INSERT INTO atrium.workflow_cursor (tenant_id, last_seq) SELECT id, 0 FROM "
                            + "atrium.tenants WHERE id = $1 ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(tenant))
                    .await();
            var cursors = conn.preparedQuery("SELECT last_seq FROM atrium.workflow_cursor WHERE tenant_id = $1")
                    .execute(Tuple.of(tenant))
                    .await();
            if (cursors.size() == 0) return 0;
            long cursor = cursors.iterator().next().getLong(0);
            long last = cursor;
            int jobs = 0;
            for (Row r : conn.preparedQuery("SELECT id, seq, action, entity, record_id, actor, changes, request_id "
                            + "FROM atrium.audit_log "
                            + "WHERE tenant_id = $1 AND seq > $2 "
                            + "AND action IN ('create', 'update', 'delete') ORDER BY seq LIMIT 1000")
                    .execute(Tuple.of(tenant, cursor))
                    .await()) {
                last = Math.max(last, r.getLong("seq"));
                if (any) slaPauses(conn, tenant, snap, r, now);
                if ((!any && !pluginEvents) || ACTOR.equals(r.getUUID("actor"))) continue;
                // an import for a data migration, with workflows switched off
                if (r.getJsonObject("changes") != null
                        && r.getJsonObject("changes").containsKey("_quiet")) continue;
                EntityDef e = snap.entity(r.getString("entity")).orElse(null);
                if (e == null) continue;
                if (pluginEvents) {
                    for (Object[] job : ps.eventJobs(
                            tenant,
                            e.name(),
                            r.getString("action"),
                            r.getUUID("record_id"),
                            r.getLong("seq"),
                            r.getUUID("actor"))) {
                        jobs += conn.preparedQuery(
                                        "INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                                + "VALUES ($1, 'plugin', $2, $3) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(tenant, job[0], job[1]))
                                .await()
                                .rowCount();
                    }
                }
                for (var rule : e.rules()) {
                    if (!rule.kind().equals("after_commit")
                            || r.getString("action").equals("delete")) continue;
                    JsonObject payload = new JsonObject()
                            .put("entity", e.name())
                            .put("rule", rule.id())
                            .put("record", r.getUUID("record_id").toString())
                            .put("action", r.getString("action"))
                            .put("auditId", r.getLong("id"));
                    if (r.getString("request_id") != null) payload.put("requestId", r.getString("request_id"));
                    jobs += conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                    + "VALUES ($1, 'script', $2, $3) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(tenant, payload, "rule:" + rule.id() + ":" + r.getLong("seq")))
                            .await()
                            .rowCount();
                }
                for (WorkflowDef w : e.workflows()) {
                    if (!triggers(w, r)) continue;
                    JsonObject payload = new JsonObject()
                            .put("entity", e.name())
                            .put("workflow", w.id())
                            .put("record", r.getUUID("record_id").toString())
                            .put("action", r.getString("action"))
                            .put("auditId", r.getLong("id"));
                    if (r.getString("request_id") != null) payload.put("requestId", r.getString("request_id"));
                    jobs += conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                    + "VALUES ($1, 'workflow', $2, $3) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(tenant, payload, "wf:" + w.id() + ":" + r.getLong("seq")))
                            .await()
                            .rowCount();
                }
            }
            if (last > cursor) {
                conn.preparedQuery("UPDATE atrium.workflow_cursor SET last_seq = $2 WHERE tenant_id = $1")
                        .execute(Tuple.of(tenant, last))
                        .await();
            }
            return jobs;
        });
    }

    /**
     * SLA pauses: after any change of a record whose entity has a time workflow with {@code pauseWhen},
     * the clock of that workflow for the record stops (the record matches the condition) or runs again
     * (it no longer does), adding the finished pause to the record's paused total.
     */
    private void slaPauses(
            SqlConnection conn, UUID tenant, MetadataSnapshot snap, Row r, java.time.OffsetDateTime now) {
        EntityDef e = snap.entity(r.getString("entity")).orElse(null);
        if (e == null || r.getString("action").equals("delete")) return;
        List<WorkflowDef> pausable = e.workflows().stream()
                .filter(w -> w.on().contains("time") && w.at() != null && w.at().pauseWhen() != null)
                .toList();
        if (pausable.isEmpty()) return;
        String schema = schemaOf(tenant);
        for (WorkflowDef w : pausable) {
            List<Object> params = new ArrayList<>(List.of(r.getUUID("record_id")));
            String cond = new dev.atrium.metadata.query.QueryCompiler(
                            dev.atrium.metadata.types.FieldTypeRegistry.builtIn())
                    .condition(schema, snap, e, w.at().pauseWhen(), "t", params, now.toLocalDate());
            boolean paused = conn.preparedQuery("SELECT 1 FROM " + dev.atrium.metadata.sql.Sql.table(schema, e.name())
                                    + " t WHERE t.\"id\" = $1 AND (" + cond + ")")
                            .execute(Tuple.wrap(params))
                            .await()
                            .size()
                    > 0;
            if (paused) {
                conn.preparedQuery("INSERT INTO atrium.sla_pauses (tenant_id, workflow_id, record_id, "
                                + "paused_since) VALUES ($1, $2, $3, $4) "
                                + "ON CONFLICT (tenant_id, workflow_id, record_id) DO UPDATE SET "
                                + "paused_since = COALESCE(atrium.sla_pauses.paused_since, "
                                + "EXCLUDED.paused_since)")
                        .execute(Tuple.of(tenant, w.id(), r.getUUID("record_id"), now))
                        .await();
            } else {
                conn.preparedQuery("UPDATE atrium.sla_pauses SET paused_seconds = paused_seconds + GREATEST(0, "
                                + "EXTRACT(EPOCH FROM ($4 - paused_since))::bigint), "
                                + "paused_since = NULL WHERE tenant_id = $1 AND workflow_id = $2 AND "
                                + "record_id = $3 AND paused_since IS NOT NULL")
                        .execute(Tuple.of(tenant, w.id(), r.getUUID("record_id"), now))
                        .await();
            }
        }
    }

    private static boolean triggers(WorkflowDef w, Row r) {
        String action = r.getString("action");
        if (!w.on().contains(action)) return false;
        if (!action.equals("update") || w.fields().isEmpty()) return true;
        JsonObject changes = r.getJsonObject("changes");
        return changes != null && w.fields().stream().anyMatch(changes::containsKey);
    }
}
