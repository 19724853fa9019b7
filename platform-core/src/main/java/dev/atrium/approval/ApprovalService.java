package dev.atrium.approval;

import dev.atrium.access.Access;
import dev.atrium.access.RecordSharing;
import dev.atrium.audit.AuditLog;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.ApprovalDef;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;

/**
 * Approval requests: submit, approve or reject with a comment, history. Eligible approvers of a step are
 * resolved when they act (so role changes apply at once). Decisions, step moves and the record's final
 * values commit in one transaction; every decision is audited. Awaits: virtual threads only.
 */
public final class ApprovalService {
    private final Pool pool;
    private final RecordService records;
    private volatile dev.atrium.inbox.Inbox inbox;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    /** Where reminders and escalations are delivered. */
    public void setInbox(dev.atrium.inbox.Inbox inbox) {
        this.inbox = inbox;
    }

    /** The clock deadlines are measured by (tests move it). */
    public void setClock(java.time.Clock clock) {
        this.clock = clock;
    }

    private final dev.atrium.tenant.TenantService tenants;
    private final dev.atrium.metadata.MetadataRegistry metadata;

    public ApprovalService(
            Pool pool,
            RecordService records,
            dev.atrium.tenant.TenantService tenants,
            dev.atrium.metadata.MetadataRegistry metadata) {
        this.pool = pool;
        this.records = records;
        this.tenants = tenants;
        this.metadata = metadata;
    }

    public JsonObject submit(RecordContext ctx, EntityDef e, UUID id, String process, String comment) {
        return Tx.run(pool, conn -> submit(conn, ctx, e, id, process, comment));
    }

