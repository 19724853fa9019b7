package dev.atrium.deploy;

import dev.atrium.audit.AuditLog;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.ddl.DdlWriter;
import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.IdAssigner;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.diff.SchemaDiff;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.metadata.validate.MetadataValidator;
import dev.atrium.metadata.validate.Problem;
import dev.atrium.rules.RuleEngine;
import dev.atrium.schema.SchemaMigrator;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata deployments: validate, diff against the live version, then (unless a dry run) apply the DDL
 * and record the new version in ONE transaction, serialized per tenant by an advisory lock, with a
 * {@code lock_timeout} so a long-running query cannot stall the table forever; a lock timeout is retried.
 * A failure anywhere changes nothing. Methods await: virtual threads only.
 */
public final class DeploymentService {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    private static final int ATTEMPTS = 4;

    private final Pool pool;
    private final MetadataRegistry registry;
    private final SchemaMigrator migrator;
    private final MetadataValidator validator;
    private final SchemaDiff diff;
    private final DeploymentChecks checks;
    private final AsideObjects aside;
    private final DeploymentHistory history;

    public DeploymentService(
            Pool pool, MetadataRegistry registry, SchemaMigrator migrator, FieldTypeRegistry types, RuleEngine rules) {
        this.pool = pool;
        this.registry = registry;
        this.migrator = migrator;
        this.validator = new MetadataValidator(types);
        this.diff = new SchemaDiff(types);
        this.checks = new DeploymentChecks(rules);
        this.aside = new AsideObjects(pool, migrator);
        this.history = new DeploymentHistory(pool);
    }

    /**
     * Checks plugin actions in workflows at deployment (tenant, "plugin/action"): returns a refusal message or null.
     */
    public void setActionCheck(BiFunction<UUID, String, String> check) {
        checks.setActionCheck(check);
    }

    /** Checks outbound URLs in metadata (webhooks) at deployment: returns a refusal message or null. */
    public void setUrlCheck(Function<String, String> check) {
        checks.setUrlCheck(check);
    }

    public io.vertx.sqlclient.Pool pool() {
        return pool;
    }

    public AsideObjects aside() {
        return aside;
    }

    public DeploymentHistory history() {
        return history;
    }

    public JsonObject deploy(Tenant tenant, DeploymentRequest req) {
        MetadataValidator.Result parsed = validate(registry.snapshot(tenant.id()), req);
        if (!parsed.ok()) throw DeploymentProblems.invalid(parsed.problems(), req);
        if (req.dryRun()) return Tx.run(pool, conn -> plan(conn, tenant, req, parsed.entities(), false));
        JsonObject result = transaction(tenant, conn -> plan(conn, tenant, req, parsed.entities(), true));
        if (result.getBoolean("applied", false)) committed(tenant);
        return result;
    }

