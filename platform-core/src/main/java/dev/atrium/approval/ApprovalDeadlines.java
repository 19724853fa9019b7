package dev.atrium.approval;

import dev.atrium.access.Access;
import dev.atrium.audit.AuditLog;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.inbox.Inbox;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.ApprovalDef;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.UUID;

/** One pass over late approval steps: reminders and escalations, each once per step. */
final class ApprovalDeadlines {
    private final Pool pool;
    private final TenantService tenants;
    private final MetadataRegistry metadata;
    private final Inbox inbox;
    private final Clock clock;

    ApprovalDeadlines(Pool pool, TenantService tenants, MetadataRegistry metadata, Inbox inbox, Clock clock) {
        this.pool = pool;
        this.tenants = tenants;
        this.metadata = metadata;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Reminders and escalations of late steps, for every tenant: one pass of the background loop. A
     * reminder goes to the step's approvers once; an escalation lets the step's {@code escalateTo} role
     * decide too, notifies its users and is audited. Both happen once per step (the row records it, in
     * the same transaction as the notifications). Returns how many requests it acted on.
     */
    int run() {
        int acted = 0;
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(clock);
        for (Row a : pool.preparedQuery(
                        "SELECT a.id, a.tenant_id, a.entity, a.record_id, a.process, a.step, a.submitted_by, "
                                + "a.step_started_at, a.reminded_step, "
                                + "a.escalated_step FROM atrium.approvals a WHERE a.status = 'pending' AND "
                                + "(a.reminded_step < a.step OR a.escalated_step < a.step) ORDER BY "
                                + "a.id LIMIT 1000")
                .execute()
                .await()) {
            acted += Tx.run(pool, conn -> deadline(conn, a, now));
        }
        return acted;
    }

    private int deadline(SqlConnection conn, Row listed, java.time.OffsetDateTime now) {
        // re-read under a row lock: another node (or this node's loop) may have acted since the list was read
        var locked = conn.preparedQuery("SELECT id, tenant_id, entity, record_id, process, step, submitted_by, "
                        + "step_started_at, reminded_step, escalated_step "
                        + "FROM atrium.approvals WHERE id = $1 AND status = 'pending' FOR UPDATE")
                .execute(Tuple.of(listed.getLong("id")))
                .await();
        if (locked.size() == 0) return 0;
        Row a = locked.iterator().next();
        dev.atrium.tenant.Tenant tenant = tenants.byId(a.getUUID("tenant_id"));
        var snap = metadata.snapshot(tenant.id());
        EntityDef e = snap.entity(a.getString("entity")).orElse(null);
        ApprovalDef def = e == null
                ? null
                : e.approvals().stream()
                        .filter(x -> x.name().equals(a.getString("process")))
                        .findFirst()
                        .orElse(null);
        int step = a.getInteger("step");
        if (def == null || step >= def.steps().size()) return 0;
        ApprovalDef.Step s = def.steps().get(step);
        long waited = java.time.Duration.between(a.getOffsetDateTime("step_started_at"), now)
                .toHours();
        Principal system = new Principal(
                dev.atrium.workflow.WorkflowDispatcher.ACTOR, tenant.id(), "approvals", "Approvals", true, "en", null);
        RecordContext ctx = new RecordContext(tenant, system, snap, Access.FULL);
        int acted = 0;
        String what = e.displayName() + " \u2014 " + def.name() + " / " + s.name();
        if (s.remindAfterHours() != null && a.getInteger("reminded_step") < step && waited >= s.remindAfterHours()) {
            for (UUID u : Approvers.of(conn, ctx, s, a.getUUID("submitted_by"), false)) {
                inbox.notify(
                        conn,
                        tenant.id(),
                        u,
                        "Reminder: approval waiting for you",
                        what,
                        e.name(),
                        a.getUUID("record_id"));
            }
            conn.preparedQuery("UPDATE atrium.approvals SET reminded_step = $2 WHERE id = $1")
                    .execute(Tuple.of(a.getLong("id"), step))
                    .await();
            acted = 1;
        }
        if (s.escalateAfterHours() != null
                && s.escalateTo() != null
                && a.getInteger("escalated_step") < step
                && waited >= s.escalateAfterHours()) {
            for (UUID u : Approvers.roleUsers(conn, tenant.id(), s.escalateTo())) {
                inbox.notify(
                        conn, tenant.id(), u, "Escalated: approval overdue", what, e.name(), a.getUUID("record_id"));
            }
            conn.preparedQuery("UPDATE atrium.approvals SET escalated_step = $2 WHERE id = $1")
                    .execute(Tuple.of(a.getLong("id"), step))
                    .await();
            AuditLog.append(
                    conn,
                    tenant.id(),
                    system.userId(),
                    null,
                    null,
                    "approval",
                    e.name(),
                    a.getUUID("record_id"),
                    new JsonObject()
                            .put("escalated", s.name())
                            .put("to", s.escalateTo())
                            .put("afterHours", waited));
            acted = 1;
        }
        return acted;
    }
}
