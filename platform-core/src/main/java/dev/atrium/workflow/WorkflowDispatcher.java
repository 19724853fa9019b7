package dev.atrium.workflow;

import dev.atrium.db.Tx;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.WorkflowDef;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Turns committed record changes into workflow jobs. The outbox is the audit trail: every change is
 * recorded by the table trigger in the change's own transaction, and the sealer numbers entries only
 * after they committed. The dispatcher reads entries past its per-tenant cursor, in that order, and
 * enqueues one job per matching workflow (idempotency key: workflow and entry), moving the cursor in the
 * same transaction. So a rolled-back write never triggers anything, and nothing committed is missed.
 * Changes made by workflows themselves do not trigger workflows (no loops).
 */
public final class WorkflowDispatcher {
    /** The actor of changes made by workflows. */
    public static final UUID ACTOR = UUID.fromString("00000000-0000-0000-0000-00000000f10f");

    private final Pool pool;
    private final MetadataRegistry metadata;

    public WorkflowDispatcher(Pool pool, MetadataRegistry metadata) {
        this.pool = pool;
        this.metadata = metadata;
    }

    /** One round for every tenant; returns the number of jobs enqueued. Awaits: virtual thread only. */
    public int dispatch() {
        int n = 0;
        for (Row t : pool.query("SELECT id FROM atrium.tenants").execute().await()) n += dispatch(t.getUUID("id"));
        return n;
    }

    int dispatch(UUID tenant) {
        MetadataSnapshot snap = metadata.snapshot(tenant);
        boolean any = snap.entities().stream().anyMatch(e -> !e.workflows().isEmpty());
        return Tx.run(pool, conn -> {
            conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 13))").execute(Tuple.of(tenant.toString())).await();
            conn.preparedQuery("INSERT INTO atrium.workflow_cursor (tenant_id, last_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING").execute(Tuple.of(tenant)).await();
            long cursor = conn.preparedQuery("SELECT last_seq FROM atrium.workflow_cursor WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().iterator().next().getLong(0);
            long last = cursor;
            int jobs = 0;
            for (Row r : conn.preparedQuery("SELECT id, seq, action, entity, record_id, actor, changes FROM atrium.audit_log WHERE tenant_id = $1 AND seq > $2 "
                    + "AND action IN ('create', 'update', 'delete') ORDER BY seq LIMIT 1000").execute(Tuple.of(tenant, cursor)).await()) {
                last = Math.max(last, r.getLong("seq"));
                if (!any || ACTOR.equals(r.getUUID("actor"))) continue;
                EntityDef e = snap.entity(r.getString("entity")).orElse(null);
                if (e == null) continue;
                for (WorkflowDef w : e.workflows()) {
                    if (!triggers(w, r)) continue;
                    JsonObject payload = new JsonObject().put("entity", e.name()).put("workflow", w.id()).put("record", r.getUUID("record_id").toString())
                            .put("action", r.getString("action")).put("auditId", r.getLong("id"));
                    jobs += conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) VALUES ($1, 'workflow', $2, $3) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(tenant, payload, "wf:" + w.id() + ":" + r.getLong("seq"))).await().rowCount();
                }
            }
            if (last > cursor) {
                conn.preparedQuery("UPDATE atrium.workflow_cursor SET last_seq = $2 WHERE tenant_id = $1").execute(Tuple.of(tenant, last)).await();
            }
            return jobs;
        });
    }

    private static boolean triggers(WorkflowDef w, Row r) {
        String action = r.getString("action");
        if (!w.on().contains(action)) return false;
        if (!action.equals("update") || w.fields().isEmpty()) return true;
        JsonObject changes = r.getJsonObject("changes");
        return changes != null && w.fields().stream().anyMatch(changes::containsKey);
    }
}