    /**
     * Runs {@code work} in one transaction holding the tenant's deployment lock (what a deployment holds),
     * with the same {@code lock_timeout}, retried when a table lock took too long. For changes that deploy
     * metadata among other work (packages): call {@link #applyIn} inside, then {@link #committed} after.
     */
    public <T> T transaction(Tenant tenant, Tx.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Tx.run(pool, conn -> {
                    lock(conn, tenant);
                    return work.run(conn);
                });
            } catch (PgException e) {
                if (!"55P03".equals(e.getSqlState()) || attempt == ATTEMPTS) throw e;
                LOG.info(
                        "deployment for {} waited too long for a table lock (attempt {}); retrying",
                        tenant.slug(),
                        attempt);
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Validates and deploys (or, for a dry run, plans) inside the caller's {@link #transaction}. The caller
     * calls {@link #committed} once the transaction has committed.
     */
    public JsonObject applyIn(SqlConnection conn, Tenant tenant, DeploymentRequest req) throws Exception {
        MetadataValidator.Result parsed = validate(MetadataStore.latest(conn, tenant.id()), req);
        if (!parsed.ok()) throw DeploymentProblems.invalid(parsed.problems(), req);
        return plan(conn, tenant, req, parsed.entities(), !req.dryRun());
    }

    /** After a transaction that deployed committed: this node serves the new version at once. */
    public void committed(Tenant tenant) {
        registry.install(tenant.id(), MetadataStore.latest(pool, tenant.id()));
    }

    /** Takes the tenant's deployment lock in the caller's transaction (held until it ends). */
    public void lockIn(SqlConnection conn, Tenant tenant) {
        lock(conn, tenant);
    }

    private static void lock(SqlConnection conn, Tenant tenant) {
        conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
                .execute(Tuple.of(tenant.id().toString()))
                .await();
        conn.query("SET LOCAL lock_timeout = '3s'").execute().await();
    }

    /** Deploys the documents of an earlier version as the complete metadata. */
    public JsonObject rollback(Tenant tenant, long toVersion, boolean dryRun, boolean confirmDataLoss, UUID actor) {
        MetadataSnapshot old = MetadataStore.version(pool, tenant.id(), toVersion);
        if (old == null) throw ApiProblem.notFound("there is no metadata version " + toVersion);
        List<MetadataDocument> docs = new ArrayList<>();
        for (EntityDef e : old.entities()) {
            docs.add(new MetadataDocument(
                    e.name(), MetadataReader.parse(MetadataWriter.json(MetadataWriter.entity(e, null, true)))));
        }
        return deploy(tenant, new DeploymentRequest(docs, true, List.of(), dryRun, confirmDataLoss, actor));
    }

    /**
     * Validates the request. In merge mode the live entities the request leaves alone are part of the
     * picture (a new lookup may point at one of them); only the requested entities are returned.
     */
    private MetadataValidator.Result validate(MetadataSnapshot live, DeploymentRequest req) {
        if (req.replace()) return validator.validate(req.documents());
        Set<String> named = new HashSet<>(req.remove());
        for (var d : req.documents()) {
            var n = d.json() == null ? null : d.json().get("name");
            if (n != null && n.isString()) named.add(n.asString());
        }
        List<MetadataDocument> all = new ArrayList<>(req.documents());
        Set<String> context = new HashSet<>();
        for (EntityDef e : live.entities()) {
            if (named.contains(e.name())) continue;
            context.add(e.name());
            all.add(new MetadataDocument(
                    "(live) " + e.name(), MetadataReader.parse(Json.encode(MetadataWriter.entity(e, null, true)))));
        }
        MetadataValidator.Result r = validator.validate(all);
        if (!r.ok() || context.isEmpty()) return r;
        return new MetadataValidator.Result(
                r.entities().stream().filter(e -> !context.contains(e.name())).toList(), r.problems());
    }

    private JsonObject plan(
            SqlConnection conn, Tenant tenant, DeploymentRequest req, List<EntityDef> incoming, boolean apply)
            throws Exception {
        if (apply) lock(conn, tenant);
        MetadataSnapshot live = MetadataStore.latest(conn, tenant.id());
        List<EntityDef> assigned =
                checks.resolve(conn, new IdAssigner(Ids::metadataId).assign(incoming, live), live, req, tenant.id());
        List<EntityDef> wanted = merge(live, assigned, req);
        List<Problem> problems = validator.checkMeaning(wanted);
        if (!problems.isEmpty()) throw DeploymentProblems.invalid(problems, req);

        MigrationPlan plan =
                diff.diff(live.entities(), wanted, AsideObjects.ids(conn, tenant), AsideObjects.entities(conn, tenant));
        if (!plan.problems().isEmpty()) throw DeploymentProblems.invalid(plan.problems(), req);
        MetadataSnapshot next = MetadataSnapshot.of(live.version() + 1, wanted);
        JsonArray docs = MetadataStore.documents(next);
        var differences = MetadataChanges.between(live.entities(), wanted);
        boolean unchanged = plan.empty() && differences.isEmpty();
        Map<String, String> names = new LinkedHashMap<>();
        live.entities().forEach(e -> names.put(e.id(), e.name()));
        wanted.forEach(e -> names.put(e.id(), e.name()));

        List<String> statements = new DdlWriter(tenant.schema()).sql(plan);
        PlanImpact impact = PlanImpact.of(conn, migrator, tenant, plan, live, wanted);
        JsonArray changes = new JsonArray();
        for (Change c : plan.changes()) {
            JsonObject change = new JsonObject()
                    .put("kind", c.getClass().getSimpleName())
                    .put("description", c.describe())
                    .put("dataLoss", c.dataLoss());
            if (c instanceof Change.ClearPicklistValue v) {
                long holding = impact.recordsHolding(v);
                change.put("records", holding).put("dataLoss", holding > 0);
            }
            changes.add(change);
        }
        boolean dataLoss = plan.dataLoss() || impact.cleared > 0;
        JsonObject result = new JsonObject()
                .put("dryRun", !apply)
                .put("fromVersion", live.version())
                .put("toVersion", unchanged ? live.version() : next.version())
                .put("unchanged", unchanged)
                .put("dataLoss", dataLoss)
                .put("changes", changes)
                .put("metadataChanges", MetadataChanges.json(differences, names))
                .put("statements", new JsonArray(new ArrayList<>(statements)))
                .put("conversions", impact.conversions)
                .put("clearedValues", impact.clearedValues);
        if (!apply || unchanged) return result.put("applied", false);
        if (dataLoss && !req.confirmDataLoss()) throw confirmationNeeded(plan, impact, result);
        migrator.execute(conn, statements);
        AsideObjects.record(conn, tenant, live, plan, next.version());
        DeploymentRequest.Origin origin = req.origin();
        conn.preparedQuery("INSERT INTO atrium.metadata_versions (tenant_id, version, documents, checksum, plan,"
                        + " statements, deployed_by, package_id, package_version, package_action)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(java.util.Arrays.asList(
                        tenant.id(),
                        next.version(),
                        docs,
                        MetadataStore.checksum(docs),
                        changes,
                        new JsonArray(new ArrayList<>(statements)),
                        req.actor(),
                        origin == null ? null : origin.packageId(),
                        origin == null ? null : origin.version(),
                        origin == null ? null : origin.action())))
                .await();
        conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(MetadataRegistry.CHANNEL, registry.notice(tenant.id(), next.version())))
                .await();
        JsonObject detail = new JsonObject()
                .put("fromVersion", live.version())
                .put("toVersion", next.version())
                .put("changes", changes);
        AuditLog.append(conn, tenant.id(), req.actor(), null, null, "deploy", null, null, detail);
        return result.put("applied", true);
    }

    private static ApiProblem confirmationNeeded(MigrationPlan plan, PlanImpact impact, JsonObject result) {
        List<String> what = new ArrayList<>();
        if (plan.dataLoss()) what.add("removes fields or entities, or converts values");
        if (impact.failing > 0) what.add(impact.failing + " value(s) would not convert");
        if (impact.cleared > 0) what.add("clears a removed picklist value from " + impact.cleared + " record(s)");
        return new ApiProblem(
                409,
                "confirm-data-loss",
                "Confirmation needed",
                "This deployment " + String.join("; ", what)
                        + "; review the plan and deploy again with \"confirmDataLoss\": true",
                null,
                result);
    }

    private static List<EntityDef> merge(MetadataSnapshot live, List<EntityDef> incoming, DeploymentRequest req) {
        Map<String, EntityDef> byId = new LinkedHashMap<>();
        if (!req.replace()) {
            for (EntityDef e : live.entities()) {
                if (!req.remove().contains(e.name())) byId.put(e.id(), e);
            }
        }
        for (EntityDef e : incoming) byId.put(e.id(), e);
        return new ArrayList<>(byId.values());
    }
}