    /** Submits inside the caller's transaction (a workflow's approval action). */
    public JsonObject submit(SqlClient conn, RecordContext ctx, EntityDef e, UUID id, String process, String comment) {
        ApprovalDef def = process(e, process);
        if (!ctx.access().can(e, "edit") || !new RecordSharing(pool).admits(ctx, e, id, true)) {
            throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id + " you can change");
        }
        try {
            {
                Row r = conn.preparedQuery("INSERT INTO atrium.approvals (tenant_id, entity, record_id, process, "
                                + "submitted_by, comment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                        .execute(Tuple.of(
                                ctx.tenant().id(),
                                e.name(),
                                id,
                                def.name(),
                                ctx.principal().userId(),
                                comment))
                        .await()
                        .iterator()
                        .next();
                AuditLog.append(
                        conn,
                        ctx,
                        "approval",
                        e.name(),
                        id,
                        new JsonObject().put("submitted", def.name()).put("comment", comment));
                return new JsonObject()
                        .put("id", r.getLong("id"))
                        .put("status", "pending")
                        .put("step", def.steps().get(0).name());
            }
        } catch (PgException ex) {
            if ("23505".equals(ex.getSqlState()))
                throw ApiProblem.conflict(
                        "approval-pending", "this " + e.displayName() + " already has a pending approval");
            throw ex;
        }
    }

    /** Approves or rejects the current step as the caller; 403 if they are not one of its approvers. */
    public JsonObject decide(RecordContext ctx, long approvalId, boolean approve, String comment) {
        return Tx.run(pool, conn -> {
            var rows = conn.preparedQuery("SELECT id, entity, record_id, process, step, status, submitted_by, "
                            + "escalated_step FROM atrium.approvals WHERE id = $1 AND tenant_id = $2 "
                            + "FOR UPDATE")
                    .execute(Tuple.of(approvalId, ctx.tenant().id()))
                    .await();
            Row a = rows.size() == 0 ? null : rows.iterator().next();
            if (a == null) throw ApiProblem.notFound("no approval " + approvalId);
            if (!a.getString("status").equals("pending"))
                throw ApiProblem.conflict("approval-decided", "this approval was already " + a.getString("status"));
            EntityDef e = ctx.snapshot()
                    .entity(a.getString("entity"))
                    .orElseThrow(() -> ApiProblem.notFound("the entity no longer exists"));
            ApprovalDef def = process(e, a.getString("process"));
            int step = a.getInteger("step");
            ApprovalDef.Step s = def.steps().get(step);
            Set<UUID> eligible =
                    Approvers.of(conn, ctx, s, a.getUUID("submitted_by"), a.getInteger("escalated_step") == step);
            if (!eligible.contains(ctx.principal().userId()))
                throw ApiProblem.forbidden("you are not an approver of step \"" + s.name() + "\"");
            conn.preparedQuery("INSERT INTO atrium.approval_decisions (approval_id, step, user_id, decision, "
                            + "comment) VALUES ($1, $2, $3, $4, $5) "
                            + "ON CONFLICT (approval_id, step, user_id) DO UPDATE SET decision = "
                            + "EXCLUDED.decision, comment = EXCLUDED.comment, decided_at = now()")
                    .execute(Tuple.of(
                            approvalId, step, ctx.principal().userId(), approve ? "approve" : "reject", comment))
                    .await();
            UUID recordId = a.getUUID("record_id");
            AuditLog.append(
                    conn,
                    ctx,
                    "approval",
                    e.name(),
                    recordId,
                    new JsonObject()
                            .put(approve ? "approved" : "rejected", s.name())
                            .put("comment", comment));
            String status = "pending";
            if (!approve) {
                status = "rejected";
            } else {
                boolean stepDone = s.mode().equals("any")
                        || conn.preparedQuery("SELECT count(*) FROM atrium.approval_decisions WHERE "
                                                + "approval_id = $1 AND step = $2 AND decision = "
                                                + "'approve' AND user_id = ANY($3)")
                                        .execute(Tuple.of(approvalId, step, eligible.toArray(new UUID[0])))
                                        .await()
                                        .iterator()
                                        .next()
                                        .getLong(0)
                                >= eligible.size();
                if (stepDone) {
                    if (step + 1 < def.steps().size()) {
                        conn.preparedQuery("UPDATE atrium.approvals SET step = step + 1, step_started_at = $2 "
                                        + "WHERE id = $1")
                                .execute(Tuple.of(approvalId, java.time.OffsetDateTime.now(clock)))
                                .await();
                        step++;
                    } else {
                        status = "approved";
                    }
                }
            }
            if (!status.equals("pending")) {
                conn.preparedQuery("UPDATE atrium.approvals SET status = $2, decided_at = now() WHERE id = $1")
                        .execute(Tuple.of(approvalId, status))
                        .await();
                var values = status.equals("approved") ? def.onApprove() : def.onReject();
                if (!values.isEmpty()) {
                    Principal system = new Principal(
                            ctx.principal().userId(),
                            ctx.tenant().id(),
                            ctx.principal().email(),
                            ctx.principal().displayName(),
                            true,
                            "en",
                            null);
                    records.updateIn(
                            conn,
                            new RecordContext(
                                    ctx.tenant(), system, ctx.snapshot(), Access.FULL, ctx.ip(), ctx.userAgent()),
                            e,
                            recordId,
                            new JsonObject(new java.util.LinkedHashMap<>(values)));
                }
            }
            return new JsonObject()
                    .put("id", approvalId)
                    .put("status", status)
                    .put(
                            "step",
                            status.equals("pending") ? def.steps().get(step).name() : null);
        });
    }

    /** Requests (pending first) of one record, with every decision. */
    /** The record's approvals and decisions, for those who may read the record (404 for anyone else). */
    public JsonArray history(RecordContext ctx, EntityDef e, UUID id) {
        if (!ctx.access().can(e, "read") || !new RecordSharing(pool).admits(ctx, e, id, false)) {
            throw ApiProblem.notFound("there is no " + e.displayName() + " with id " + id);
        }
        JsonArray out = new JsonArray();
        for (Row a : pool.preparedQuery(
                        "SELECT id, process, step, status, submitted_by, comment, submitted_at, decided_at "
                                + "FROM atrium.approvals "
                                + "WHERE tenant_id = $1 AND entity = $2 AND record_id = $3 ORDER BY id DESC")
                .execute(Tuple.of(ctx.tenant().id(), e.name(), id))
                .await()) {
            JsonArray decisions = new JsonArray();
            for (Row d : pool.preparedQuery("SELECT step, user_id, decision, comment, decided_at FROM "
                            + "atrium.approval_decisions WHERE approval_id = $1 ORDER BY decided_at")
                    .execute(Tuple.of(a.getLong("id")))
                    .await()) {
                decisions.add(new JsonObject()
                        .put("step", d.getInteger("step"))
                        .put("user", d.getUUID("user_id").toString())
                        .put("decision", d.getString("decision"))
                        .put("comment", d.getString("comment"))
                        .put("at", d.getOffsetDateTime("decided_at").toString()));
            }
            out.add(new JsonObject()
                    .put("id", a.getLong("id"))
                    .put("process", a.getString("process"))
                    .put("step", a.getInteger("step"))
                    .put("status", a.getString("status"))
                    .put("submittedBy", a.getUUID("submitted_by").toString())
                    .put("comment", a.getString("comment"))
                    .put("submittedAt", a.getOffsetDateTime("submitted_at").toString())
                    .put("decisions", decisions));
        }
        return out;
    }

    /** Pending requests whose current step the caller may decide. */
    public JsonArray mine(RecordContext ctx) {
        JsonArray out = new JsonArray();
        for (Row a : pool.preparedQuery(
                        "SELECT id, entity, record_id, process, step, submitted_by, escalated_step FROM "
                                + "atrium.approvals WHERE tenant_id = $1 AND status = 'pending' ORDER BY id")
                .execute(Tuple.of(ctx.tenant().id()))
                .await()) {
            EntityDef e = ctx.snapshot().entity(a.getString("entity")).orElse(null);
            if (e == null) continue;
            ApprovalDef def = e.approvals().stream()
                    .filter(x -> x.name().equals(a.getString("process")))
                    .findFirst()
                    .orElse(null);
            if (def == null || a.getInteger("step") >= def.steps().size()) continue;
            if (Approvers.of(
                            pool,
                            ctx,
                            def.steps().get(a.getInteger("step")),
                            a.getUUID("submitted_by"),
                            a.getInteger("escalated_step").equals(a.getInteger("step")))
                    .contains(ctx.principal().userId())) {
                out.add(new JsonObject()
                        .put("id", a.getLong("id"))
                        .put("entity", e.name())
                        .put("recordId", a.getUUID("record_id").toString())
                        .put("process", def.name())
                        .put("step", def.steps().get(a.getInteger("step")).name()));
            }
        }
        return out;
    }

    /** Whether a record is locked by a pending approval. */
    public boolean locked(SqlClient db, UUID tenant, EntityDef e, UUID id) {
        if (e.approvals().isEmpty()) return false;
        return db.preparedQuery("SELECT 1 FROM atrium.approvals WHERE tenant_id = $1 AND entity = $2 AND "
                                + "record_id = $3 AND status = 'pending'")
                        .execute(Tuple.of(tenant, e.name(), id))
                        .await()
                        .size()
                > 0;
    }

    /**
     * Reminders and escalations of late steps, for every tenant: one pass of the background loop (see
     * {@link ApprovalDeadlines}). Returns how many requests it acted on.
     */
    public int deadlines() {
        return new ApprovalDeadlines(pool, tenants, metadata, inbox, clock).run();
    }

    private static ApprovalDef process(EntityDef e, String name) {
        return e.approvals().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound(e.name() + " has no approval process \"" + name + "\""));
    }
}
