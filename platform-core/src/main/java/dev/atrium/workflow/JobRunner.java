package dev.atrium.workflow;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.model.WorkflowDef;
import dev.atrium.metadata.query.QueryCompiler;
import dev.atrium.metadata.sql.Sql;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs from the durable queue. A job is claimed with {@code FOR UPDATE SKIP LOCKED} (several nodes
 * can share the queue; no job runs twice at once) and a claim that outlives its lease (a crashed node) is
 * taken again. A workflow job's actions and the job's completion commit in ONE transaction, so a side
 * effect happens exactly once however often the job is retried. Failures retry with exponential backoff
 * and end as {@code dead} after {@code max_attempts}; the jobs API shows them and runs them again.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final int LEASE_SECONDS = 60;

    /** Runs inside a job's transaction just before it commits; tests inject failures here. */
    @FunctionalInterface
    public interface BeforeCommit {
        void check(long jobId, int attempt) throws Exception;
    }

    private final Pool pool;
    private final MetadataRegistry metadata;
    private final TenantService tenants;
    private final RecordService records;
    private final QueryCompiler compiler;
    private final FieldTypeRegistry types;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile BeforeCommit beforeCommit = (id, attempt) -> {};

    private final Webhooks webhooks;
    private final dev.atrium.inbox.Inbox inbox;
    private final dev.atrium.approval.ApprovalService approvals;
    private volatile dev.atrium.rules.RuleEngine rules;

    private volatile dev.atrium.plugins.PluginServices plugins;

    /** Where plugin jobs and plugin workflow actions run. */
    public void setPlugins(dev.atrium.plugins.PluginServices services) {
        this.plugins = services;
    }

    /** The engine after-commit scripts run in. */
    private volatile Recipients recipients;

    /** Who may read what, for filling notifications with only what their recipient may read. */
    public void setAccess(dev.atrium.auth.AuthService auth, dev.atrium.access.AccessService access) {
        this.recipients = new Recipients(pool, auth, access);
        this.reports = new ReportMail(pool, metadata, tenants, auth, access, inbox, types);
        this.imports = new dev.atrium.imports.Imports(pool, records, auth, access, tenants, metadata);
    }

    private volatile ReportMail reports;
    private volatile dev.atrium.imports.Imports imports;

    public void setRuleEngine(dev.atrium.rules.RuleEngine engine) {
        this.rules = engine;
    }

    public JobRunner(
            Pool pool,
            MetadataRegistry metadata,
            TenantService tenants,
            RecordService records,
            FieldTypeRegistry types,
            Webhooks webhooks,
            dev.atrium.inbox.Inbox inbox,
            dev.atrium.approval.ApprovalService approvals) {
        this.approvals = approvals;
        this.webhooks = webhooks;
        this.inbox = inbox;
        this.pool = pool;
        this.metadata = metadata;
        this.tenants = tenants;
        this.records = records;
        this.compiler = new QueryCompiler(types);
        this.types = types;
    }

    public void setBeforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook == null ? (id, attempt) -> {} : hook;
    }

    /** Claims and runs ready jobs until none is left; returns how many ran. Awaits: virtual thread only. */
    public int runReady() {
        int ran = 0;
        while (!stopping) {
            List<Row> claimed = new ArrayList<>();
            for (Row r : pool.preparedQuery("UPDATE atrium.jobs SET status = 'running', attempts = attempts + 1, "
                            + "locked_by = $1, locked_until = now() + $2 * interval '1 second' WHERE id IN (SELECT "
                            + "id FROM atrium.jobs WHERE (status = 'pending' AND run_at <= now()) OR (status = "
                            + "'running' AND locked_until < now()) ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED) "
                            + "RETURNING id, tenant_id, kind, payload, attempts, max_attempts")
                    .execute(Tuple.of(node, LEASE_SECONDS))
                    .await()) {
                claimed.add(r);
            }
            if (claimed.isEmpty()) return ran;
            for (int i = 0; i < claimed.size(); i++) {
                if (stopping) {
                    release(claimed.subList(i, claimed.size()));
                    return ran;
                }
                Row job = claimed.get(i);
                // what the job logs (and the webhooks it sends) carry the request that started it
                String request = job.getJsonObject("payload").getString("requestId");
                org.slf4j.MDC.put(
                        dev.atrium.internal.LogSetup.REQUEST_ID,
                        request != null ? request : "job-" + job.getLong("id"));
                org.slf4j.MDC.put(dev.atrium.internal.LogSetup.TENANT, String.valueOf(job.getUUID("tenant_id")));
                try {
                    run(job);
                } finally {
                    org.slf4j.MDC.clear();
                }
                ran++;
            }
        }
        return ran;
    }

    /** The drain: the job in flight finishes, no further job starts (those claimed go back to the queue). */
    public void stopClaiming() {
        stopping = true;
    }

    private volatile boolean stopping;

    /** This runner's name in {@code atrium.jobs.locked_by}. */
    public String node() {
        return node;
    }

    /** Gives claimed jobs that never started back to the queue, as they were: no lease to wait out. */
    private void release(List<Row> jobs) {
        List<Long> ids = jobs.stream().map(r -> r.getLong("id")).toList();
        pool.preparedQuery("UPDATE atrium.jobs SET status = 'pending', attempts = attempts - 1, locked_by = NULL, "
                        + "locked_until = NULL WHERE id = ANY($1) AND locked_by = $2 AND status = 'running'")
                .execute(Tuple.of(ids.toArray(Long[]::new), node))
                .await();
        LOG.info("stopping: {} claimed job(s) given back to the queue", ids.size());
    }

    private void run(Row job) {
        long id = job.getLong("id");
        int attempt = job.getInteger("attempts");
        try {
            Tx.run(pool, conn -> {
                JsonObject result = switch (job.getString("kind")) {
                    case "workflow" -> workflow(conn, job.getUUID("tenant_id"), job.getJsonObject("payload"));
                    case "script" ->
                        new AfterCommitRules(tenants, metadata, records, rules)
                                .run(conn, job.getUUID("tenant_id"), job.getJsonObject("payload"));
                    case "plugin" -> plugins.runJob(job.getUUID("tenant_id"), job.getJsonObject("payload"));
                    case "report" -> reports.deliver(job.getUUID("tenant_id"), job.getJsonObject("payload"), plugins);
                    case "import" -> imports.job(job.getUUID("tenant_id"), job.getJsonObject("payload"));
                    default -> throw new IllegalStateException("unknown job kind " + job.getString("kind"));
                };
                beforeCommit.check(id, attempt);
                conn.preparedQuery("UPDATE atrium.jobs SET status = 'done', finished_at = now(), result = $2, "
                                + "locked_by = NULL, locked_until = NULL, last_error = NULL WHERE id = $1")
                        .execute(Tuple.of(id, result))
                        .await();
                return null;
            });
        } catch (Exception e) {
            boolean dead = attempt >= job.getInteger("max_attempts");
            long backoff = Math.min(3600, (long) Math.pow(2, attempt));
            LOG.info(
                    "job {} failed (attempt {}{}): {}",
                    id,
                    attempt,
                    dead ? ", giving up" : ", retrying in " + backoff + " s",
                    e.getMessage());
            pool.preparedQuery("UPDATE atrium.jobs SET status = $2, run_at = now() + $3 * interval '1 second', "
                            + "last_error = $4, locked_by = NULL, locked_until = NULL WHERE id = $1")
                    .execute(Tuple.of(id, dead ? "dead" : "pending", (int) backoff, String.valueOf(e.getMessage())))
                    .await();
        }
    }

    private JsonObject workflow(SqlConnection conn, UUID tenantId, JsonObject payload)
            throws dev.atrium.rules.RuleEngine.RuleFailure {
        Tenant tenant = tenants.byId(tenantId);
        MetadataSnapshot snap = metadata.snapshot(tenantId);
        EntityDef e = snap.entity(payload.getString("entity"))
                .orElseThrow(
                        () -> new IllegalStateException("entity " + payload.getString("entity") + " no longer exists"));
        WorkflowDef w = e.workflows().stream()
                .filter(x -> x.id().equals(payload.getString("workflow")))
                .findFirst()
                .orElse(null);
        if (w == null) return new JsonObject().put("skipped", "the workflow was removed");
        UUID recordId = UUID.fromString(payload.getString("record"));
        Principal actor =
                new Principal(WorkflowDispatcher.ACTOR, tenantId, "workflow", "Workflow " + w.name(), true, "en", null);
        RecordContext ctx = new RecordContext(tenant, actor, snap, Access.FULL);
        if (w.condition() != null && !matches(conn, tenant, snap, e, recordId, w.condition())) {
            return new JsonObject().put("skipped", "the record does not match the condition");
        }
        JsonObject record = records.load(conn, ctx, e, recordId);
        if (record == null) return new JsonObject().put("skipped", "the record is gone");
        if (w.conditionScript() != null) {
            var outcome = rules.run(
                    tenantId,
                    e.name() + ".workflow." + w.name(),
                    w.conditionScript(),
                    record,
                    null,
                    new JsonObject()
                            .put("id", actor.userId().toString())
                            .put("email", "workflow")
                            .put("name", actor.displayName())
                            .put("locale", "en"));
            if (!Boolean.TRUE.equals(outcome.result()))
                return new JsonObject().put("skipped", "the condition script did not return true");
        }
        JsonArray done = new JsonArray();
        for (int index = 0; index < w.actions().size(); index++) {
            WorkflowDef.Action a = w.actions().get(index);
            JsonObject values = ActionValues.fill(a.values(), record);
            switch (a.type()) {
                case "plugin" -> {
                    String key = "wf-" + w.id() + "-" + index + "-" + payload.getString("record") + "-"
                            + payload.getValue("auditId", payload.getValue("due", payload.getValue("fire", "")));
                    JsonObject result = plugins.runAction(tenant, a.plugin(), e.name(), record, values, key);
                    done.add(new JsonObject().put("plugin", a.plugin()).put("result", result));
                }
                case "assign" -> done.add(Assignments.assign(conn, ctx, e, recordId, w.id(), index, values));
                case "update" -> {
                    records.updateIn(conn, ctx, e, recordId, values);
                    done.add(new JsonObject().put("updated", recordId.toString()));
                }
                case "create" -> {
                    EntityDef target = snap.entity(a.entity())
                            .orElseThrow(() -> new IllegalStateException("entity " + a.entity() + " no longer exists"));
                    Object ownerValue = values.remove("owner_id");
                    UUID owner = null;
                    try {
                        owner = UUID.fromString(
                                String.valueOf(ownerValue != null ? ownerValue : record.getString("owner_id")));
                    } catch (RuntimeException ex) {
                        // no usable owner: the workflow keeps the record
                    }
                    done.add(new JsonObject()
                            .put(
                                    "created",
                                    records.createIn(conn, ctx, target, values, owner)
                                            .getString("id"))
                            .put("entity", target.name()));
                }
                case "approval" -> {
                    String owner = record.getString("owner_id");
                    Principal submitter = new Principal(
                            owner == null ? WorkflowDispatcher.ACTOR : UUID.fromString(owner),
                            tenantId,
                            "workflow",
                            "Workflow " + w.name(),
                            true,
                            "en",
                            null);
                    JsonObject started = approvals.submit(
                            conn,
                            new RecordContext(tenant, submitter, snap, Access.FULL),
                            e,
                            recordId,
                            values.getString("process"),
                            values.getString("comment", "started by workflow " + w.name()));
                    done.add(new JsonObject().put("approval", started.getLong("id")));
                }
                case "notify" -> {
                    for (UUID user : recipients(conn, tenantId, a.values(), record)) {
                        // the message is filled with what its recipient may read, nothing more
                        JsonObject seen = recipients.readable(tenant, snap, e, record, user);
                        JsonObject message = ActionValues.fill(a.values(), seen);
                        long n = inbox.notify(
                                conn,
                                tenantId,
                                user,
                                message.getString("title", w.name()),
                                message.getString("body"),
                                e.name(),
                                recordId);
                        done.add(new JsonObject()
                                .put("notified", user.toString())
                                .put("notification", n));
                    }
                }
                case "webhook" -> {
                    JsonObject body = new JsonObject()
                            .put("workflow", w.name())
                            .put("entity", e.name())
                            .put("event", payload.getString("action"))
                            .put("record", record);
                    try {
                        done.add(new JsonObject()
                                .put("webhook", a.url())
                                .put(
                                        "status",
                                        webhooks.send(
                                                tenant,
                                                a.url(),
                                                body,
                                                "job-" + payload.getLong("auditId", 0L) + "-" + w.id())));
                    } catch (SsrfGuard.Refused r) {
                        throw new IllegalStateException("webhook refused: " + r.getMessage());
                    }
                }
                default -> throw new IllegalStateException("unknown action " + a.type());
            }
        }
        return new JsonObject().put("actions", done);
    }

    /** A notification's recipients: {@code user} (an id or {@code {{owner_id}}}), or the users of {@code role}. */
    private static List<UUID> recipients(
            SqlConnection conn, UUID tenant, Map<String, Object> values, JsonObject record) {
        if (values.get("role") instanceof String role) {
            List<UUID> users = new ArrayList<>();
            for (var r : conn.preparedQuery("SELECT u.id FROM atrium.users u JOIN atrium.roles r ON r.id = u.role_id"
                            + " WHERE u.tenant_id = $1 AND r.tenant_id = $1 AND r.name = $2 AND u.active ORDER BY u.id")
                    .execute(Tuple.of(tenant, role))
                    .await()) users.add(r.getUUID("id"));
            return users;
        }
        String who = ActionValues.fill(values, record).getString("user", record.getString("owner_id"));
        UUID user;
        try {
            user = UUID.fromString(who);
        } catch (RuntimeException ex) {
            throw new IllegalStateException("notify needs \"user\": a user id or {{owner_id}}, or \"role\"");
        }
        // a record owned by an integration or a plugin (a service principal) has nobody to tell
        boolean person = conn.preparedQuery("SELECT 1 FROM atrium.users WHERE id = $1 AND tenant_id = $2 AND active")
                        .execute(Tuple.of(user, tenant))
                        .await()
                        .size()
                > 0;
        return person ? List.of(user) : List.of();
    }

    private boolean matches(
            SqlConnection conn, Tenant t, MetadataSnapshot snap, EntityDef e, UUID id, String condition) {
        List<Object> params = new ArrayList<>(List.of(id));
        String cond = compiler.condition(t.schema(), snap, e, condition, "t", params, LocalDate.now(ZoneOffset.UTC));
        return conn.preparedQuery("SELECT 1 FROM " + Sql.table(t.schema(), e.name()) + " t WHERE t.\"id\" = $1 AND ("
                                + cond + ")")
                        .execute(Tuple.wrap(params))
                        .await()
                        .size()
                > 0;
    }
}
